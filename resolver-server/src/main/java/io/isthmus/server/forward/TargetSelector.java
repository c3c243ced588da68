package io.isthmus.server.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Orders a query's targets and sizes each try's timeout from what the targets' replies taught (spec
 * §5: prefer targets that recently answered, in random order). Shared by all scopes: a server is
 * the same server whichever rule names it. Thread-safe: the forwarder's event loops update a target
 * atomically (one replying while another times out must not lose either event).
 */
final class TargetSelector {

  /** Before the first reply, an RTT guess that suits both a LAN and a distant server. */
  private static final long UNKNOWN_RTT_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Added to 3 SRTT: scheduling and jitter, which dominate on a LAN where SRTT is microseconds. */
  private static final long TIMEOUT_MARGIN_MICROS = 50_000;

  /**
   * Targets within twice the best SRTT (plus this, since sub-millisecond RTTs jitter by more than
   * 2x) count as equally good and are tried in random order, spreading the load.
   */
  private static final long SIMILAR_SLACK_MICROS = 1_000;

  private final Map<InetSocketAddress, TargetHealth> health = new ConcurrentHashMap<>();
  private final long minTimeoutNanos;
  private final long maxTimeoutNanos;
  private final int failuresToMarkDown;

  TargetSelector(Duration minTryTimeout, Duration maxTryTimeout, int failuresToMarkDown) {
    this.minTimeoutNanos = minTryTimeout.toNanos();
    this.maxTimeoutNanos = maxTryTimeout.toNanos();
    this.failuresToMarkDown = failuresToMarkDown;
  }

  /**
   * The order to try {@code targets} in: UP targets without recent failures first (those of similar
   * SRTT shuffled, then the slower ones), then UP targets that failed lately, fewest failures
   * first. DOWN targets are left out, unless all are DOWN: then all of them, shuffled.
   */
  List<InetSocketAddress> order(List<InetSocketAddress> targets) {
    List<InetSocketAddress> healthy = new ArrayList<>();
    List<InetSocketAddress> failing = new ArrayList<>();
    List<InetSocketAddress> down = new ArrayList<>();
    for (InetSocketAddress target : targets) {
      TargetHealth h = health(target);
      (h.down() ? down : h.consecutiveFailures() > 0 ? failing : healthy).add(target);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (healthy.isEmpty() && failing.isEmpty()) {
      Collections.shuffle(down, random);
      return down;
    }
    long best = Long.MAX_VALUE;
    for (InetSocketAddress target : healthy) {
      long srtt = health(target).srttMicros();
      if (srtt >= 0) {
        best = Math.min(best, srtt);
      }
    }
    List<InetSocketAddress> order = new ArrayList<>(targets.size());
    List<InetSocketAddress> slower = new ArrayList<>();
    for (InetSocketAddress target : healthy) {
      long srtt = health(target).srttMicros();
      // Not yet measured counts as similar: it gets its chance to be measured.
      boolean similar =
          srtt < 0 || best == Long.MAX_VALUE || srtt <= 2 * best + SIMILAR_SLACK_MICROS;
      (similar ? order : slower).add(target);
    }
    Collections.shuffle(order, random);
    slower.sort(Comparator.comparingLong(t -> health(t).srttMicros()));
    failing.sort(
        Comparator.comparingInt((InetSocketAddress t) -> health(t).consecutiveFailures())
            .thenComparingLong(t -> health(t).srttMicros()));
    order.addAll(slower);
    order.addAll(failing);
    return order;
  }

  /** clamp(3 SRTT + 50 ms, min, max); 500 ms (clamped) before the first reply. */
  long tryTimeoutNanos(InetSocketAddress target) {
    long srtt = health(target).srttMicros();
    long timeout =
        srtt < 0
            ? UNKNOWN_RTT_TIMEOUT_NANOS
            : TimeUnit.MICROSECONDS.toNanos(3 * srtt + TIMEOUT_MARGIN_MICROS);
    return Math.max(minTimeoutNanos, Math.min(maxTimeoutNanos, timeout));
  }

  /** A valid reply: the target is UP, its failures forgotten. */
  void replied(InetSocketAddress target, long rttNanos) {
    long rttMicros = TimeUnit.NANOSECONDS.toMicros(rttNanos);
    health.compute(target, (t, h) -> (h == null ? TargetHealth.UNKNOWN : h).replied(rttMicros));
  }

  /**
   * A timeout or network error of the target's making.
   *
   * @return true when this failure marked the target DOWN (the caller starts probing it)
   */
  boolean failed(InetSocketAddress target, TargetHealth.Probe question) {
    boolean[] markedDown = new boolean[1];
    health.compute(
        target,
        (t, h) -> {
          TargetHealth before = h == null ? TargetHealth.UNKNOWN : h;
          TargetHealth after = before.failed(question, failuresToMarkDown);
          markedDown[0] = after.down() && !before.down();
          return after;
        });
    return markedDown[0];
  }

  boolean isDown(InetSocketAddress target) {
    return health(target).down();
  }

  /** The question to probe a DOWN target with, or null when none failed yet. */
  TargetHealth.Probe probeQuestion(InetSocketAddress target) {
    return health(target).probe();
  }

  /** Every target seen so far, by address. */
  List<TargetState> states() {
    List<TargetState> states = new ArrayList<>();
    health.forEach(
        (target, h) ->
            states.add(
                new TargetState(
                    target, h.down() ? "DOWN" : "UP", h.srttMicros(), h.consecutiveFailures())));
    states.sort(Comparator.comparing(s -> s.target().toString()));
    return List.copyOf(states);
  }

  private TargetHealth health(InetSocketAddress target) {
    return health.getOrDefault(target, TargetHealth.UNKNOWN);
  }
}
