package io.isthmus.admin.healthchecks;

import io.isthmus.admin.healthchecks.HealthCheckDataPoints.Series;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A METRIC check's series as JSON: {@code {"metric":{…},"points":[{"at","value"}]}}: the alarm as
 * the check itself shows it ({@link HealthCheckJson}'s {@code metric}), then the points oldest
 * first, times ISO-8601 UTC to the millisecond.
 */
record HealthCheckDataPointsJson(HealthCheckJson.MetricJson metric, List<PointJson> points) {

  record PointJson(String at, double value) {}

  static HealthCheckDataPointsJson of(Series series) {
    return new HealthCheckDataPointsJson(
        HealthCheckJson.metric(series.alarm()),
        series.points().stream()
            .map(
                p ->
                    new PointJson(
                        p.timestamp().truncatedTo(ChronoUnit.MILLIS).toString(), p.value()))
            .toList());
  }
}
