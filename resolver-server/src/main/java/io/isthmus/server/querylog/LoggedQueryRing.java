package io.isthmus.server.querylog;

import io.isthmus.server.query.QueryEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded ring of {@link LoggedQuery} slots for one producer thread and one consumer (Lamport's
 * single-producer single-consumer queue). The query log gives each query thread its own ring, so
 * producers never contend with each other: an offer is a copy into a preallocated slot and one
 * release store, with no compare-and-set, no allocation and, while the ring has room, no read of
 * anything the consumer writes. A full ring refuses; nothing ever waits.
 *
 * <p>Thread-safe for one {@link #offer} thread and one consumer thread ({@link #peek}/{@link
 * #release}) at a time.
 */
final class LoggedQueryRing {

  /** The producer's and the consumer's index, a cache line and more apart (no false sharing). */
  private static final int TAIL = 0;

  private static final int HEAD = 16;

  private final LoggedQuery[] slots;
  private final int mask;
  private final int capacity;
  private final AtomicLongArray indices = new AtomicLongArray(HEAD + 16);

  /** Producer-only: the head as last read, refreshed only when the ring looks full. */
  private long headSeen;

  /** Consumer-only: the tail as last read, refreshed only when the ring looks empty. */
  private long tailSeen;

  /**
   * @param capacity queries held at most (the slots are the next power of two, for masking)
   */
  LoggedQueryRing(int capacity) {
    if (capacity <= 0 || capacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be in 1..2^30: " + capacity);
    }
    this.capacity = capacity;
    int size = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    this.slots = new LoggedQuery[size];
    for (int i = 0; i < size; i++) {
      slots[i] = new LoggedQuery();
    }
    this.mask = size - 1;
  }

  /** Copies {@code event} into the next slot unless the ring is full; never blocks. */
  boolean offer(QueryEvent event, List<QueryLogTarget> targets) {
    long tail = indices.getPlain(TAIL);
    if (tail - headSeen >= capacity) {
      headSeen = indices.getAcquire(HEAD);
      if (tail - headSeen >= capacity) {
        return false;
      }
    }
    slots[(int) tail & mask].fill(event, targets);
    indices.setRelease(TAIL, tail + 1);
    return true;
  }

  /** The oldest query not yet released, or null when there is none. Consumer only. */
  LoggedQuery peek() {
    long head = indices.getPlain(HEAD);
    if (head >= tailSeen) {
      tailSeen = indices.getAcquire(TAIL);
      if (head >= tailSeen) {
        return null;
      }
    }
    return slots[(int) head & mask];
  }

  /** Gives the slot {@link #peek} returned back to the producer. Consumer only. */
  void release() {
    long head = indices.getPlain(HEAD);
    slots[(int) head & mask].clear();
    indices.setRelease(HEAD, head + 1);
  }

  /** Queries waiting, roughly. */
  int size() {
    return (int) Math.max(0, indices.getAcquire(TAIL) - indices.getAcquire(HEAD));
  }
}
