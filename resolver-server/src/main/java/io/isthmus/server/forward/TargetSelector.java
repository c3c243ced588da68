package io.isthmus.server.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders a query's targets and sizes each try's timeout from what the targets' replies taught (spec
 * §5: prefer targets that recently answered, in random order), and holds each target's load: a try
 * takes one of the target's {@link #tryAcquire slots} for as long as it is in flight. Shared by all
 * scopes: a server is the same server whichever rule names it. Thread-safe: the forwarder's event
 * loops update a target atomically (one replying while another times out must not lose either
 * event).
 *
 * <p>A target gets its state when a query is first sent to it, at most {@code maxTargets} of them;
 * {@link #retain} forgets the targets no rule uses any more. Replies and failures of a target
 * without state (forgotten meanwhile, or beyond the bound) teach nothing.
 */
final class TargetSelector {

  private static final Logger log = LoggerFactory.getLogger(TargetSelector.class);

  /** Before the first reply, an RTT guess that suits both a LAN and a distant server. */
  private static final long UNKNOWN_RTT_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Added to 3 SRTT: scheduling and jitter, which dominate on a LAN where SRTT is microseconds. */
  private static final long TIMEOUT_MARGIN_MICROS = 50_000;

  /**
   * Targets within twice the best SRTT (plus this, since sub-millisecond RTTs jitter by more than
   * 2x) count as equally good and are tried in random order, spreading the load.
   */
  private static final long SIMILAR_SLACK_MICROS = 1_000;

  private final Map<InetSocketAddress, TrackedTarget> targets = new ConcurrentHashMap<>();
  private final long minTimeoutNanos;
  private final long maxTimeoutNanos;
  private final int failuresToMarkDown;
  private final int maxOutstandingPerTarget;
  private final int maxTargets;

  /**
   * Whether the bound was reported since the last {@link #retain}: one warning, not one a query.
   */
  private final AtomicBoolean overflowLogged = new AtomicBoolean();

  TargetSelector(
      Duration minTryTimeout,
      Duration maxTryTimeout,
      int failuresToMarkDown,
      int maxOutstandingPerTarget,
      int maxTargets) {
    this.minTimeoutNanos = minTryTimeout.toNanos();
    this.maxTimeoutNanos = maxTryTimeout.toNanos();
    this.failuresToMarkDown = failuresToMarkDown;
    this.maxOutstandingPerTarget = maxOutstandingPerTarget;
    this.maxTargets = maxTargets;
  }

  /**
   * Takes one of {@code target}'s slots for a try, giving the target its state if it has none yet.
   *
   * @return the slot's holder, to {@link TrackedTarget#release release} exactly once when the try
   *     ends; null when the target is at its cap of outstanding tries
   */
  TrackedTarget tryAcquire(InetSocketAddress target) {
    TrackedTarget tracked = targets.get(target);
    if (tracked == null) {
      tracked = track(target);
    }
    return tracked.tryAcquire(maxOutstandingPerTarget) ? tracked : null;
  }

  private TrackedTarget track(InetSocketAddress target) {
    // size() sums a few cells; it runs only for a target not seen before. Racing loops may each
    // add one past the bound: the bound holds to within the number of loops.
    if (targets.size() >= maxTargets) {
      if (overflowLogged.compareAndSet(false, true)) {
        log.warn(
            "{} forward targets have state already (isthmus.forward.max-targets); {} and further"
                + " new ones are used without health or per-target limit",
            maxTargets,
            target);
      }
      return new TrackedTarget();
    }
    return targets.computeIfAbsent(target, t -> new TrackedTarget());
  }

  /**
   * Forgets every target not in {@code inUse}: its health, and its load (tries in flight release
   * their slots on the state they took them from, which is then garbage).
   */
  void retain(Collection<InetSocketAddress> inUse) {
    Set<InetSocketAddress> keep = Set.copyOf(inUse);
    targets.keySet().removeIf(target -> !keep.contains(target));
    overflowLogged.set(false);
  }

  /** The number of targets with state. */
  int trackedTargets() {
    return targets.size();
  }

  /** Tries in flight to {@code target}; 0 for one without state. */
  int outstanding(InetSocketAddress target) {
    TrackedTarget tracked = targets.get(target);
    return tracked == null ? 0 : tracked.outstanding();
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
    TrackedTarget tracked = targets.get(target);
    if (tracked != null) {
      long rttMicros = TimeUnit.NANOSECONDS.toMicros(rttNanos);
      tracked.update(h -> h.replied(rttMicros));
    }
  }

  /**
   * A timeout or network error of the target's making.
   *
   * @return true when this failure marked the target DOWN (the caller starts probing it)
   */
  boolean failed(InetSocketAddress target, TargetHealth.Probe question) {
    TrackedTarget tracked = targets.get(target);
    if (tracked == null) {
      return false;
    }
    TargetHealth before = tracked.update(h -> h.failed(question, failuresToMarkDown));
    // The transition this failure made, not what other loops made of it since: pure, so redone.
    return !before.down() && before.failed(question, failuresToMarkDown).down();
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
    targets.forEach(
        (target, tracked) -> {
          TargetHealth h = tracked.health();
          states.add(
              new TargetState(
                  target, h.down() ? "DOWN" : "UP", h.srttMicros(), h.consecutiveFailures()));
        });
    states.sort(Comparator.comparing(s -> s.target().toString()));
    return List.copyOf(states);
  }

  private TargetHealth health(InetSocketAddress target) {
    TrackedTarget tracked = targets.get(target);
    return tracked == null ? TargetHealth.UNKNOWN : tracked.health();
  }
}
