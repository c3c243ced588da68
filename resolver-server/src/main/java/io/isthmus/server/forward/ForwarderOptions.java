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
 * @param maxOutstanding upstream queries in flight at once over all targets (identical concurrent
 *     misses share one); beyond it a miss is answered at once, stale or SERVFAIL + EDE 14
 * @param maxOutstandingPerTarget tries in flight at once to one target; a target at its cap is
 *     skipped for another target of the query, and when all are, stale or SERVFAIL + EDE 22
 * @param maxTargets distinct targets whose state (health, load) is kept; beyond it a new target is
 *     used without state, so a flood of configuration changes cannot grow it without limit
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
    Duration probeInterval,
    int maxOutstanding,
    int maxOutstandingPerTarget,
    int maxTargets) {

  private static final Duration STUB_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Unbound's num-queries-per-thread is 1024 per thread; the forwarder runs on up to 4 loops, so 4
   * × 1024 in all (BIND's recursive-clients: 1000).
   */
  public static final int DEFAULT_MAX_OUTSTANDING = 4096;

  /** A quarter of the total: one slow target cannot take the capacity every other rule needs. */
  public static final int DEFAULT_MAX_OUTSTANDING_PER_TARGET = 1024;

  /** Far above a real configuration (a rule has at most 6 targets), far below memory trouble. */
  public static final int DEFAULT_MAX_TARGETS = 10_000;

  /** The options without explicit limits: the default caps. */
  public ForwarderOptions(
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
    this(
        overallBudget,
        minTryTimeout,
        maxTryTimeout,
        maxCacheEntries,
        maxTtl,
        maxNegativeTtl,
        servfailTtl,
        staleWindow,
        failuresToMarkDown,
        probeInterval,
        DEFAULT_MAX_OUTSTANDING,
        DEFAULT_MAX_OUTSTANDING_PER_TARGET,
        DEFAULT_MAX_TARGETS);
  }

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
    requirePositive(maxOutstanding, "maxOutstanding");
    requirePositive(maxOutstandingPerTarget, "maxOutstandingPerTarget");
    requirePositive(maxTargets, "maxTargets");
  }

  /** These options with other resource limits. */
  public ForwarderOptions withLimits(
      int maxOutstanding, int maxOutstandingPerTarget, int maxTargets) {
    return new ForwarderOptions(
        overallBudget,
        minTryTimeout,
        maxTryTimeout,
        maxCacheEntries,
        maxTtl,
        maxNegativeTtl,
        servfailTtl,
        staleWindow,
        failuresToMarkDown,
        probeInterval,
        maxOutstanding,
        maxOutstandingPerTarget,
        maxTargets);
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

  private static void requirePositive(int value, String name) {
    if (value < 1) {
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
