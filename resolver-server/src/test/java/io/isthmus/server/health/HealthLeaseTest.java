package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthLeaseTest {
  final TestClock clock = new TestClock("2024-01-01T00:00:00Z");
  final InMemoryLeaseStore leases = new InMemoryLeaseStore(clock);
  final HealthLease a = new HealthLease(leases, "a", clock::nanos);
  final HealthLease b = new HealthLease(leases, "b", clock::nanos);

  @Test
  void theFirstTakesItAndRenewsItWhileTheOtherWaits() {
    assertThat(a.renew()).isTrue();
    assertThat(b.renew()).isFalse();
    clock.advance(HealthLease.TTL.minusSeconds(1));
    assertThat(a.renew()).isTrue();
    clock.advance(HealthLease.TTL.minusSeconds(1));
    assertThat(b.renew()).isFalse(); // renewed a second ago
    assertThat(leases.holder(HealthLease.NAME)).contains("a");
    assertThat(a.nodeId()).isEqualTo("a");
  }

  @Test
  void aDeadHoldersLeaseIsTakenOnceItExpires() {
    a.renew();
    clock.advance(HealthLease.TTL.minusMillis(1));
    assertThat(b.renew()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(b.renew()).isTrue();
    assertThat(a.held()).isFalse(); // a's own reckoning agrees
    assertThat(a.renew()).isFalse();
  }

  @Test
  void withoutTheStoreTheHolderKeepsItUntilItsLastExpiryOnly() {
    a.renew();
    leases.failing = true;
    clock.advance(HealthLease.TTL.minusMillis(1));
    assertThat(a.renew()).isTrue();
    assertThat(a.held()).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(a.renew()).isFalse();
    assertThat(b.renew()).isFalse(); // b cannot reach the store either
  }

  @Test
  void aNodeThatNeverHeldItDoesNotHoldItWithoutTheStore() {
    leases.failing = true;
    assertThat(a.renew()).isFalse();
    assertThat(a.held()).isFalse();
  }

  @Test
  void releaseLetsTheOtherTakeItAtOnce() {
    a.renew();
    a.release();
    assertThat(a.held()).isFalse();
    assertThat(b.renew()).isTrue();
  }

  @Test
  void releaseWithoutTheStoreDoesNotThrow() {
    a.renew();
    leases.failing = true;
    a.release();
    assertThat(a.held()).isFalse();
    leases.failing = false;
    assertThat(leases.holder(HealthLease.NAME)).contains("a"); // expires on its own
  }
}
