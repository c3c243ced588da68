package io.isthmus.server.health;

import io.isthmus.health.HealthMonitor;
import io.isthmus.health.HealthTable;
import io.isthmus.health.metric.MetricStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** {@link HealthService}s for tests of other packages. */
public final class HealthServices {
  private HealthServices() {}

  /** A node evaluating alone, not started: no check is probed unless the test ticks. */
  public static HealthService alone(Clock clock) {
    MetricStore metrics = new MetricStore(clock);
    HealthTable table = new HealthTable();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    HealthMetrics healthMetrics = new HealthMetrics(new SimpleMeterRegistry(), table);
    HealthMonitor monitor =
        new HealthMonitor(
            metrics, table, check -> new CompletableFuture<>(), scheduler, clock, healthMetrics);
    return new HealthService(
        monitor,
        scheduler,
        new HealthSignals(table),
        healthMetrics,
        metrics::put,
        null,
        "node-a",
        clock);
  }
}
