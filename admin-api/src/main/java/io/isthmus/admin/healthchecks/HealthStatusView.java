package io.isthmus.admin.healthchecks;

import java.time.Instant;
import java.util.List;

/**
 * The status of one health check (docs/spec/health.md "Status"). Immutable.
 *
 * @param status HEALTHY or UNHEALTHY, after {@code inverted} and {@code disabled}
 * @param alarmState the alarm's state for a METRIC check; null for the other types
 * @param since when the status last changed; null if it never has
 * @param reason the last decision in words, e.g. "2 of 3 periods Average > 0.5"
 * @param history the latest transitions, oldest first, bounded by the evaluator
 */
public record HealthStatusView(
    Status status, AlarmState alarmState, Instant since, String reason, List<Transition> history) {

  public HealthStatusView {
    history = history == null ? List.of() : List.copyOf(history);
  }

  public enum Status {
    HEALTHY,
    UNHEALTHY
  }

  /** CloudWatch's alarm states. */
  public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA
  }

  /** One change of status. */
  public record Transition(Instant at, Status status, String reason) {}
}
