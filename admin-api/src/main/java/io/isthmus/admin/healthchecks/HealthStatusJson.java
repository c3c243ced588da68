package io.isthmus.admin.healthchecks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A check's status as JSON: {@code {"status","alarmState","since","reason","history":[{"at",
 * "status","reason"}]}}; times ISO-8601 UTC to the millisecond; {@code alarmState} left out for
 * checks other than METRIC, {@code since} for a status that never changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthStatusJson(
    String status, String alarmState, String since, String reason, List<TransitionJson> history) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TransitionJson(String at, String status, String reason) {}

  static HealthStatusJson of(HealthStatusView view) {
    return new HealthStatusJson(
        view.status().name(),
        view.alarmState() == null ? null : view.alarmState().name(),
        time(view.since()),
        view.reason(),
        view.history().stream()
            .map(t -> new TransitionJson(time(t.at()), t.status().name(), t.reason()))
            .toList());
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
