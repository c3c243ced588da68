package io.isthmus.server.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link Forwarder} and its cache; {@link #defaults()} are spec §5's. Immutable.
 *
 * @param overallBudget the time one forward may take over all tries; below the 5 s after which a
 *     stub resolver usually gives up and retries, so the client still gets our answer
 * @param minTryTimeout the lower bound of a per-try timeout
 * @param maxTryTimeout the upper bound of a per-try timeout
 * @param maxCacheEntries the cache's size bound
 * @param maxTtl the cap on positive TTLs
 * @param maxNegativeTtl the cap on negative TTLs (RFC 2308 §5 suggests 1–3 hours)
 * @param servfailTtl how long an upstream SERVFAIL is cached (RFC 2308 §7.1: at most 5 minutes)
 * @param staleWindow how long past expiry an answer may be served stale (RFC 8767 §5: 1–3 days)
 * @param failuresToMarkDown consecutive failures after which a target is DOWN
 * @param probeInterval how often a DOWN target is probed
 */
public record ForwarderOptions(
    Duration overallBudget,
    Duration minTryTimeout,
    Duration maxTryTimeout,
    long maxCacheEntries,
    Duration maxTtl,
    Duration maxNegativeTtl,
    Duration servfailTtl,
    Duration staleWindow,
    int failuresToMarkDown,
    Duration probeInterval) {

  private static final Duration STUB_TIMEOUT = Duration.ofSeconds(5);

  public ForwarderOptions {
    requirePositive(overallBudget, "overallBudget");
    requirePositive(minTryTimeout, "minTryTimeout");
    requirePositive(maxTryTimeout, "maxTryTimeout");
    requireNotNegative(maxTtl, "maxTtl");
    requireNotNegative(maxNegativeTtl, "maxNegativeTtl");
    requireNotNegative(servfailTtl, "servfailTtl");
    requireNotNegative(staleWindow, "staleWindow");
    requirePositive(probeInterval, "probeInterval");
    if (overallBudget.compareTo(STUB_TIMEOUT) >= 0) {
      throw new IllegalArgumentException("overallBudget must be below 5 s: " + overallBudget);
    }
    if (minTryTimeout.compareTo(maxTryTimeout) > 0) {
      throw new IllegalArgumentException("minTryTimeout exceeds maxTryTimeout");
    }
    if (maxCacheEntries < 0) {
      throw new IllegalArgumentException("maxCacheEntries must not be negative");
    }
    if (failuresToMarkDown < 1) {
      throw new IllegalArgumentException("failuresToMarkDown must be at least 1");
    }
  }

  public static ForwarderOptions defaults() {
    return new ForwarderOptions(
        Duration.ofSeconds(4),
        Duration.ofMillis(200),
        Duration.ofMillis(1500),
        100_000,
        Duration.ofDays(1),
        Duration.ofHours(3),
        Duration.ofSeconds(5),
        Duration.ofDays(1),
        3,
        Duration.ofSeconds(1));
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}
