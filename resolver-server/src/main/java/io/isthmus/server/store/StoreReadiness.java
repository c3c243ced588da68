package io.isthmus.server.store;

import io.isthmus.server.snapshot.ServingState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code configuration} part of readiness: always UP once started (a node serving its
 * last-snapshot file still answers DNS, which is the point of static stability), with details that
 * say whether the configuration is stale and the store reachable. Thread-safe.
 */
final class StoreReadiness implements HealthIndicator {
  static final String STALE = "serving stale configuration";
  static final String CURRENT = "serving the store's configuration";

  private final StoreConnection connection;
  private final ServingState state;

  StoreReadiness(StoreConnection connection, ServingState state) {
    this.connection = connection;
    this.state = state;
  }

  @Override
  public Health health() {
    return Health.up()
        .withDetail("configuration", state.servingStale() ? STALE : CURRENT)
        .withDetail("storeReachable", connection.isUp())
        .build();
  }
}
