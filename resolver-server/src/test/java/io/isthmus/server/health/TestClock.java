package io.isthmus.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; also the nodes' monotonic clock. Thread-safe. */
final class TestClock extends Clock {
  private volatile Instant now;

  TestClock(String instant) {
    this.now = Instant.parse(instant);
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  long nanos() {
    return now.toEpochMilli() * 1_000_000L;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
