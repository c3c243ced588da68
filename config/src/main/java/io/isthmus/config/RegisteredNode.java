package io.isthmus.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A resolver node as it last reported itself to the {@link NodeRegistry}. {@code regions} are the
 * regions whose VPCs it serves, empty for all; {@code snapshotGeneration} is the configuration
 * version of the snapshot it serves; {@code servingStale} whether that snapshot came from its local
 * snapshot file because the store could not be read. Immutable.
 */
public record RegisteredNode(
    String nodeId,
    List<String> regions,
    long snapshotGeneration,
    Instant startedAt,
    Instant lastSeen,
    boolean servingStale) {

  /**
   * How long a node counts as running after its last heartbeat. Nodes beat every second, so ten
   * seconds ride out a few missed beats, a long GC pause or a few seconds of clock skew between
   * nodes, while a node that went away stops holding changes PENDING soon enough.
   */
  public static final Duration LIVENESS_WINDOW = Duration.ofSeconds(10);

  public RegisteredNode {
    regions = List.copyOf(regions);
  }

  /** A node serving what it loaded from the store (not stale). */
  public RegisteredNode(
      String nodeId,
      List<String> regions,
      long snapshotGeneration,
      Instant startedAt,
      Instant lastSeen) {
    this(nodeId, regions, snapshotGeneration, startedAt, lastSeen, false);
  }

  /** Whether the node was seen within {@link #LIVENESS_WINDOW} before {@code now}. */
  public boolean isLive(Instant now) {
    return !lastSeen.isBefore(now.minus(LIVENESS_WINDOW));
  }
}
