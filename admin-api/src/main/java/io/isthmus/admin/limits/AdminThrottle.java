package io.isthmus.admin.limits;

import io.isthmus.admin.problem.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/**
 * The admin API's rate limits: a token bucket per account (an account has one token at a time, so
 * this is the bucket of its token, and rotating the token does not refill it), one for the
 * operator, and one per client address for requests that come without a known token. Those are
 * charged only when authentication fails, so a flood of bad tokens from one address never slows the
 * valid callers behind the same address. Thread-safe, lock-free.
 */
public final class AdminThrottle {
  private static final String OPERATOR_KEY = "operator";

  private final RateLimiter accounts;
  private final RateLimiter operator;
  private final RateLimiter unauthenticated;
  private final AdminMetrics metrics;

  /**
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public AdminThrottle(
      AdminLimits limits, LongSupplier nanoTime, AdminMetrics metrics, MeterRegistry registry) {
    this.accounts = new RateLimiter(limits.account(), limits.maxTrackedClients(), nanoTime);
    this.operator = new RateLimiter(limits.operator(), 1, nanoTime);
    this.unauthenticated =
        new RateLimiter(limits.unauthenticated(), limits.maxTrackedClients(), nanoTime);
    this.metrics = metrics;
    Gauge.builder("isthmus.admin.throttle.clients", this, t -> t.accounts.trackedKeys())
        .description("Token buckets the admin API keeps")
        .tag("caller", "account")
        .register(registry);
    Gauge.builder("isthmus.admin.throttle.clients", this, t -> t.unauthenticated.trackedKeys())
        .description("Token buckets the admin API keeps")
        .tag("caller", "anonymous")
        .register(registry);
  }

  /**
   * Charges an operator request to the operator's one bucket.
   *
   * @throws ApiException 429 Throttling if the bucket is empty
   */
  public void admitOperator() {
    long wait = operator.tryAcquire(OPERATOR_KEY);
    if (wait > 0) {
      metrics.throttledOperator();
      throw throttled(wait);
    }
  }

  /**
   * Charges an account's request to that account's bucket.
   *
   * @throws ApiException 429 Throttling if the bucket is empty
   */
  public void admitAccount(String accountId) {
    long wait = accounts.tryAcquire(accountId);
    if (wait > 0) {
      metrics.throttledAccount();
      throw throttled(wait);
    }
  }

  /**
   * Charges a request that brought no known token to its client address.
   *
   * @throws ApiException 429 Throttling if that address's bucket is empty
   */
  public void admitUnauthenticated(String clientAddress) {
    long wait = unauthenticated.tryAcquire(clientAddress);
    if (wait > 0) {
      metrics.throttledUnauthenticated();
      throw throttled(wait);
    }
  }

  /** Retry-After is in whole seconds (RFC 9110 section 10.2.3): rounded up, at least 1. */
  static ApiException throttled(long waitNanos) {
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    return ApiException.throttled(seconds);
  }
}
