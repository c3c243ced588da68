package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.StoredMetricPoint;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Transition;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes on shared in-memory stores: who evaluates, who follows, and what each answers. */
class ClusterHealthTest {
  final TestClock clock = new TestClock("2024-01-01T00:00:30Z");
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final InMemoryMetricPointStore points = new InMemoryMetricPointStore();
  final InMemoryHealthStatusStore statuses = new InMemoryHealthStatusStore();
  final InMemoryLeaseStore leases = new InMemoryLeaseStore(clock);
  final ClusterNode a = node("a");
  final ClusterNode b = node("b");

  static final HealthCheck T = tcp("t", 3);

  ClusterNode node(String id) {
    return new ClusterNode(id, clock, scheduler, points, statuses, leases);
  }

  static HealthCheck tcp(String id, int failureThreshold) {
    return new HealthCheck(
        id,
        "111111111111",
        HealthCheck.Type.TCP,
        null,
        new HealthCheck.TcpTarget("127.0.0.1", 1),
        null,
        null,
        10,
        failureThreshold,
        HealthCheck.InsufficientData.LAST_KNOWN_STATUS,
        false,
        false);
  }

  static HealthCheck metric(String id) {
    return new HealthCheck(
        id,
        "111111111111",
        HealthCheck.Type.METRIC,
        new HealthCheck.MetricAlarm(
            "App",
            "Latency",
            Map.of(),
            HealthCheck.Statistic.AVERAGE,
            60,
            1,
            1,
            HealthCheck.Comparison.GREATER_THAN_THRESHOLD,
            5),
        null,
        null,
        null,
        10,
        3,
        HealthCheck.InsufficientData.LAST_KNOWN_STATUS,
        false,
        false);
  }

  /** Both nodes tick, a first; then the clock moves one tick on. */
  void tickBoth() {
    a.cluster.tick();
    b.cluster.tick();
    clock.advance(Duration.ofSeconds(1));
  }

