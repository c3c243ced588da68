package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.healthchecks.MetricHistory;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.health.alarm.AlarmEvaluation;
import io.isthmus.health.alarm.AlarmEvaluator;
import io.isthmus.health.metric.SeriesKey;
import java.time.Instant;
import java.util.Optional;

/**
 * An alarm's state as DescribeAlarms reports it: evaluated on read by the health module's {@link
 * AlarmEvaluator}, the code that decides a METRIC health check, over the points this node holds. No
 * state is kept, so there is no history of transitions. Thread-safe.
 */
final class AlarmStates {
  static final String NO_HISTORY_REASON =
      "This node holds no metric points to evaluate alarms over.";

  private final Optional<MetricHistory> history;

  AlarmStates(Optional<MetricHistory> history) {
    this.history = history;
  }

  /** An alarm's state value ({@code OK}, {@code ALARM}, {@code INSUFFICIENT_DATA}) and why. */
  record State(String value, String reason) {}

  State of(String accountId, MetricAlarm alarm, Instant now) {
    if (history.isEmpty()) {
      return new State("INSUFFICIENT_DATA", NO_HISTORY_REASON);
    }
    AlarmEvaluator.Window window = AlarmEvaluator.window(alarm, now);
    SeriesKey series =
        new SeriesKey(accountId, alarm.namespace(), alarm.metricName(), alarm.dimensions());
    AlarmEvaluation evaluation =
        AlarmEvaluator.evaluate(
            alarm, history.get().points(series, window.from(), window.to()), now);
    return new State(evaluation.state().name(), evaluation.reason());
  }
}
