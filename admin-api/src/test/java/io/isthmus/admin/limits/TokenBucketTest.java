package io.isthmus.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 5 * SECOND;

  @Test
  void aFullBucketAdmitsExactlyTheBurstAtOnce() {
    TokenBucket bucket = new TokenBucket(new RateLimit(2, 3), T0);

    assertThat(bucket.tryAcquire(T0)).isZero();
    assertThat(bucket.tryAcquire(T0)).isZero();
    assertThat(bucket.tryAcquire(T0)).isZero();
    // One interval (1/2 s) until the next token.
    assertThat(bucket.tryAcquire(T0)).isEqualTo(SECOND / 2);
    assertThat(bucket.tryAcquire(T0)).as("a refused request takes nothing").isEqualTo(SECOND / 2);
  }

  @Test
  void tokensComeBackOneIntervalApart() {
    TokenBucket bucket = new TokenBucket(new RateLimit(2, 1), T0);
    assertThat(bucket.tryAcquire(T0)).isZero();

    assertThat(bucket.tryAcquire(T0 + SECOND / 2 - 1)).isEqualTo(1);
    assertThat(bucket.tryAcquire(T0 + SECOND / 2)).isZero();
    assertThat(bucket.tryAcquire(T0 + SECOND / 2)).isEqualTo(SECOND / 2);
  }

  @Test
  void anIdleBucketRefillsToTheBurstAndNoFurther() {
    TokenBucket bucket = new TokenBucket(new RateLimit(10, 2), T0);
    long later = T0 + 3600 * SECOND;

    assertThat(bucket.tryAcquire(later)).isZero();
    assertThat(bucket.tryAcquire(later)).isZero();
    assertThat(bucket.tryAcquire(later)).isEqualTo(SECOND / 10);
  }

  @Test
  void aBucketIsFullOnceItsLastTokenCameBack() {
    TokenBucket bucket = new TokenBucket(new RateLimit(1, 5), T0);
    assertThat(bucket.isFull(T0)).isTrue();

    bucket.tryAcquire(T0);
    assertThat(bucket.isFull(T0)).isFalse();
    assertThat(bucket.isFull(T0 + SECOND - 1)).isFalse();
    assertThat(bucket.isFull(T0 + SECOND)).isTrue();
  }

  @Test
  void worksAcrossTheSignChangeOfNanoTime() {
    long start = -SECOND / 2;
    TokenBucket bucket = new TokenBucket(new RateLimit(1, 1), start);

    assertThat(bucket.tryAcquire(start)).isZero();
    assertThat(bucket.tryAcquire(start + SECOND / 4)).isEqualTo(3 * SECOND / 4);
    assertThat(bucket.tryAcquire(start + SECOND)).isZero();
  }

  @Test
  void aFractionalRateHasALongInterval() {
    TokenBucket bucket = new TokenBucket(new RateLimit(0.5, 1), T0);
    assertThat(bucket.tryAcquire(T0)).isZero();
    assertThat(bucket.tryAcquire(T0)).isEqualTo(2 * SECOND);
  }
}
