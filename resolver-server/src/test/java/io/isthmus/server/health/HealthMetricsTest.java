package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.health.HealthTable;
import io.isthmus.health.check.HealthStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The health meters: a transition counter per status entered, one gauge per existing check. */
class HealthMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HealthMetrics metrics = new HealthMetrics(registry, new HealthTable());

  private double transitionsTo(HealthStatus status) {
    return registry
        .get("isthmus.health.transitions")
        .tag("status", status.name())
        .counter()
        .count();
  }

  @Test
  void transitionsAreCountedByTheStatusEntered() {
    metrics.onTransition("a", HealthStatus.HEALTHY, HealthStatus.UNHEALTHY, "refused");
    metrics.onTransition("a", HealthStatus.UNHEALTHY, HealthStatus.UNHEALTHY, "refused");
    metrics.onTransition("a", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, "connected");

    assertThat(transitionsTo(HealthStatus.UNHEALTHY)).isEqualTo(2);
    assertThat(transitionsTo(HealthStatus.HEALTHY)).isEqualTo(1);
  }

  private Gauge gauge(String checkId) {
    return registry.find("isthmus.health.check.healthy").tag("check_id", checkId).gauge();
  }

  @Test
  void eachExistingCheckHasOneGaugeAndADeletedCheckLosesIt() {
    metrics.track(Set.of("a", "b"));
    Gauge b = gauge("b");

    assertThat(gauge("a").value()).isEqualTo(1.0); // a check not evaluated yet is healthy
    assertThat(b.value()).isEqualTo(1.0);

    metrics.track(Set.of("b", "c"));
    assertThat(gauge("a")).isNull();
    assertThat(gauge("b")).isSameAs(b);
    assertThat(gauge("c")).isNotNull();
    assertThat(registry.find("isthmus.health.check.healthy").gauges()).hasSize(2);
  }

  @Test
  void aCheckCreatedAgainAfterItsDeletionGetsAGaugeAgain() {
    metrics.track(Set.of("a", "b"));
    metrics.track(Set.of("b"));
    assertThat(gauge("a")).isNull();

    metrics.track(Set.of("a", "b"));

    assertThat(gauge("a")).isNotNull();
    assertThat(registry.find("isthmus.health.check.healthy").gauges()).hasSize(2);
  }
}
