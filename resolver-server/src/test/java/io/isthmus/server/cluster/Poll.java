package io.isthmus.server.cluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Polling with a deadline instead of sleeping: asks again every {@link #STEP} until the answer
 * satisfies the condition, and fails with what was expected and what was seen last. Stateless.
 */
final class Poll {
  /** How long to wait between two tries: short against the sub-second promises under test. */
  static final Duration STEP = Duration.ofMillis(100);

  private Poll() {}

  /** Something to ask again; may throw (an HTTP call, a dig). */
  @FunctionalInterface
  interface Probe<T> {
    T get() throws Exception;
  }

  /**
   * The first answer of {@code probe} that satisfies {@code done}, within {@code limit}.
   *
   * @throws AssertionError naming {@code expected} and the last answer when the deadline passes
   */
  static <T> T until(Duration limit, String expected, Probe<T> probe, Predicate<T> done)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    T last;
    while (true) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "expected " + expected + " within " + limit + ", last seen: " + last);
      }
      LockSupport.parkNanos(STEP.toNanos());
    }
  }

  /** Seconds elapsed since {@code startNanos} (a {@link System#nanoTime()}), for messages. */
  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
