package io.isthmus.admin.nodes;

import io.isthmus.config.RegisteredNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A resolver node as JSON: {@code {"nodeId","regions","snapshotGeneration","lastSeen","startedAt",
 * "status","healthLeader","storeReachable","servingStale","lagVersions"}}; {@code regions} empty
 * when the node serves every region, times ISO-8601 UTC to the millisecond, {@code status} {@value
 * #LIVE} or {@value #STALE}.
 *
 * @param healthLeader the node holds the health-evaluation lease
 * @param storeReachable the node's heartbeat reached the store within the liveness window: a node
 *     that cannot reach the store cannot say so in it, so LIVE and reachable are one fact here
 * @param servingStale the node last reported answering from its last-snapshot file
 * @param lagVersions configuration versions the node's snapshot is behind the store (never below 0)
 */
record NodeJson(
    String nodeId,
    List<String> regions,
    long snapshotGeneration,
    String lastSeen,
    String startedAt,
    String status,
    boolean healthLeader,
    boolean storeReachable,
    boolean servingStale,
    long lagVersions) {
  static final String LIVE = "LIVE";
  static final String STALE = "STALE";

  /**
   * @param leader the holder of the health lease, null when none holds it
   * @param storeVersion the store's configuration version now
   */
  static NodeJson of(RegisteredNode node, Instant now, String leader, long storeVersion) {
    boolean live = node.isLive(now);
    return new NodeJson(
        node.nodeId(),
        node.regions(),
        node.snapshotGeneration(),
        millis(node.lastSeen()),
        millis(node.startedAt()),
        live ? LIVE : STALE,
        node.nodeId().equals(leader),
        live,
        node.servingStale(),
        Math.max(0, storeVersion - node.snapshotGeneration()));
  }

  private static String millis(Instant time) {
    return time.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
