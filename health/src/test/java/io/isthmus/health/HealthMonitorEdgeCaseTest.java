package io.isthmus.health;

import static io.isthmus.health.Checks.ACCOUNT;
import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.calculated;
import static io.isthmus.health.Checks.http;
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
import io.isthmus.health.check.Observation;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.probe.ProbeResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The monitor's housekeeping and the cases between the main paths: eviction timing, removed checks,
 * HTTP(S) hysteresis, CALCULATED checks naming CALCULATED checks.
 */
class HealthMonitorEdgeCaseTest extends MonitorFixture {
  static final Comparison ABOVE = Comparison.GREATER_THAN_THRESHOLD;

  @Nested
  class Eviction {
    /** A point that expires 10 s after the clock's now (the retention is 24 h without alarms). */
    void pushAPointExpiringIn10Seconds() {
      metrics.put(
          ACCOUNT,
          "App",
          "Latency",
          Map.of(),
          List.of(
              new DataPoint(clock.instant().minus(MetricStore.MAX_RETENTION).plusSeconds(10), 1)));
    }

    @Test
    void aTickEvictsExpiredPointsAtMostOncePerInterval() {
      pushAPointExpiringIn10Seconds();
      monitor.tick().join(); // evicts (nothing yet); the next eviction is due in one minute
      assertThat(metrics.pointCount()).isEqualTo(1);

      clock.advanceSeconds(59); // expired 49 s ago, but not due
      monitor.tick().join();
      assertThat(metrics.pointCount()).isEqualTo(1);

      clock.advanceSeconds(1); // exactly one interval later
      monitor.tick().join();
      assertThat(metrics.pointCount()).isZero();
      assertThat(metrics.seriesCount()).isZero();
    }

    @Test
    void maintainEvictsWithoutEvaluatingAnything() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));
      pushAPointExpiringIn10Seconds();
      monitor.maintain();
      clock.advance(HealthMonitor.EVICTION_INTERVAL);

      monitor.maintain();

      assertThat(metrics.pointCount()).isZero();
      assertThat(prober.calls).hasValue(0);
    }
  }

  @Nested
  class RemovedChecks {
    @Test
    void theSlotAZoneStillHoldsReadsHealthy() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));
      HealthSlot held = monitor.table().slot("t");
      prober.answer("t", false);
      monitor.tick().join();
      assertThat(held.healthy()).isFalse();

      monitor.update(List.of());

      assertThat(held.healthy()).isTrue();
      assertThat(monitor.table()).isSameAs(table);
      assertThat(table.size()).isZero();
    }

    @Test
    void aProbeAnsweringAfterRemovalChangesNothing() {
      monitor.update(List.of(tcp("t", "127.0.0.1", 80, 10, 1)));
      HealthSlot held = table.slot("t");
      CompletableFuture<ProbeResult> late = prober.next("t");
      CompletableFuture<Void> probes = monitor.tick();

      monitor.update(List.of());
      late.complete(ProbeResult.failure("refused"));

      assertThat(probes).isDone();
      assertThat(held.healthy()).isTrue();
      assertThat(transitions).isEmpty();
    }
  }

  @Test
  void httpAndHttpsChecksCountFailuresTowardsTheirThreshold() {
    monitor.update(
        List.of(http("h", "http://127.0.0.1/", null, 1), http("s", "https://127.0.0.1/", null, 1)));
    prober.answer("h", false);
    prober.answer("s", false);

    monitor.tick().join();

    assertThat(table.slot("h").healthy()).isFalse();
    assertThat(table.slot("s").healthy()).isFalse();
    assertThat(transitions)
        .containsExactlyInAnyOrder("h HEALTHY->UNHEALTHY", "s HEALTHY->UNHEALTHY");
  }

  @Test
  void anHttpCheckWithoutATargetOrUrlIsRefused() {
    for (HealthCheck.HttpTarget target :
        new HealthCheck.HttpTarget[] {null, new HealthCheck.HttpTarget(null, null)}) {
      HealthCheck broken =
          new HealthCheck(
              "h",
              ACCOUNT,
              HealthCheck.Type.HTTP,
              null,
              null,
              target,
              null,
              30,
              3,
              InsufficientData.LAST_KNOWN_STATUS,
              false,
              false);

      assertThatThrownBy(() -> monitor.update(List.of(broken)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("health check h lacks the settings of type HTTP");
    }
    assertThat(monitor.size()).isZero();
  }

  @Nested
  class CalculatedOfCalculated {
    @Test
    void aParentOfACalculatedChildFollowsItAtTheNextTick() {
      monitor.update(
          List.of(
              tcp("t", "127.0.0.1", 80, 10, 1), calculated("c", 1, "t"), calculated("p", 1, "c")));
      assertThat(table.slot("p").healthy()).isTrue();
      prober.answer("t", false);

      monitor.tick().join(); // t and then c change at once
      monitor.tick().join(); // p, whose child is not a leaf, at the latest now

      assertThat(table.slot("c").healthy()).isFalse();
      assertThat(table.slot("p").healthy()).isFalse();
    }

    @Test
    void aCycleIsEvaluatedOncePerTickNotRecursively() {
      // a is the inverse of b and b follows a: every evaluation flips one of them.
      monitor.update(
          List.of(withModifiers(calculated("a", 1, "b"), true, false), calculated("b", 1, "a")));
      transitions.clear();

      monitor.tick().join();

      assertThat(transitions).hasSizeLessThanOrEqualTo(2);
      assertThat(monitor.size()).isEqualTo(2);
    }
  }

  @Test
  void theRetentionIsClampedToFiveMinutesAnd24Hours() {
    // 60 s × (4 + 1): exactly the minimum; 3600 s × (23 + 1): exactly the maximum.
    assertThat(
            HealthMonitor.retentionFor(List.of(running(alarm(Statistic.SUM, 60, 4, 1, ABOVE, 1)))))
        .isEqualTo(HealthMonitor.MIN_RETENTION);
    assertThat(
            HealthMonitor.retentionFor(
                List.of(running(alarm(Statistic.SUM, 3600, 23, 1, ABOVE, 1)))))
        .isEqualTo(MetricStore.MAX_RETENTION);
  }

  MonitoredCheck running(MetricAlarm alarm) {
    return new MonitoredCheck(
        metric("m", alarm), new HealthSlot(), Observation.healthy("ok"), clock.instant());
  }
}
