package io.isthmus.server.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The per-target slots, the bound on targets with state and their pruning. */
class TargetSelectorTest {

  private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 53);
  private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 53);
  private static final InetSocketAddress C = new InetSocketAddress("192.0.2.3", 53);
  private static final TargetHealth.Probe QUESTION =
      new TargetHealth.Probe(Name.root, Type.NS, DClass.IN, null);

  private final TargetSelector selector = selector(2, 10);

  private static TargetSelector selector(int perTarget, int maxTargets) {
    return new TargetSelector(
        Duration.ofMillis(200), Duration.ofMillis(1500), 2, perTarget, maxTargets);
  }

  @Test
  void aTargetGivesExactlyItsCapOfSlotsAndGetsThemBack() {
    TrackedTarget first = selector.tryAcquire(A);
    TrackedTarget second = selector.tryAcquire(A);
    assertThat(first).isNotNull().isSameAs(second);
    assertThat(selector.tryAcquire(A)).as("third slot beyond a cap of 2").isNull();
    assertThat(selector.outstanding(A)).isEqualTo(2);
    assertThat(selector.tryAcquire(B)).as("another target has its own slots").isNotNull();

    first.release();
    assertThat(selector.outstanding(A)).isEqualTo(1);
    assertThat(selector.tryAcquire(A)).isNotNull();
    assertThat(selector.tryAcquire(A)).isNull();
    assertThat(selector.outstanding(A)).as("a refused slot is not counted").isEqualTo(2);
  }

  @Test
  void onlyTargetsThatWereSentToHaveState() {
    selector.replied(A, 1_000_000);
    assertThat(selector.failed(B, QUESTION)).isFalse();
    assertThat(selector.states()).isEmpty();
    assertThat(selector.outstanding(A)).isZero();

    selector.tryAcquire(A).release();
    selector.replied(A, 2_000_000);
    assertThat(selector.states())
        .singleElement()
        .satisfies(s -> assertThat(s.srttMicros()).isEqualTo(2_000));
  }

  @Test
  void failuresMarkATargetDownOnceAtTheThreshold() {
    selector.tryAcquire(A).release();
    assertThat(selector.failed(A, QUESTION)).isFalse();
    assertThat(selector.failed(A, QUESTION)).as("the second of 2 marks it DOWN").isTrue();
    assertThat(selector.failed(A, QUESTION)).as("already DOWN").isFalse();
    assertThat(selector.isDown(A)).isTrue();
    assertThat(selector.probeQuestion(A)).isEqualTo(QUESTION);
  }

  @Test
  void retainForgetsTheTargetsNotInUse() {
    TrackedTarget a = selector.tryAcquire(A);
    selector.tryAcquire(B).release();
    selector.tryAcquire(C).release();
    selector.failed(B, QUESTION);
    selector.failed(B, QUESTION);

    selector.retain(List.of(C));

    assertThat(selector.trackedTargets()).isEqualTo(1);
    assertThat(selector.states()).extracting(TargetState::target).containsExactly(C);
    assertThat(selector.isDown(B)).as("its health is forgotten").isFalse();
    assertThat(selector.outstanding(A)).isZero();
    // A try still in flight to a forgotten target releases on the state it took: no harm.
    a.release();
    assertThat(selector.trackedTargets()).isEqualTo(1);
    assertThat(selector.tryAcquire(A)).as("used again: fresh state").isNotNull();
    assertThat(selector.outstanding(A)).isEqualTo(1);
  }

  @Test
  void targetsBeyondTheBoundAreUsedWithoutState() {
    TargetSelector bounded = selector(1, 2);
    assertThat(bounded.tryAcquire(A)).isNotNull();
    assertThat(bounded.tryAcquire(B)).isNotNull();
    TrackedTarget untracked = bounded.tryAcquire(C);

    assertThat(untracked).as("still usable").isNotNull();
    assertThat(bounded.trackedTargets()).isEqualTo(2);
    assertThat(bounded.outstanding(C)).isZero();
    assertThat(bounded.tryAcquire(C)).as("no state, so no per-target cap").isNotNull();
    bounded.failed(C, QUESTION);
    assertThat(bounded.states()).extracting(TargetState::target).containsExactlyInAnyOrder(A, B);

    bounded.retain(Set.of(B));
    assertThat(bounded.tryAcquire(C)).isNotNull();
    assertThat(bounded.trackedTargets()).as("room again after pruning").isEqualTo(2);
    assertThat(bounded.outstanding(C)).isEqualTo(1);
  }
}
