package io.isthmus.health;

import static io.isthmus.health.Checks.ACCOUNT;
import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.calculated;
import static io.isthmus.health.Checks.metric;
import static io.isthmus.health.Checks.tcp;
import static io.isthmus.health.Checks.withModifiers;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.HealthMonitorTest.ScriptedProber;
import io.isthmus.health.alarm.AlarmState;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Transition;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Statuses decided by another node: a follower applies the leader's, a node taking the lead resumes
 * from them. Two monitors stand for two nodes (each its own metric store, table and prober).
 */
class HealthMonitorAdoptTest {
  final FakeClock clock = FakeClock.at("2024-01-01T00:00:30Z");
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final Node leader = new Node();
  final Node next = new Node();

  final MetricAlarm latency =
      alarm(Statistic.AVERAGE, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 5);

  final class Node {
    final MetricStore metrics = new MetricStore(clock);
    final HealthTable table = new HealthTable();
    final ScriptedProber prober = new ScriptedProber();
    final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    final HealthMonitor monitor =
        new HealthMonitor(
            metrics,
            table,
            prober,
            scheduler,
            clock,
            (id, from, to, reason) -> transitions.add(id + " " + from + "->" + to));

    CheckStatus status(String id) {
      return monitor.status(id).orElseThrow();
    }

    void push(double value) {
      metrics.put(
          ACCOUNT,
          "App",
          "Latency",
          Map.of("Service", "web"),
          List.of(new DataPoint(clock.instant(), value)));
    }
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void anAdoptedStatusIsTakenWholeWrittenToTheSlotAndCountedAsATransition() {
    leader.monitor.update(List.of(tcp("t", "127.0.0.1", 1, 10, 1)));
    next.monitor.update(List.of(tcp("t", "127.0.0.1", 1, 10, 1)));
    leader.prober.answer("t", false);
    leader.monitor.tick().join();
    CheckStatus decided = leader.status("t");
    assertThat(decided.healthy()).isFalse();

    assertThat(next.monitor.adopt(List.of(decided))).containsExactly("t");

    assertThat(next.status("t")).isEqualTo(decided);
    assertThat(next.table.slot("t").healthy()).isFalse();
    assertThat(next.transitions).containsExactly("t HEALTHY->UNHEALTHY");
  }

  @Test
  void theSameStatusAgainIsNotAdoptedAgain() {
    leader.monitor.update(List.of(tcp("t", "127.0.0.1", 1, 10, 1)));
    next.monitor.update(List.of(tcp("t", "127.0.0.1", 1, 10, 1)));
    leader.prober.answer("t", false);
    leader.monitor.tick().join();
    next.monitor.adopt(leader.monitor.statuses());

    assertThat(next.monitor.adopt(leader.monitor.statuses())).isEmpty();
    assertThat(next.transitions).hasSize(1);
  }

  @Test
  void aStatusThatDiffersOnlyInItsReasonIsAdoptedWithoutATransition() {
    next.monitor.update(List.of(tcp("t", "127.0.0.1", 1, 10, 1)));
    CheckStatus mine = next.status("t");
    CheckStatus reworded =
        new CheckStatus(
            "t", mine.status(), null, mine.since(), "connected in 2 ms", mine.history());

    assertThat(next.monitor.adopt(List.of(reworded))).containsExactly("t");
    assertThat(next.status("t").reason()).isEqualTo("connected in 2 ms");
    assertThat(next.transitions).isEmpty();
  }

  @Test
  void statusesOfChecksNotRunningHereAreIgnored() {
    next.monitor.update(List.of(tcp("t", "127.0.0.1", 1, 10, 1)));
    CheckStatus unknown =
        new CheckStatus(
            "gone",
            HealthStatus.UNHEALTHY,
            null,
            clock.instant(),
            "r",
            List.of(new Transition(clock.instant(), HealthStatus.UNHEALTHY, "r")));

    assertThat(next.monitor.adopt(List.of(unknown))).isEmpty();
    assertThat(next.monitor.status("gone")).isEmpty();
    assertThat(next.monitor.size()).isEqualTo(1);
  }

  @Test
  void aProbeTakeoverKeepsTheStatusUntilTheThresholdIsReachedAgain() {
    HealthCheck check = tcp("t", "127.0.0.1", 1, 10, 3);
    leader.monitor.update(List.of(check));
    next.monitor.update(List.of(check));
    leader.prober.answer("t", false, false, false);
    for (int i = 0; i < 3; i++) {
      leader.monitor.evaluateNow().join();
    }
    assertThat(leader.status("t").healthy()).isFalse();

    // The leader dies; the next one resumes from what it saved.
    next.monitor.adopt(leader.monitor.statuses());
    next.prober.answer("t", true, true);
    next.monitor.evaluateNow().join();
    next.monitor.evaluateNow().join();

    assertThat(next.status("t").healthy()).isFalse(); // 2 successes of 3: no flip
    assertThat(next.status("t").reason()).startsWith("success 2 of 3");
    next.prober.answer("t", true);
    next.monitor.evaluateNow().join();
    assertThat(next.status("t").healthy()).isTrue();
    // The history goes on from the leader's: initial, unhealthy, healthy.
    assertThat(next.status("t").history())
        .extracting(Transition::status)
        .containsExactly(HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, HealthStatus.HEALTHY);
    assertThat(next.table.slot("t").healthy()).isTrue();
  }

