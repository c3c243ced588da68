package io.isthmus.admin.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (an account, a client address), in bounded memory. When {@code maxKeys}
 * buckets exist, full buckets are forgotten, which loses nothing since a new bucket starts full;
 * that sweep runs at most once a second. If every bucket is still in use, keys without a bucket
 * share one overflow bucket, so a flood from many addresses neither grows the map nor starves the
 * callers already tracked. The map may pass {@code maxKeys} by the number of threads racing to add
 * a key. Thread-safe, lock-free.
 */
final class RateLimiter {
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final RateLimit limit;
  private final int maxKeys;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final TokenBucket overflow;
  private final AtomicLong nextSweep;

  RateLimiter(RateLimit limit, int maxKeys, LongSupplier nanoTime) {
    this.limit = limit;
    this.maxKeys = maxKeys;
    this.nanoTime = nanoTime;
    long now = nanoTime.getAsLong();
    this.overflow = new TokenBucket(limit, now);
    this.nextSweep = new AtomicLong(now);
  }

  /**
   * Takes a token from {@code key}'s bucket.
   *
   * @return 0 if the request is admitted, else the nanoseconds until one would be
   */
  long tryAcquire(String key) {
    long now = nanoTime.getAsLong();
    TokenBucket bucket = buckets.get(key);
    if (bucket == null) {
      bucket = newBucket(key, now);
    }
    return bucket.tryAcquire(now);
  }

  /** How many keys have a bucket of their own. */
  int trackedKeys() {
    return buckets.size();
  }

  /** Whether {@code key} has a bucket of its own. */
  boolean tracks(String key) {
    return buckets.containsKey(key);
  }

  private TokenBucket newBucket(String key, long now) {
    if (buckets.size() >= maxKeys) {
      sweep(now);
      if (buckets.size() >= maxKeys) {
        return overflow;
      }
    }
    return buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now));
  }

  private void sweep(long now) {
    long due = nextSweep.get();
    if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
      return; // swept recently, or another thread is sweeping
    }
    buckets.values().removeIf(bucket -> bucket.isFull(now));
  }
}
