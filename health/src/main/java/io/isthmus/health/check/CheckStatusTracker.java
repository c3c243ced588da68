package io.isthmus.health.check;

import io.isthmus.config.HealthCheck;
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
