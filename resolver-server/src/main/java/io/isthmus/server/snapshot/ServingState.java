package io.isthmus.server.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the node serves what its store holds: {@link #servingStale} while it answers from the
 * last-snapshot file because the store was away at start, and when it last confirmed it serves the
 * store's current version. Written by the snapshot thread, read by metrics and readiness.
 * Thread-safe.
 */
public final class ServingState {
  private final Clock clock;
  private volatile boolean stale;
  private volatile Instant lastRefresh;

  public ServingState(Clock clock) {
    this.clock = clock;
  }

  /** True while the configuration served came from the last-snapshot file, not the store. */
  public boolean servingStale() {
    return stale;
  }

  /** When the node last confirmed it serves the store's current version; empty before. */
  public Optional<Instant> lastRefresh() {
    return Optional.ofNullable(lastRefresh);
  }

  /** Seconds since {@link #lastRefresh}, or NaN before the first. */
  public double refreshAgeSeconds() {
    Instant last = lastRefresh;
    return last == null ? Double.NaN : (clock.millis() - last.toEpochMilli()) / 1000.0;
  }

  void servingFromFile() {
    stale = true;
  }

  /**
   * The store answered and the node serves its version.
   *
   * @return whether the node was serving stale configuration until now
   */
  boolean refreshed() {
    lastRefresh = clock.instant();
    boolean wasStale = stale;
    stale = false;
    return wasStale;
  }
}
