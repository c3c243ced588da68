package io.isthmus.server.forward;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The forwarder's state of one target: its {@link TargetHealth}, replaced atomically by each event,
 * and its load, the tries in flight to it. Thread-safe: lock-free, so the event loops that share a
 * target never wait for each other.
 */
final class TrackedTarget {

  private final AtomicReference<TargetHealth> health = new AtomicReference<>(TargetHealth.UNKNOWN);
  private final AtomicInteger outstanding = new AtomicInteger();

  TargetHealth health() {
    return health.get();
  }

  /**
   * Applies {@code event} atomically; one loop's reply and another's timeout both count.
   *
   * @return the health before
   */
  TargetHealth update(UnaryOperator<TargetHealth> event) {
    return health.getAndUpdate(event);
  }

  /**
   * Takes a slot unless {@code cap} tries are in flight. Increment first, undo if over: a racing
   * loop may see the count one above the cap for an instant, but never gets a slot beyond it.
   */
  boolean tryAcquire(int cap) {
    if (outstanding.incrementAndGet() > cap) {
      outstanding.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back a slot taken by {@link #tryAcquire}; once per slot. */
  void release() {
    outstanding.decrementAndGet();
  }

  int outstanding() {
    return outstanding.get();
  }
}
