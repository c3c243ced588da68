package io.isthmus.admin.healthchecks;

import io.isthmus.admin.healthchecks.HealthCheckDataPoints.Series;
import io.isthmus.config.HealthCheck.MetricAlarm;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A METRIC check's series as JSON: {@code {"namespace","metricName","dimensions","statistic",
 * "periodSeconds","evaluationPeriods","datapointsToAlarm","comparison","threshold","points":[{"at",
 * "value"}]}}: the alarm as the check shows it (labels, dimensions in key order), then the points
 * oldest first, times ISO-8601 UTC to the millisecond.
 */
record HealthCheckDataPointsJson(
    String namespace,
    String metricName,
    Map<String, String> dimensions,
    String statistic,
    int periodSeconds,
    int evaluationPeriods,
    int datapointsToAlarm,
    String comparison,
    double threshold,
    List<PointJson> points) {

  record PointJson(String at, double value) {}

  static HealthCheckDataPointsJson of(Series series) {
    MetricAlarm alarm = series.alarm();
    return new HealthCheckDataPointsJson(
        alarm.namespace(),
        alarm.metricName(),
        new TreeMap<>(alarm.dimensions()),
        alarm.statistic().label(),
        alarm.periodSeconds(),
        alarm.evaluationPeriods(),
        alarm.datapointsToAlarm(),
        alarm.comparison().label(),
        alarm.threshold(),
        series.points().stream()
            .map(
                p ->
                    new PointJson(
                        p.timestamp().truncatedTo(ChronoUnit.MILLIS).toString(), p.value()))
            .toList());
  }
}
