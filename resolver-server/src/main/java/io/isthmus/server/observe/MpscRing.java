package io.isthmus.server.observe;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded queue for many producers and one consumer, without locks: producers claim a slot with
 * one compare-and-set and never wait (a full ring refuses), the consumer takes slots in order. It
 * replaces {@code ArrayBlockingQueue}, whose {@code offer} takes a lock shared with the consumer,
 * on the query path.
 *
 * <p>Thread-safe for any number of {@link #offer} callers and one {@link #poll} caller at a time.
 */
final class MpscRing<E> {

  private final int capacity;
  private final AtomicReferenceArray<E> slots;
  private final AtomicLong producerIndex = new AtomicLong();

  /** Written by the consumer only; read by producers to see free slots. */
  private volatile long consumerIndex;

  MpscRing(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.slots = new AtomicReferenceArray<>(capacity);
  }

  /** Adds {@code element} unless the ring is full; never blocks. */
  boolean offer(E element) {
    while (true) {
      long claim = producerIndex.get();
      if (claim - consumerIndex >= capacity) {
        return false;
      }
      if (producerIndex.compareAndSet(claim, claim + 1)) {
        // The slot is free: the consumer cleared it before moving consumerIndex past it.
        slots.set(index(claim), element);
        return true;
      }
    }
  }

  /**
   * The oldest element, or null when there is none yet (also while the producer that claimed the
   * next slot has not stored its element: it is taken by a later call). One consumer only.
   */
  E poll() {
    long next = consumerIndex;
    int index = index(next);
    E element = slots.get(index);
    if (element == null) {
      return null;
    }
    slots.set(index, null);
    consumerIndex = next + 1;
    return element;
  }

  /** How many elements are queued, roughly (claimed slots included). */
  int size() {
    return (int) Math.max(0, producerIndex.get() - consumerIndex);
  }

  int capacity() {
    return capacity;
  }

  private int index(long sequence) {
    return (int) (sequence % capacity);
  }
}
