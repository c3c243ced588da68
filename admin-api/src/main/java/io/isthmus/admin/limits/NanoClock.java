package io.isthmus.admin.limits;

/**
 * The monotonic clock the rate limits refill by. The application uses {@link System#nanoTime}; a
 * test provides a bean of its own to move time without waiting.
 */
@FunctionalInterface
public interface NanoClock {
  long nanoTime();
}
