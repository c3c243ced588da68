package io.isthmus.health;

import static io.isthmus.health.Checks.ACCOUNT;
import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.calculated;
import static io.isthmus.health.Checks.metric;
import static io.isthmus.health.Checks.tcp;
import static io.isthmus.health.Checks.withModifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.alarm.AlarmState;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.probe.ProbeResult;
import io.isthmus.health.probe.Prober;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HealthMonitorTest extends MonitorFixture {

  // Average over one minute above 5 alarms.
  final MetricAlarm latency =
      alarm(Statistic.AVERAGE, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 5);

  void push(double value) {
    metrics.put(
        ACCOUNT, "App", "Latency", Map.of("Service", "web"), List.of(new DataPoint(null, value)));
  }

  CheckStatus status(String id) {
    return monitor.status(id).orElseThrow();
  }

  /** A prober tests script: each call takes the next future a test supplied (or succeeds). */
  static final class ScriptedProber implements Prober {
    final Map<String, List<CompletableFuture<ProbeResult>>> scripts = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    CompletableFuture<ProbeResult> next(String id) {
      CompletableFuture<ProbeResult> future = new CompletableFuture<>();
      scripts.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(future);
      return future;
    }

    void answer(String id, boolean... results) {
      for (boolean result : results) {
        next(id).complete(result ? ProbeResult.success("up") : ProbeResult.failure("refused"));
      }
    }

    @Override
    public CompletableFuture<ProbeResult> probe(HealthCheck check) {
      calls.incrementAndGet();
      List<CompletableFuture<ProbeResult>> script = scripts.get(check.id());
      if (script == null || script.isEmpty()) {
        return CompletableFuture.completedFuture(ProbeResult.success("up"));
      }
      return script.remove(0);
    }
  }

  @Nested
  class Metric {
    @Test
    void isEvaluatedAtEachPeriodBoundaryNotBefore() {
      monitor.update(List.of(metric("m", latency)));
      push(9); // breaching, in the current period [00:00, 00:01)
      monitor.tick().join();
      assertThat(status("m").alarmState()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
      assertThat(table.slot("m").healthy()).isTrue();

      clock.advanceSeconds(29); // 00:00:59, still the same period
      monitor.tick().join();
      assertThat(table.slot("m").healthy()).isTrue();

      clock.advanceSeconds(1); // 00:01:00, the period completed
      monitor.tick().join();

      assertThat(table.slot("m").healthy()).isFalse();
      CheckStatus status = status("m");
      assertThat(status.alarmState()).isEqualTo(AlarmState.ALARM);
      assertThat(status.since()).isEqualTo(clock.instant());
      assertThat(status.reason()).isEqualTo("1 of 1 period Average > 5, 0 missing");
      assertThat(transitions).containsExactly("m HEALTHY->UNHEALTHY");
    }

    @Test
    void isNotReevaluatedWithinAPeriod() {
      monitor.update(List.of(metric("m", latency)));
      clock.advanceSeconds(30); // 00:01:00
      monitor.tick().join();
      // A late point for the period just evaluated is not seen until the next boundary.
      metrics.put(
          ACCOUNT,
          "App",
          "Latency",
          Map.of("Service", "web"),
          List.of(new DataPoint(Instant.parse("2024-01-01T00:00:40Z"), 9)));
      clock.advanceSeconds(10);
      monitor.tick().join();
      assertThat(status("m").alarmState()).isEqualTo(AlarmState.INSUFFICIENT_DATA);

      monitor.evaluateNow().join(); // forced
      assertThat(status("m").alarmState()).isEqualTo(AlarmState.ALARM);
    }

    @Test
    void aNewCheckIsEvaluatedAtOnceFromDataAlreadyThere() {
      metrics.put(
          ACCOUNT,
          "App",
          "Latency",
          Map.of("Service", "web"),
          List.of(new DataPoint(Instant.parse("2024-01-01T00:00:10Z").minusSeconds(60), 9)));

      monitor.update(List.of(metric("m", latency)));

      assertThat(table.slot("m").healthy()).isFalse();
      assertThat(status("m").history()).hasSize(1);
      assertThat(transitions).isEmpty(); // a first status is not a transition
    }

    @Test
    void aNewInvertedCheckWithNoDataIsUnhealthy() {
      monitor.update(
          List.of(metric("m", latency, InsufficientData.LAST_KNOWN_STATUS, true, false)));

      assertThat(table.slot("m").healthy()).isFalse();
      assertThat(status("m").reason()).endsWith("inverted");
    }

    @Test
    void readsOnlyItsOwnAccountsMetrics() {
      metrics.put(
          "222222222222",
          "App",
          "Latency",
          Map.of("Service", "web"),
          List.of(new DataPoint(Instant.parse("2024-01-01T00:00:10Z").minusSeconds(60), 9)));

      monitor.update(List.of(metric("m", latency)));

      assertThat(status("m").alarmState()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    }

    @Test
    void theRetentionFollowsTheLongestWindow() {
      assertThat(metrics.retention()).isEqualTo(Duration.ofHours(24));
      monitor.update(
          List.of(
              metric("short", latency),
              metric(
                  "long", alarm(Statistic.SUM, 600, 5, 5, Comparison.GREATER_THAN_THRESHOLD, 1))));
      assertThat(metrics.retention()).isEqualTo(Duration.ofHours(1)); // 600 s × (5 + 1)

      monitor.update(List.of(metric("short", latency)));
      assertThat(metrics.retention()).isEqualTo(HealthMonitor.MIN_RETENTION);

      monitor.update(
          List.of(
              metric(
                  "day", alarm(Statistic.SUM, 3600, 30, 1, Comparison.GREATER_THAN_THRESHOLD, 1))));
      assertThat(metrics.retention()).isEqualTo(Duration.ofHours(24));

      monitor.update(List.of());
      assertThat(metrics.retention()).isEqualTo(Duration.ofHours(24));
    }
  }

  @Nested
  class Probes {
    @Test
    void flipAfterFailureThresholdAndRecoverAfterAsManySuccesses() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 2)));
      prober.answer("t", false, false, true, true);

      List<Boolean> healthy = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        monitor.tick().join();
        healthy.add(table.slot("t").healthy());
        clock.advanceSeconds(10);
      }

      assertThat(healthy).containsExactly(true, false, false, true);
      assertThat(transitions).containsExactly("t HEALTHY->UNHEALTHY", "t UNHEALTHY->HEALTHY");
      assertThat(status("t").history())
          .extracting(t -> t.status())
          .containsExactly(HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, HealthStatus.HEALTHY);
      assertThat(status("t").alarmState()).isNull();
    }

    @Test
    void probeEveryIntervalOnly() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));

      monitor.tick().join(); // due at once
      clock.advanceSeconds(9);
      monitor.tick().join();
      assertThat(prober.calls).hasValue(1);
      clock.advanceSeconds(1);
      monitor.tick().join();
      assertThat(prober.calls).hasValue(2);
    }

    @Test
    void atMostOneProbeInFlightPerCheck() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 1, 1)));
      CompletableFuture<ProbeResult> slow = prober.next("t");

      CompletableFuture<Void> first = monitor.tick();
      clock.advanceSeconds(5);
      monitor.tick().join();
      monitor.evaluateNow().join();
      assertThat(prober.calls).hasValue(1);
      assertThat(first).isNotDone();

      slow.complete(ProbeResult.failure("timed out"));
      assertThat(first).isDone();
      assertThat(table.slot("t").healthy()).isFalse();
      clock.advanceSeconds(1);
      monitor.tick().join();
      assertThat(prober.calls).hasValue(2);
    }

    @Test
    void aLateAnswerForAReplacedCheckIsIgnored() {
      HealthCheck check = tcp("t", "127.0.0.1", 80, 10, 1);
      monitor.update(List.of(check));
      CompletableFuture<ProbeResult> late = prober.next("t");
      monitor.tick();

      monitor.update(List.of(tcp("t", "127.0.0.1", 81, 10, 1))); // changed: restarts
      late.complete(ProbeResult.failure("refused"));

      assertThat(table.slot("t").healthy()).isTrue();
      assertThat(status("t").reason()).isEqualTo("no probe result yet");
    }

    @Test
    void aDisabledProbeCheckIsNotProbedAndHealthyOrInvertedUnhealthy() {
      monitor.update(List.of(withModifiers(tcp("t", "127.0.0.1", 80, 10, 1), false, true)));
      monitor.tick().join();
      assertThat(prober.calls).hasValue(0);
      assertThat(table.slot("t").healthy()).isTrue();

      monitor.update(List.of(withModifiers(tcp("t", "127.0.0.1", 80, 10, 1), true, true)));
      assertThat(table.slot("t").healthy()).isFalse();
      assertThat(transitions).containsExactly("t HEALTHY->UNHEALTHY");
    }

    @Test
    void aProberThatThrowsCountsAsAFailure() {
      HealthMonitor throwing =
          new HealthMonitor(
              metrics,
              table,
              check -> {
                throw new IllegalStateException("boom");
              },
              scheduler,
              clock,
              null);
      throwing.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));

      throwing.tick().join();

      assertThat(table.slot("t").healthy()).isFalse();
      assertThat(throwing.status("t").orElseThrow().reason()).contains("boom");
    }
  }

  @Nested
  class Calculated {
    void children(boolean... healthy) {
      List<HealthCheck> checks = new ArrayList<>();
      for (int i = 0; i < healthy.length; i++) {
        checks.add(tcp("c" + i, "127.0.0.1", 80, 10, 1));
        prober.answer("c" + i, healthy[i]);
      }
      checks.add(calculated("zero", 0, "c0", "c1", "c2"));
      checks.add(calculated("two", 2, "c0", "c1", "c2"));
      checks.add(calculated("four", 4, "c0", "c1", "c2"));
      monitor.update(checks);
      monitor.tick().join();
    }

    @Test
    void thresholdsZeroKAndMoreThanChildren() {
      children(true, true, true);
      assertThat(table.slot("zero").healthy()).isTrue();
      assertThat(table.slot("two").healthy()).isTrue();
      assertThat(table.slot("four").healthy()).isFalse();
      assertThat(status("four").reason()).contains("always unhealthy");
    }

    @Test
    void belowTheThreshold() {
      children(true, false, false);
      assertThat(table.slot("zero").healthy()).isTrue();
      assertThat(table.slot("two").healthy()).isFalse();
      assertThat(status("two").reason()).isEqualTo("1 of 3 child checks healthy (threshold 2)");
    }

    @Test
    void followsAChildAtOnceWithoutATick() {
      children(true, true, false);
      assertThat(table.slot("two").healthy()).isTrue();
      CompletableFuture<ProbeResult> c1 = prober.next("c1");
      prober.answer("c2", false);
      clock.advanceSeconds(10);
      CompletableFuture<Void> probes = monitor.tick();

      assertThat(table.slot("two").healthy()).isTrue();
      c1.complete(ProbeResult.failure("refused")); // c1 flips; "two" must follow right away

      assertThat(table.slot("two").healthy()).isFalse();
      probes.join();
      assertThat(transitions).contains("c1 HEALTHY->UNHEALTHY", "two HEALTHY->UNHEALTHY");
    }

    @Test
    void aRemovedChildCountsAsUnhealthy() {
      monitor.update(
          List.of(tcp("c0", "127.0.0.1", 80, 10, 1), calculated("one", 1, "c0", "gone")));
      assertThat(table.slot("one").healthy()).isTrue();

      monitor.update(List.of(calculated("one", 1, "c0", "gone")));

      assertThat(table.slot("one").healthy()).isFalse();
    }
  }

  @Nested
  class Update {
    @Test
    void unchangedChecksKeepTheirStateAndSlot() {
      HealthCheck probe = tcp("t", "127.0.0.1", 80, 10, 1);
      monitor.update(List.of(probe));
      HealthSlot slot = table.slot("t");
      prober.answer("t", false);
      monitor.tick().join();
      CheckStatus before = status("t");
      assertThat(before.status()).isEqualTo(HealthStatus.UNHEALTHY);

      clock.advanceSeconds(3);
      // An equal (not the same) record, plus another check.
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1), metric("m", latency)));

      assertThat(table.slot("t")).isSameAs(slot);
      assertThat(slot.healthy()).isFalse();
      assertThat(status("t")).isSameAs(before);
      // The probe schedule is kept too: not due before 10 s after the last probe.
      monitor.tick().join();
      assertThat(prober.calls).hasValue(1);
    }

    @Test
    void aChangedCheckRestartsInTheSameSlot() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));
      HealthSlot slot = table.slot("t");
      prober.answer("t", false);
      monitor.tick().join();
      assertThat(slot.healthy()).isFalse();

      clock.advanceSeconds(1);
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 3)));

      assertThat(table.slot("t")).isSameAs(slot);
      assertThat(slot.healthy()).isTrue(); // starts afresh: healthy until probed
      assertThat(status("t").history()).hasSize(1);
      assertThat(status("t").since()).isEqualTo(clock.instant());
      assertThat(transitions).containsExactly("t HEALTHY->UNHEALTHY", "t UNHEALTHY->HEALTHY");
    }

    @Test
    void aSlotTakenBeforeTheCheckArrivesIsTheOneWritten() {
      HealthSlot early = table.slot("m");

      monitor.update(List.of(metric("m", latency, InsufficientData.UNHEALTHY, false, false)));

      assertThat(table.slot("m")).isSameAs(early);
      assertThat(early.healthy()).isFalse();
    }

    @Test
    void removedChecksAreDropped() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1), metric("m", latency)));

      monitor.update(List.of(metric("m", latency)));

      assertThat(monitor.status("t")).isEmpty();
      assertThat(monitor.size()).isEqualTo(1);
      assertThat(table.size()).isEqualTo(1);
      monitor.tick().join();
      assertThat(prober.calls).hasValue(0);
    }

    @Test
    void aBadListIsRefusedWhole() {
      monitor.update(List.of(metric("m", latency)));
      HealthCheck broken = metric("x", null);

      assertThatThrownBy(() -> monitor.update(List.of(metric("n", latency), broken)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> monitor.update(List.of(metric("m", latency), metric("m", latency))))
          .hasMessageContaining("twice");
      assertThat(monitor.status("m")).isPresent();
      assertThat(monitor.status("n")).isEmpty();
    }
  }

  @Test
  void startTicksOnTheScheduler() throws Exception {
    monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));
    prober.answer("t", false);

    monitor.start();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (table.slot("t").healthy() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(table.slot("t").healthy()).isFalse();
  }
}
