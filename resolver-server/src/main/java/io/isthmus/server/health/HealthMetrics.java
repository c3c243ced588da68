package io.isthmus.server.health;

import io.isthmus.health.HealthListener;
import io.isthmus.health.HealthSlot;
import io.isthmus.health.HealthTable;
import io.isthmus.health.check.HealthStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Micrometer view of the health checks (issue "Health checks", docs/spec/health.md "Status"): a
 * gauge per check ({@code isthmus_health_check_healthy{check_id}}, 1 healthy, 0 unhealthy) and a
 * counter of transitions by the status entered ({@code isthmus_health_transitions_total{status}}),
 * so flapping shows. The check id tag is bounded by the configuration (checks are created through
 * the API, not by queries). Thread-safe.
 */
final class HealthMetrics implements HealthListener {
  private final MeterRegistry registry;
  private final HealthTable table;
  private final Map<String, Gauge> gauges = new HashMap<>(); // guarded by this
  private final Counter toHealthy;
  private final Counter toUnhealthy;

  HealthMetrics(MeterRegistry registry, HealthTable table) {
    this.registry = registry;
    this.table = table;
    this.toHealthy = transitions(HealthStatus.HEALTHY);
    this.toUnhealthy = transitions(HealthStatus.UNHEALTHY);
  }

  private Counter transitions(HealthStatus status) {
    return Counter.builder("isthmus.health.transitions")
        .description("Health check status changes, by the status entered")
        .tag("status", status.name())
        .register(registry);
  }

  @Override
  public void onTransition(String checkId, HealthStatus from, HealthStatus to, String reason) {
    (to == HealthStatus.HEALTHY ? toHealthy : toUnhealthy).increment();
  }

  /** One gauge per existing check: new checks get one, deleted checks lose theirs. */
  synchronized void track(Set<String> checkIds) {
    gauges
        .entrySet()
        .removeIf(
            entry -> {
              if (checkIds.contains(entry.getKey())) {
                return false;
              }
              registry.remove(entry.getValue());
              return true;
            });
    for (String id : checkIds) {
      if (!gauges.containsKey(id)) {
        HealthSlot slot = table.slot(id);
        gauges.put(
            id,
            Gauge.builder("isthmus.health.check.healthy", slot, s -> s.healthy() ? 1 : 0)
                .description("1 while the health check is healthy, 0 while unhealthy")
                .tag("check_id", id)
                .register(registry));
      }
    }
  }
}
