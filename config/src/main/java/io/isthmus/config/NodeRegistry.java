package io.isthmus.config;

import java.time.Instant;
import java.util.List;

/**
 * The resolver nodes sharing a configuration store, each reporting which configuration version it
 * serves: what tells a change PENDING from INSYNC across nodes (docs/spec/resolution.md section 8)
 * and what {@code GET /v1/nodes} lists.
 *
 * <p>Heartbeats are not configuration: they neither bump the configuration version, nor wait for
 * configuration writers, nor wake the store's listeners, so a beat every second from every node
 * never causes a snapshot to be rebuilt. Thread-safe.
 */
public interface NodeRegistry {

  /**
   * Registers the node or refreshes its row: its regions (empty = all), the configuration version
   * of the snapshot it serves, when it started and the time of this beat. Call it at start and
   * about once a second, and after each snapshot swap so that changes turn INSYNC promptly.
   *
   * @param servingStale whether the node serves from its local snapshot file because it could not
   *     load the configuration from the store
   * @throws StoreException if the database cannot be reached (the node keeps serving; try again)
   */
  void heartbeat(
      String nodeId,
      List<String> regions,
      long snapshotGeneration,
      Instant startedAt,
      Instant now,
      boolean servingStale);

  /** A {@link #heartbeat(String, List, long, Instant, Instant, boolean) heartbeat} not stale. */
  default void heartbeat(
      String nodeId,
      List<String> regions,
      long snapshotGeneration,
      Instant startedAt,
      Instant now) {
    heartbeat(nodeId, regions, snapshotGeneration, startedAt, now, false);
  }

  /** Every registered node, live or not, in node id order. */
  List<RegisteredNode> nodes();

  /**
   * Removes a node, for instance when it shuts down cleanly, so that it neither shows as STALE nor
   * is waited for. Does nothing if it is not registered.
   */
  void forget(String nodeId);
}
