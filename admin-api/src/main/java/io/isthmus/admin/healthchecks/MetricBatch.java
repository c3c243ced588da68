package io.isthmus.admin.healthchecks;

import io.isthmus.config.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request to add data points to one metric ({@code POST /v1/metrics}), before validation.
 * Immutable.
 *
 * @param dimensions absent: none; at most {@value MetricFields#MAX_DIMENSIONS}
 * @param points 1 to {@value #MAX_POINTS}; a null element stands for one of the wrong JSON type,
 *     already reported
 */
public record MetricBatch(
    String namespace, String metricName, Map<String, String> dimensions, List<Point> points) {

  /** CloudWatch's PutMetricData takes at most 1000 data items per call. */
  static final int MAX_POINTS = 1000;

  /** How far ahead of this node's clock a point may be: clocks of clients drift. */
  static final Duration MAX_AHEAD = Duration.ofMinutes(5);

  static final Duration RETENTION = Duration.ofSeconds(MetricFields.RETENTION_SECONDS);

  /**
   * @param timestamp null: now
   * @param value null when missing or not a finite number (the latter already reported)
   */
  public record Point(Instant timestamp, Double value) {}

  /** Every problem, judged against {@code now}. */
  List<FieldError> validate(Instant now) {
    List<FieldError> errors = new ArrayList<>();
    MetricFields.requireName("namespace", namespace, errors);
    MetricFields.requireName("metricName", metricName, errors);
    MetricFields.checkDimensions("dimensions", dimensions, errors);
    if (points == null) {
      errors.add(new FieldError("points", "points is required"));
      return errors;
    }
    if (points.isEmpty() || points.size() > MAX_POINTS) {
      errors.add(new FieldError("points", "must list 1 to " + MAX_POINTS + " points"));
    }
    Instant latest = now.plus(MAX_AHEAD);
    Instant earliest = now.minus(RETENTION);
    for (int i = 0; i < points.size(); i++) {
      Point point = points.get(i);
      if (point == null) {
        continue;
      }
      String at = "points[" + i + "]";
      if (point.value() == null) {
        errors.add(new FieldError(at + ".value", "value is required"));
      }
      Instant time = point.timestamp();
      if (time != null && time.isAfter(latest)) {
        errors.add(
            new FieldError(
                at + ".timestamp",
                "is more than 5 minutes ahead of this server's clock (" + now + ")"));
      } else if (time != null && time.isBefore(earliest)) {
        errors.add(
            new FieldError(
                at + ".timestamp",
                "is older than 24 hours, the metric retention (now " + now + ")"));
      }
    }
    return errors;
  }

  /** The points of a valid batch, those without a time at {@code now}. */
  List<MetricPoint> metricPoints(Instant now) {
    return points.stream()
        .map(p -> new MetricPoint(p.timestamp() == null ? now : p.timestamp(), p.value()))
        .toList();
  }
}
