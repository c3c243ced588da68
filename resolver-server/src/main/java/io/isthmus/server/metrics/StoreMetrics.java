package io.isthmus.server.metrics;

import io.isthmus.server.snapshot.ServingState;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * Gauges of the node's configuration against its store, read at scrape time: {@code
 * isthmus.config.version} (the version served, -1 before the first), {@code
 * isthmus.config.refresh.age.seconds} (since the node last confirmed it serves the store's version;
 * NaN before), {@code isthmus.store.up} (1 when the last use of the store reached it), {@code
 * isthmus.config.serving.stale} (1 while serving the last-snapshot file) and {@code
 * isthmus.health.leader} (1 while the node holds the cluster's health lease). Stateless.
 */
public final class StoreMetrics {
  private StoreMetrics() {}

  public static void bind(
      MeterRegistry registry,
      SnapshotHolder holder,
      ServingState state,
      BooleanSupplier storeUp,
      BooleanSupplier healthLeader) {
    Gauge.builder("isthmus.config.version", holder, SnapshotHolder::version)
        .description("The configuration version served, -1 before the first")
        .strongReference(true)
        .register(registry);
    Gauge.builder("isthmus.config.refresh.age.seconds", state, ServingState::refreshAgeSeconds)
        .description("Seconds since the node last confirmed it serves the store's version")
        .strongReference(true)
        .register(registry);
    Gauge.builder("isthmus.store.up", storeUp, up -> up.getAsBoolean() ? 1 : 0)
        .description("1 when the configuration store was reached by its last use, else 0")
        .strongReference(true)
        .register(registry);
    Gauge.builder("isthmus.config.serving.stale", state, s -> s.servingStale() ? 1 : 0)
        .description("1 while the node serves its last-snapshot file because the store is away")
        .strongReference(true)
        .register(registry);
    Gauge.builder("isthmus.health.leader", healthLeader, leader -> leader.getAsBoolean() ? 1 : 0)
        .description("1 while this node holds the health lease and evaluates the checks, else 0")
        .strongReference(true)
        .register(registry);
  }
}
