package io.isthmus.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(7 * SECOND);

  @Test
  void eachKeyHasItsOwnBucket() {
    RateLimiter limiter = new RateLimiter(new RateLimit(1, 1), 10, now::get);

    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isEqualTo(SECOND);
    assertThat(limiter.tryAcquire("b")).isZero();
    assertThat(limiter.trackedKeys()).isEqualTo(2);
  }

  @Test
  void atTheCapNewKeysShareTheOverflowBucketWhileTrackedOnesKeepTheirs() {
    RateLimiter limiter = new RateLimiter(new RateLimit(1, 1), 2, now::get);
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");

    assertThat(limiter.tryAcquire("c")).isZero();
    assertThat(limiter.tryAcquire("d")).as("c took the overflow's token").isEqualTo(SECOND);
    assertThat(limiter.trackedKeys()).isEqualTo(2);
    assertThat(limiter.tracks("c")).isFalse();
    assertThat(limiter.tryAcquire("a")).as("a keeps its own, empty bucket").isEqualTo(SECOND);
  }

  @Test
  void fullBucketsAreForgottenToMakeRoom() {
    RateLimiter limiter = new RateLimiter(new RateLimit(1, 1), 2, now::get);
    limiter.tryAcquire("a");
    now.addAndGet(SECOND / 2);
    limiter.tryAcquire("b");
    now.addAndGet(SECOND / 2); // a is full again, b is not

    assertThat(limiter.tryAcquire("c")).isZero();
    assertThat(limiter.trackedKeys()).isEqualTo(2);
    assertThat(limiter.tryAcquire("b")).as("b was kept").isEqualTo(SECOND / 2);
    assertThat(limiter.tryAcquire("c")).as("c has a bucket of its own").isEqualTo(SECOND);
    assertThat(limiter.tracks("a")).isFalse();
  }

  @Test
  void sweepsAtMostOnceASecond() {
    RateLimiter limiter = new RateLimiter(new RateLimit(2, 1), 1, now::get);
    limiter.tryAcquire("a"); // empty until 7.5 s
    now.set(8 * SECOND);
    limiter.tryAcquire("b"); // sweeps a away; the next sweep is due at 9 s
    assertThat(limiter.tracks("a")).isFalse();
    assertThat(limiter.tracks("b")).isTrue();

    now.set(8 * SECOND + 6 * SECOND / 10); // b is full again, but no sweep is due
    limiter.tryAcquire("c");
    assertThat(limiter.tracks("c")).isFalse();
    assertThat(limiter.tracks("b")).isTrue();

    now.set(9 * SECOND + 2 * SECOND / 10);
    limiter.tryAcquire("d");
    assertThat(limiter.tracks("d")).isTrue();
    assertThat(limiter.tracks("b")).isFalse();
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> new RateLimit(0, 1)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimit(Double.POSITIVE_INFINITY, 1))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimit(1, 0)).hasMessageContaining("burst");
    RateLimit one = new RateLimit(1, 1);
    assertThatThrownBy(() -> new AdminLimits(one, one, one, 0, 1)).hasMessageContaining("tracked");
    assertThatThrownBy(() -> new AdminLimits(one, one, one, 1, 0)).hasMessageContaining("body");
    assertThatThrownBy(() -> new AdminLimits(null, one, one, 1, 1))
        .hasMessageContaining("required");
    assertThat(AdminLimits.defaults().account()).isEqualTo(new RateLimit(50, 100));
  }
}