  /** a leads with "t" unhealthy (three failed probes), b follows. */
  void aLeadsWithTUnhealthy() {
    a.configure(T);
    b.configure(T);
    a.prober.answer("t", false, false, false);
    for (int i = 0; i < 10; i++) {
      tickBoth(); // probes every 10 s
    }
    tickBoth();
    for (int i = 0; i < 20; i++) {
      tickBoth();
    }
    assertThat(a.status("t").healthy()).isFalse();
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void aSingleNodeAlwaysLeadsAndSavesWhatItDecided() {
    a.configure(T);
    a.prober.answer("t", false, false, false);
    for (int i = 0; i < 21; i++) {
      a.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
      assertThat(a.cluster.leading()).isTrue();
    }

    assertThat(a.healthy("t")).isFalse();
    StoredHealthStatus stored = statuses.get("t");
    assertThat(stored.healthy()).isFalse();
    assertThat(stored.evaluatedBy()).isEqualTo("a");
    assertThat(StoredStatuses.fromStored(stored)).isEqualTo(a.status("t"));
  }

  @Test
  void onlyTheLeaderProbesAndTheFollowerAnswersTheSame() {
    aLeadsWithTUnhealthy();

    assertThat(a.cluster.leading()).isTrue();
    assertThat(b.cluster.leading()).isFalse();
    assertThat(b.prober.calls).hasValue(0);
    assertThat(b.healthy("t")).isFalse();
    assertThat(b.status("t")).isEqualTo(a.status("t"));
    assertThat(b.transitions).containsExactly("t HEALTHY->UNHEALTHY");
  }

  @Test
  void aNotificationAppliesTheLeadersStatusesBeforeTheNextTick() {
    a.configure(T);
    b.configure(T);
    tickBoth();
    a.prober.answer("t", false, false, false);
    for (int i = 0; i < 30; i++) {
      a.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(b.healthy("t")).isTrue();

    b.cluster.statusesChanged();

    assertThat(b.healthy("t")).isFalse();
  }

  @Test
  void aNotificationDoesNotOverwriteTheLeadersOwnStatuses() {
    aLeadsWithTUnhealthy();
    CheckStatus mine = a.status("t");
    statuses.save(
        List.of(
            StoredStatuses.toStored(
                new CheckStatus(
                    "t", HealthStatus.HEALTHY, null, clock.instant(), "forged", mine.history()),
                "x",
                clock.instant())));

    a.cluster.statusesChanged();

    assertThat(a.status("t")).isEqualTo(mine);
  }

  @Test
  void aTakeoverKeepsTheStatusAndItsHistory() {
    aLeadsWithTUnhealthy();
    CheckStatus before = a.status("t");

    // a dies (kill -9: no release). b takes over once the lease expired.
    Instant died = clock.instant();
    b.prober.answer("t", true, true);
    while (!b.cluster.leading()) {
      b.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
    }
    Duration takeover = Duration.between(died, clock.instant());
    assertThat(takeover).isLessThanOrEqualTo(HealthLease.TTL.plusSeconds(1));
    assertThat(b.status("t")).isEqualTo(before);

    // Two successes of three: still unhealthy; then the third flips it, on b, once.
    for (int i = 0; i < 11; i++) {
      b.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(b.prober.calls).hasValue(2);
    assertThat(b.healthy("t")).isFalse();
    assertThat(statuses.get("t").evaluatedBy()).isEqualTo("b");
    for (int i = 0; i < 10; i++) {
      b.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(b.healthy("t")).isTrue();
    assertThat(b.status("t").history())
        .extracting(Transition::status)
        .containsExactly(HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, HealthStatus.HEALTHY);
  }

  @Test
  void noOneTakesOverBeforeTheLeaseExpires() {
    aLeadsWithTUnhealthy();
    for (int i = 0; i < HealthLease.TTL.toSeconds() - 1; i++) {
      b.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(b.cluster.leading()).isFalse();
    a.cluster.tick(); // a renews in time
    clock.advance(Duration.ofSeconds(1));
    b.cluster.tick();
    assertThat(b.cluster.leading()).isFalse();
  }

  @Test
  void aStoppedLeaderHandsOverAtOnce() {
    aLeadsWithTUnhealthy();

    a.cluster.stop();
    b.cluster.tick();

    assertThat(a.cluster.leading()).isFalse();
    assertThat(b.cluster.leading()).isTrue();
    assertThat(b.healthy("t")).isFalse();
  }

  @Test
  void aLeaderCutOffFromTheStoreStepsDownAtItsLastExpiryAndKeepsItsStatuses() {
    aLeadsWithTUnhealthy();
    int probes = a.prober.calls.get();
    leases.failing = true;
    statuses.failing = true;
    points.failing = true;

    for (int i = 0; i < HealthLease.TTL.toSeconds() - 1; i++) {
      a.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
      assertThat(a.cluster.leading()).isTrue();
    }
    a.cluster.tick();
    assertThat(a.cluster.leading()).isFalse();
    for (int i = 0; i < 30; i++) {
      a.cluster.tick(); // never throws
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(a.prober.calls.get()).isLessThanOrEqualTo(probes + 1);
    assertThat(a.healthy("t")).isFalse();
    assertThat(b.healthy("t")).isFalse();
  }

  @Test
  void aFollowerKeepsItsLastStatusesWhileTheStoreIsAwayAndCatchesUpAfter() {
    aLeadsWithTUnhealthy();
    statuses.failing = true;
    b.cluster.tick();
    b.cluster.statusesChanged();
    assertThat(b.healthy("t")).isFalse();

    statuses.failing = false;
    a.prober.answer("t", true, true, true);
    for (int i = 0; i < 31; i++) {
      tickBoth();
    }
    assertThat(a.healthy("t")).isTrue();
    assertThat(b.healthy("t")).isTrue();
  }

  @Test
  void aFailedSaveIsRetriedAtTheNextTick() {
    a.configure(T);
    a.cluster.tick();
    statuses.failing = true;
    a.prober.answer("t", false, false, false);
    for (int i = 0; i < 30; i++) {
      clock.advance(Duration.ofSeconds(1));
      a.cluster.tick();
    }
    assertThat(a.healthy("t")).isFalse();
    assertThat(statuses.get("t").healthy()).isTrue();

    statuses.failing = false;
    a.cluster.tick();

    assertThat(statuses.get("t").healthy()).isFalse();
  }

  @Test
  void onlyChangedStatusesAreSavedAndAllOfThemNowAndThen() {
    a.configure(T, tcp("u", 3));
    a.cluster.tick(); // the first leader tick saves both
    assertThat(statuses.saves).hasSize(1);
    assertThat(statuses.saves.get(0)).hasSize(2);
    for (int i = 2; i < ClusterHealth.FULL_SAVE_TICKS; i++) {
      clock.advance(Duration.ofMillis(100)); // no probe due: nothing changes
      a.cluster.tick();
    }
    assertThat(statuses.saves).hasSize(1);

    clock.advance(Duration.ofMillis(100));
    a.cluster.tick();

    assertThat(statuses.saves).hasSize(2);
    assertThat(statuses.saves.get(1)).hasSize(2);
  }

  @Test
  void aTakeoverThatCannotReadTheStatusesWaitsForThem() {
    a.configure(T);
    statuses.failing = true;

    a.cluster.tick();

    assertThat(a.cluster.leading()).isFalse();
    assertThat(a.prober.calls).hasValue(0);
    statuses.failing = false;
    a.cluster.tick();
    assertThat(a.cluster.leading()).isTrue();
  }

  @Test
  void aLeaderWhoseConfigurationArrivesLateStartsFromTheStoredStatuses() {
    aLeadsWithTUnhealthy();
    ClusterNode c = node("c"); // a fresh node, its configuration not loaded yet
    a.cluster.stop();

    c.cluster.tick();
    assertThat(c.cluster.leading()).isTrue();
    assertThat(statuses.get("t")).isNotNull(); // not deleted for want of a configuration

    c.configure(T);

    assertThat(c.healthy("t")).isFalse();
    assertThat(c.status("t")).isEqualTo(a.status("t"));
    assertThat(c.transitions).containsExactly("t HEALTHY->UNHEALTHY");
  }

  @Test
  void aFollowerWhoseConfigurationArrivesLateStartsFromTheStoredStatuses() {
    aLeadsWithTUnhealthy();
    ClusterNode c = node("c");
    c.cluster.tick();
    assertThat(c.cluster.leading()).isFalse();

    c.configure(T);

    assertThat(c.healthy("t")).isFalse();
  }

  @Test
  void aChangedCheckIsNotResetToItsOldStatus() {
    aLeadsWithTUnhealthy();
    HealthCheck changed = tcp("t", 1);

    a.configure(changed);
    b.configure(changed);

    // Both restart it (healthy until probed): the old status is not adopted again.
    assertThat(a.healthy("t")).isTrue();
    assertThat(b.healthy("t")).isTrue();
  }

  @Test
  void statusesOfDeletedChecksLeaveTheStore() {
    a.configure(T, tcp("u", 3));
    a.cluster.tick();
    assertThat(statuses.statuses()).hasSize(2);

    a.configure(T);
    a.cluster.tick();

    assertThat(statuses.statuses()).extracting(StoredHealthStatus::checkId).containsExactly("t");
  }

  @Test
  void aStoredStatusThisVersionCannotReadLeavesTheLastStatusesInPlace() {
    aLeadsWithTUnhealthy();
    StoredHealthStatus good = statuses.get("t");
    statuses.save(
        List.of(
            new StoredHealthStatus(
                "t",
                true,
                "SOMETHING_NEW",
                good.since(),
                "r",
                good.history(),
                "x",
                good.evaluatedAt())));

    b.cluster.tick();
    b.cluster.statusesChanged();

    assertThat(b.healthy("t")).isFalse();
  }

  @Test
  void aPointPostedToOneNodeReachesTheOtherAtItsNextTick() {
    a.configure(metric("m"));
    b.configure(metric("m"));
    b.shared.put("111111111111", "App", "Latency", Map.of(), List.of(new DataPoint(null, 9)));

    assertThat(b.metrics.seriesCount()).isEqualTo(1); // visible at once where it was posted
    assertThat(a.metrics.seriesCount()).isZero();
    a.cluster.tick();
    assertThat(a.metrics.seriesCount()).isEqualTo(1);

    // a evaluates at the next period boundary (00:01:00) and b follows.
    clock.advance(Duration.ofSeconds(30));
    a.cluster.tick();
    b.cluster.tick();
    assertThat(a.healthy("m")).isFalse();
    assertThat(b.healthy("m")).isFalse();
  }

  @Test
  void theLeaderDeletesExpiredPointsOnceAMinute() {
    a.cluster.tick(); // a leads; its first sweep finds nothing
    points.append(List.of(expiredPoint()));

    b.cluster.tick(); // a follower does not delete
    assertThat(points.size()).isEqualTo(1);
    clock.advance(ClusterHealth.RETENTION_SWEEP.minusSeconds(1));
    a.cluster.tick();
    assertThat(points.size()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    a.cluster.tick();
    assertThat(points.size()).isZero();
  }

  StoredMetricPoint expiredPoint() {
    return new StoredMetricPoint(
        0,
        "111111111111",
        "App",
        "Latency",
        Map.of(),
        clock.instant().minus(MetricStore.MAX_RETENTION).minusSeconds(1),
        1);
  }

  @Test
  void aTickSurvivesEveryStoreFailingAtOnce() {
    a.configure(T);
    points.failing = true;
    statuses.failing = true;
    leases.failing = true;

    a.cluster.tick();
    a.cluster.statusesChanged();

    assertThat(a.cluster.leading()).isFalse();
    points.failing = false;
    statuses.failing = false;
    leases.failing = false;
    a.cluster.tick();
    assertThat(a.cluster.leading()).isTrue();
  }
}
