package io.isthmus.admin.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket, kept as the generic cell rate algorithm (GCRA, ITU-T I.371) does: a single
 * "theoretical arrival time" instead of a token count and a refill time, so that taking a token is
 * one compare-and-set and the bucket needs no lock. A request is admitted when the theoretical
 * arrival time is at most {@code burst - 1} intervals ahead of now; each admitted request pushes it
 * one interval further. Thread-safe, lock-free.
 */
final class TokenBucket {
  private final long intervalNanos;
  private final long toleranceNanos;
  private final AtomicLong theoreticalArrival;

  TokenBucket(RateLimit limit, long nowNanos) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / limit.requestsPerSecond()));
    this.toleranceNanos = (limit.burst() - 1) * intervalNanos;
    this.theoreticalArrival = new AtomicLong(nowNanos);
  }

  /**
   * Takes a token if there is one.
   *
   * @return 0 if the request is admitted, else the nanoseconds until one would be
   */
  long tryAcquire(long nowNanos) {
    while (true) {
      long arrival = theoreticalArrival.get();
      long from = arrival - nowNanos > 0 ? arrival : nowNanos; // overflow-safe max for nanoTime
      long wait = from - toleranceNanos - nowNanos;
      if (wait > 0) {
        return wait;
      }
      if (theoreticalArrival.compareAndSet(arrival, from + intervalNanos)) {
        return 0;
      }
    }
  }

  /** A full bucket: forgetting it loses nothing, since a new bucket starts full too. */
  boolean isFull(long nowNanos) {
    return theoreticalArrival.get() - nowNanos <= 0;
  }
}
