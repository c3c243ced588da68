package io.isthmus.containers;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls a condition until a deadline, with no fixed sleeps in the tests. Stateless. */
final class Poll {
  private static final long PAUSE_MILLIS = 200;

  private Poll() {}

  /**
   * Calls {@code probe} until {@code done} accepts its value and returns that value; a probe that
   * throws counts as not done.
   *
   * @throws AssertionError naming {@code what} and the last value or error at the deadline
   */
  static <T> T until(Duration limit, String what, Callable<T> probe, Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    Object last = "nothing yet";
    while (true) {
      try {
        T value = probe.call();
        if (done.test(value)) {
          return value;
        }
        last = value;
      } catch (Exception | AssertionError e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not " + what + " within " + limit + "; last: " + last);
      }
      Thread.sleep(PAUSE_MILLIS);
    }
  }
}
