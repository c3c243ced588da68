package io.isthmus.health.check;

import io.isthmus.config.HealthCheck;
import io.isthmus.health.alarm.AlarmState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The status of one check over time: applies the modifiers to each observation (see {@link
 * StatusRules}), remembers the last status decided with data for {@code LastKnownStatus}, and keeps
 * the latest {@value #HISTORY} transitions so that flapping is visible in the API.
 *
 * <p>Thread-safe: {@link #apply} is synchronized (observations come from the scheduler and from
 * probe completions); {@link #current()} is a volatile read of an immutable {@link CheckStatus}.
 */
public final class CheckStatusTracker {
  /** Transitions kept per check. */
  public static final int HISTORY = 20;

  private final HealthCheck check;
  private final ArrayDeque<Transition> history = new ArrayDeque<>(HISTORY);
  private HealthStatus lastKnown;
  private volatile CheckStatus current;

  /** Starts the check with its first observation, which is the first entry of its history. */
  public CheckStatusTracker(HealthCheck check, Observation first, Instant at) {
    this.check = Objects.requireNonNull(check, "check");
    StatusRules.Decision decision = StatusRules.decide(check, first, null);
    lastKnown = decision.lastKnown();
    history.addLast(new Transition(at, decision.status(), decision.reason()));
    current =
        new CheckStatus(
            check.id(),
            decision.status(),
            first.alarmState(),
            at,
            decision.reason(),
            List.copyOf(history));
  }

  private CheckStatusTracker(HealthCheck check, CheckStatus saved) {
    this.check = check;
    List<Transition> kept = saved.history();
    history.addAll(kept.subList(Math.max(0, kept.size() - HISTORY), kept.size()));
    lastKnown = lastKnownOf(check, saved);
    current =
        new CheckStatus(
            check.id(),
            saved.status(),
            saved.alarmState(),
            saved.since(),
            saved.reason(),
            List.copyOf(history));
  }

  /**
   * Resumes a check from a status decided elsewhere (by the health leader, read back from the
   * shared store): status, alarm state, since, reason and history are kept as they are, so taking
   * over never changes a status by itself.
   *
   * @throws IllegalArgumentException if {@code saved} is another check's
   */
  public static CheckStatusTracker resume(HealthCheck check, CheckStatus saved) {
    Objects.requireNonNull(check, "check");
    if (!check.id().equals(saved.checkId())) {
      throw new IllegalArgumentException(
          "status of " + saved.checkId() + " given to check " + check.id());
    }
    return new CheckStatusTracker(check, saved);
  }

  /**
   * The last status decided with data, as far as a saved status tells it: OK and ALARM say it
   * outright; otherwise (probes, or no data now) it is the status with the inversion undone, which
   * is exactly what {@code LastKnownStatus} keeps reporting. A disabled check's status says nothing
   * of its data. The one thing lost is "none yet" (then healthy): the reason may then read
   * "(healthy)" instead of "(none yet, healthy)"; the status is the same.
   */
  static HealthStatus lastKnownOf(HealthCheck check, CheckStatus saved) {
    if (saved.alarmState() == AlarmState.OK) {
      return HealthStatus.HEALTHY;
    }
    if (saved.alarmState() == AlarmState.ALARM) {
      return HealthStatus.UNHEALTHY;
    }
    if (check.disabled()) {
      return null;
    }
    return check.inverted() ? saved.status().inverted() : saved.status();
  }

  /**
   * Applies one observation made at {@code at}.
   *
   * @return the change if the status changed, else null
   */
  public synchronized StatusChange apply(Observation observation, Instant at) {
    StatusRules.Decision decision = StatusRules.decide(check, observation, lastKnown);
    lastKnown = decision.lastKnown();
    CheckStatus before = current;
    if (decision.status() == before.status()) {
      // Same status: publish only if what the API shows changed (the counts usually do).
      if (!decision.reason().equals(before.reason())
          || observation.alarmState() != before.alarmState()) {
        current =
            new CheckStatus(
                check.id(),
                before.status(),
                observation.alarmState(),
                before.since(),
                decision.reason(),
                before.history());
      }
      return null;
    }
    if (history.size() == HISTORY) {
      history.removeFirst();
    }
    history.addLast(new Transition(at, decision.status(), decision.reason()));
    current =
        new CheckStatus(
            check.id(),
            decision.status(),
            observation.alarmState(),
            at,
            decision.reason(),
            List.copyOf(history));
    return new StatusChange(check.id(), before.status(), decision.status(), decision.reason(), at);
  }

  public CheckStatus current() {
    return current;
  }

  public HealthCheck check() {
    return check;
  }
}
