package io.isthmus.server.forward;

/** Where a {@link ForwardResult} came from. */
public enum CacheStatus {
  /** From the cache, still fresh. */
  HIT,
  /** From an upstream reply (possibly shared with concurrent identical queries). */
  MISS,
  /** From the cache after its TTL ran out, because no target answered (RFC 8767). */
  STALE,
  /** Neither: the forwarder made the answer itself (SERVFAIL when no target answered). */
  NONE
}
