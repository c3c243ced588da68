package io.isthmus.server.querylog;

import static io.isthmus.server.query.QueryEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.query.AddressText;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.QueryEvents;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoggedQueryRingTest {

  private static final List<QueryLogTarget> TARGETS =
      List.of(new QueryLogTarget("rqlc-1", null, "stdout"));

  private static QueryEvent query(long latency) {
    return event().latencyNanos(latency).build();
  }

  /** Takes the oldest query's latency (our sequence number here), or -1 when there is none. */
  private static long take(LoggedQueryRing ring) {
    LoggedQuery query = ring.peek();
    if (query == null) {
      return -1;
    }
    long latency = query.latencyNanos;
    assertThat(query.targets).isSameAs(TARGETS);
    ring.release();
    return latency;
  }

  @Test
  void firstInFirstOutAcrossTheWrap() {
    LoggedQueryRing ring = new LoggedQueryRing(3);
    assertThat(ring.peek()).isNull();
    for (int round = 0; round < 5; round++) {
      assertThat(ring.offer(query(round * 10L), TARGETS)).isTrue();
      assertThat(ring.offer(query(round * 10L + 1), TARGETS)).isTrue();
      assertThat(take(ring)).isEqualTo(round * 10L);
      assertThat(take(ring)).isEqualTo(round * 10L + 1);
    }
    assertThat(ring.size()).isZero();
  }

  @Test
  void refusesPastItsCapacityEvenWhenItHasMoreSlots() {
    // Three queries, in four slots.
    LoggedQueryRing ring = new LoggedQueryRing(3);
    assertThat(ring.offer(query(1), TARGETS)).isTrue();
    assertThat(ring.offer(query(2), TARGETS)).isTrue();
    assertThat(ring.offer(query(3), TARGETS)).isTrue();
    assertThat(ring.offer(query(4), TARGETS)).isFalse();
    assertThat(ring.size()).isEqualTo(3);
    assertThat(take(ring)).isEqualTo(1);
    assertThat(ring.offer(query(4), TARGETS)).isTrue();
    assertThat(take(ring)).isEqualTo(2);
    assertThat(take(ring)).isEqualTo(3);
    assertThat(take(ring)).isEqualTo(4);
    assertThat(take(ring)).isEqualTo(-1);
  }

  @Test
  void aReleasedSlotKeepsNoReferences() {
    LoggedQueryRing ring = new LoggedQueryRing(1);
    ring.offer(query(1), TARGETS);
    LoggedQuery slot = ring.peek();
    assertThat(slot.qname).isNotNull();
    ring.release();
    assertThat(slot.qname).isNull();
    assertThat(slot.answers).isNull();
    assertThat(slot.targets).isNull();
    assertThat(slot.vpcId).isNull();
  }

  @Test
  void theSourceIsCopiedAsItsBytes() {
    LoggedQueryRing ring = new LoggedQueryRing(4);
    ring.offer(event().source(QueryEvents.address("192.0.2.200", 4242)).build(), TARGETS);
    ring.offer(event().source(QueryEvents.address("2001:db8::7", 53)).build(), TARGETS);
    ring.offer(event().source(null).build(), TARGETS);

    LoggedQuery v4 = ring.peek();
    assertThat(v4.sourceAddress().getHostAddress()).isEqualTo("192.0.2.200");
    assertThat(v4.sourcePort).isEqualTo(4242);
    ring.release();
    LoggedQuery v6 = ring.peek();
    assertThat(AddressText.of(v6.sourceAddress())).isEqualTo("2001:db8::7");
    ring.release();
    assertThat(ring.peek().sourceAddress()).isNull();
  }

  /** One producer and one consumer at once: every accepted query comes out once, in order. */
  @Test
  void aConcurrentConsumerSeesEveryAcceptedQueryInOrder() throws InterruptedException {
    int total = 200_000;
    LoggedQueryRing ring = new LoggedQueryRing(64);
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < total; i++) {
                if (ring.offer(query(i), TARGETS)) {
                  accepted.incrementAndGet();
                }
              }
              done.countDown();
            });
    producer.start();
    long last = -1;
    int received = 0;
    while (done.getCount() > 0 || ring.size() > 0) {
      long next = take(ring);
      if (next < 0) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(next).isGreaterThan(last);
      last = next;
      received++;
    }
    producer.join();
    assertThat(received).isEqualTo(accepted.get()).isPositive();
    assertThat(ring.peek()).isNull();
  }
}
