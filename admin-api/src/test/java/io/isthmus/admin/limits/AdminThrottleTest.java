package io.isthmus.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.admin.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdminThrottleTest {
  private static final long SECOND = 1_000_000_000L;
  private static final String ACME = "111111111111";
  private static final String OTHER = "222222222222";

  private final AtomicLong now = new AtomicLong();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AdminThrottle throttle =
      new AdminThrottle(
          new AdminLimits(new RateLimit(1, 1), new RateLimit(1, 2), new RateLimit(1, 1), 10, 1000),
          now::get,
          new AdminMetrics(registry),
          registry);

  private double throttled(String caller) {
    return registry.get("isthmus.admin.throttled").tag("caller", caller).counter().count();
  }

  @Test
  void eachAccountAndTheOperatorHaveTheirOwnBucket() {
    throttle.admitAccount(ACME);
    assertThatThrownBy(() -> throttle.admitAccount(ACME)).isInstanceOf(ApiException.class);
    throttle.admitAccount(OTHER);
    throttle.admitOperator();
    throttle.admitOperator();
    assertThatThrownBy(() -> throttle.admitOperator()).isInstanceOf(ApiException.class);

    assertThat(throttled("account")).isEqualTo(1);
    assertThat(throttled("operator")).isEqualTo(1);
    assertThat(throttled("anonymous")).isZero();
    assertThat(
            registry.get("isthmus.admin.throttle.clients").tag("caller", "account").gauge().value())
        .isEqualTo(2);
  }

  @Test
  void unauthenticatedCallsAreChargedPerAddress() {
    throttle.admitUnauthenticated("192.0.2.1");
    throttle.admitUnauthenticated("192.0.2.2");
    ApiException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ApiException.class, () -> throttle.admitUnauthenticated("192.0.2.1"));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.code()).isEqualTo("Throttling");
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(throttled("anonymous")).isEqualTo(1);
    throttle.admitAccount(ACME); // an address's bucket is not an account's
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(AdminThrottle.throttled(1).retryAfterSeconds()).isEqualTo(1);
    assertThat(AdminThrottle.throttled(SECOND).retryAfterSeconds()).isEqualTo(1);
    assertThat(AdminThrottle.throttled(SECOND + 1).retryAfterSeconds()).isEqualTo(2);
    assertThat(AdminThrottle.throttled(5 * SECOND).retryAfterSeconds()).isEqualTo(5);
  }
}
