package io.isthmus.admin.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The admin API's protection counters, under {@code isthmus.admin.*}: requests refused by the rate
 * limits per kind of caller ({@code isthmus_admin_throttled_total{caller}}) and requests refused
 * for their size ({@code isthmus_admin_rejected_total{reason="too_large"}}). Account ids are not
 * tags, so the number of series stays fixed. Thread-safe.
 */
public final class AdminMetrics {
  private final Counter throttledAccount;
  private final Counter throttledOperator;
  private final Counter throttledUnauthenticated;
  private final Counter tooLarge;

  public AdminMetrics(MeterRegistry registry) {
    this.throttledAccount = throttled(registry, "account");
    this.throttledOperator = throttled(registry, "operator");
    this.throttledUnauthenticated = throttled(registry, "anonymous");
    this.tooLarge =
        Counter.builder("isthmus.admin.rejected")
            .description("Admin API requests refused before they were handled")
            .tag("reason", "too_large")
            .register(registry);
  }

  private static Counter throttled(MeterRegistry registry, String caller) {
    return Counter.builder("isthmus.admin.throttled")
        .description("Admin API requests answered 429 Throttling")
        .tag("caller", caller)
        .register(registry);
  }

  void throttledAccount() {
    throttledAccount.increment();
  }

  void throttledOperator() {
    throttledOperator.increment();
  }

  void throttledUnauthenticated() {
    throttledUnauthenticated.increment();
  }

  void tooLarge() {
    tooLarge.increment();
  }
}
