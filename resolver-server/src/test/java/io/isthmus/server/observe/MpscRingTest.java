package io.isthmus.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MpscRingTest {

  @Test
  void firstInFirstOutAcrossTheWrap() {
    MpscRing<Integer> ring = new MpscRing<>(3);
    assertThat(ring.poll()).isNull();
    for (int round = 0; round < 5; round++) {
      assertThat(ring.offer(round * 10)).isTrue();
      assertThat(ring.offer(round * 10 + 1)).isTrue();
      assertThat(ring.poll()).isEqualTo(round * 10);
      assertThat(ring.poll()).isEqualTo(round * 10 + 1);
    }
    assertThat(ring.size()).isZero();
  }

  @Test
  void refusesWhenFullAndAcceptsOnceAnElementIsTaken() {
    MpscRing<String> ring = new MpscRing<>(2);
    assertThat(ring.offer("a")).isTrue();
    assertThat(ring.offer("b")).isTrue();
    assertThat(ring.offer("c")).isFalse();
    assertThat(ring.size()).isEqualTo(2);
    assertThat(ring.poll()).isEqualTo("a");
    assertThat(ring.offer("c")).isTrue();
    assertThat(ring.poll()).isEqualTo("b");
    assertThat(ring.poll()).isEqualTo("c");
    assertThat(ring.poll()).isNull();
  }

  /** Many producers and one consumer at once: every accepted element comes out exactly once. */
  @Test
  void concurrentProducersLoseNothingTheyWereToldWasAccepted() throws InterruptedException {
    int producers = 4;
    int perProducer = 50_000;
    MpscRing<Integer> ring = new MpscRing<>(64);
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(producers);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  if (ring.offer(base + i)) {
                    accepted.incrementAndGet();
                  }
                }
                done.countDown();
              });
      threads.add(thread);
      thread.start();
    }
    BitSet seen = new BitSet(producers * perProducer);
    int[] lastPerProducer = new int[producers];
    Arrays.fill(lastPerProducer, -1);
    int received = 0;
    while (done.getCount() > 0 || ring.size() > 0) {
      Integer next = ring.poll();
      if (next == null) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(seen.get(next)).as("duplicate %d", next).isFalse();
      seen.set(next);
      // Each producer's elements come out in the order it offered them.
      int producer = next / perProducer;
      assertThat(next).isGreaterThan(lastPerProducer[producer]);
      lastPerProducer[producer] = next;
      received++;
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(received).isEqualTo(accepted.get());
    assertThat(ring.poll()).isNull();
  }
}
