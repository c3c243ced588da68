package io.isthmus.admin.nodes;

import io.isthmus.config.RegisteredNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A resolver node as JSON: {@code {"nodeId","regions","snapshotGeneration","lastSeen","startedAt",
 * "status"}}; {@code regions} empty when the node serves every region, times ISO-8601 UTC to the
 * millisecond, {@code status} {@value #LIVE} or {@value #STALE}.
 */
record NodeJson(
    String nodeId,
    List<String> regions,
    long snapshotGeneration,
    String lastSeen,
    String startedAt,
    String status) {
  static final String LIVE = "LIVE";
  static final String STALE = "STALE";

  static NodeJson of(RegisteredNode node, Instant now) {
    return new NodeJson(
        node.nodeId(),
        node.regions(),
        node.snapshotGeneration(),
        millis(node.lastSeen()),
        millis(node.startedAt()),
        node.isLive(now) ? LIVE : STALE);
  }

  private static String millis(Instant time) {
    return time.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
