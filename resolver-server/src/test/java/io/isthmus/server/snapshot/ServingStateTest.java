package io.isthmus.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Staleness and the age of the last refresh, on a clock the test moves. */
class ServingStateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now.get();
        }

        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  @Test
  void aRefreshEndsStalenessAndSaysWhetherItWasStale() {
    ServingState state = new ServingState(clock);
    assertThat(state.servingStale()).isFalse();
    assertThat(state.refreshed()).as("fresh from the start").isFalse();

    state.servingFromFile();
    assertThat(state.servingStale()).isTrue();
    assertThat(state.refreshed()).as("was stale").isTrue();
    assertThat(state.servingStale()).isFalse();
    assertThat(state.refreshed()).isFalse();
  }

  @Test
  void theRefreshAgeCountsSecondsWithTheirFractionSinceTheLastRefresh() {
    ServingState state = new ServingState(clock);
    assertThat(state.lastRefresh()).isEmpty();
    assertThat(state.refreshAgeSeconds()).isNaN();

    state.refreshed();
    assertThat(state.lastRefresh()).contains(T0);
    assertThat(state.refreshAgeSeconds()).isZero();

    now.set(T0.plus(Duration.ofMillis(2_500)));
    assertThat(state.refreshAgeSeconds()).isEqualTo(2.5);
    assertThat(state.lastRefresh()).contains(T0);
  }
}