  @Test
  void anInvertedProbeResumesFromItsStatusBeforeInversion() {
    HealthCheck check = withModifiers(tcp("t", "127.0.0.1", 1, 10, 1), true, false);
    leader.monitor.update(List.of(check));
    next.monitor.update(List.of(check));
    assertThat(leader.status("t").healthy()).isFalse(); // probes succeed: inverted, unhealthy
    next.monitor.adopt(leader.monitor.statuses());

    next.prober.answer("t", false);
    next.monitor.evaluateNow().join();

    assertThat(next.status("t").healthy()).isTrue();
  }

  @Test
  void aDisabledProbeResumesHealthyUnderneath() {
    HealthCheck check = withModifiers(tcp("t", "127.0.0.1", 1, 10, 1), true, true);
    next.monitor.update(List.of(check));
    CheckStatus mine = next.status("t");
    next.monitor.adopt(
        List.of(
            new CheckStatus("t", mine.status(), null, mine.since(), "taken over", mine.history())));

    // Disabled checks send no probes; the status (disabled, inverted: unhealthy) stands.
    next.monitor.evaluateNow().join();
    assertThat(next.prober.calls).hasValue(0);
    assertThat(next.status("t").healthy()).isFalse();
  }

  @Test
  void aMetricTakeoverWithoutDataKeepsTheAlarm() {
    HealthCheck check = metric("m", latency);
    leader.monitor.update(List.of(check));
    next.monitor.update(List.of(check));
    leader.push(9);
    clock.advanceSeconds(30); // 00:01:00: the breaching period completed
    leader.monitor.tick().join();
    assertThat(leader.status("m").alarmState()).isEqualTo(AlarmState.ALARM);

    next.monitor.adopt(leader.monitor.statuses());
    clock.advanceSeconds(60); // the new leader has no data for the next period
    next.monitor.tick().join();

    CheckStatus status = next.status("m");
    assertThat(status.alarmState()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(status.healthy()).isFalse();
    assertThat(status.since()).isEqualTo(leader.status("m").since());
    assertThat(next.transitions).containsExactly("m HEALTHY->UNHEALTHY"); // the adoption only
  }

  @Test
  void aProbeAnswerInFlightForTheReplacedStateIsIgnored() {
    HealthCheck check = tcp("t", "127.0.0.1", 1, 10, 1);
    next.monitor.update(List.of(check));
    CompletableFuture<ProbeResult> inFlight = next.prober.next("t");
    CompletableFuture<Void> probe = next.monitor.evaluateNow();
    CheckStatus mine = next.status("t");
    next.monitor.adopt(
        List.of(
            new CheckStatus("t", mine.status(), null, mine.since(), "adopted", mine.history())));

    inFlight.complete(ProbeResult.failure("refused"));
    probe.join();

    assertThat(next.status("t").healthy()).isTrue();
    assertThat(next.status("t").reason()).isEqualTo("adopted");
    assertThat(next.table.slot("t").healthy()).isTrue();
  }

  @Test
  void adoptedChildrenDoNotReevaluateTheirParentsWhoseStatusComesAlong() {
    next.monitor.update(List.of(tcp("a", "127.0.0.1", 1, 10, 1), calculated("c", 1, "a")));
    CheckStatus child = next.status("a");
    Instant at = clock.instant().plusSeconds(1);
    CheckStatus down =
        new CheckStatus(
            "a",
            HealthStatus.UNHEALTHY,
            null,
            at,
            "refused",
            List.of(child.history().get(0), new Transition(at, HealthStatus.UNHEALTHY, "refused")));

    next.monitor.adopt(List.of(down));

    assertThat(next.status("c").healthy()).isTrue(); // until the leader's "c" arrives
    assertThat(next.transitions).containsExactly("a HEALTHY->UNHEALTHY");
  }

  @Test
  void statusesListsEveryRunningCheck() {
    next.monitor.update(List.of(tcp("a", "127.0.0.1", 1, 10, 1), metric("m", latency)));

    assertThat(next.monitor.statuses())
        .extracting(CheckStatus::checkId)
        .containsExactlyInAnyOrder("a", "m");
  }

  @Test
  void maintainEvictsExpiredPointsWithoutEvaluating() {
    next.monitor.update(List.of(metric("m", latency)));
    next.push(9);
    CheckStatus before = next.status("m");
    clock.advance(HealthMonitor.MIN_RETENTION.plus(Duration.ofMinutes(1)));

    next.monitor.maintain();

    assertThat(next.metrics.seriesCount()).isZero();
    assertThat(next.status("m")).isEqualTo(before);
  }
}
