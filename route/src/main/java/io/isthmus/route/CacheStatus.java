package io.isthmus.route;

/**
 * Where a forwarded answer came from, and what the forwarder's cache holds for a question: one
 * state for the forwarder's results, the resolution that carries it to the query's observation (the
 * {@code cache} field of query logs) and explanations. Immutable.
 */
public enum CacheStatus {
  /** From the forwarder's cache, still fresh. */
  HIT,
  /** From an upstream reply (possibly shared with concurrent identical queries). */
  MISS,
  /** From the cache after its TTL ran out, because no target answered (RFC 8767). */
  STALE,
  /**
   * Neither: a local answer, or the forwarder's own SERVFAIL when no target answered; for a
   * question, nothing cached.
   */
  NONE;

  /**
   * What an explanation calls the cache's state for a question (admin API {@code cache}): {@code
   * FRESH} for a fresh entry, {@code STALE} for one only a failed upstream would serve, else {@code
   * NONE}.
   */
  public String held() {
    return switch (this) {
      case HIT -> "FRESH";
      case STALE -> "STALE";
      case MISS, NONE -> "NONE";
    };
  }
}
