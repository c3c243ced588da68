package io.isthmus.server.store;

import io.isthmus.config.NodeRegistry;
import io.isthmus.config.RegisteredNode;
import java.time.Instant;
import java.util.List;

/** The node registry through the {@link StoreConnection}: fails fast while the store is away. */
final class AvailableNodeRegistry implements NodeRegistry {
  private final StoreConnection connection;

  AvailableNodeRegistry(StoreConnection connection) {
    this.connection = connection;
  }

  @Override
  public void heartbeat(
      String nodeId,
      List<String> regions,
      long snapshotGeneration,
      Instant startedAt,
      Instant now,
      boolean servingStale) {
    connection.call(
        store -> {
          store
              .nodeRegistry()
              .heartbeat(nodeId, regions, snapshotGeneration, startedAt, now, servingStale);
          return null;
        });
  }

  @Override
  public List<RegisteredNode> nodes() {
    return connection.call(store -> store.nodeRegistry().nodes());
  }

  @Override
  public void forget(String nodeId) {
    connection.call(
        store -> {
          store.nodeRegistry().forget(nodeId);
          return null;
        });
  }
}
