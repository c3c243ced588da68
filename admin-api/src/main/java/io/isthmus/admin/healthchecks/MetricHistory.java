package io.isthmus.admin.healthchecks;

import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.SeriesKey;
import java.time.Instant;
import java.util.List;

/**
 * The metric points this node holds, which the application provides as a bean when it has a metric
 * store (the resolver server's {@code MetricStore::points}): DescribeAlarms evaluates alarms over
 * them, and {@code GET /v1/healthchecks/{id}/datapoints} shows a METRIC check's series. Without one
 * every alarm is described as INSUFFICIENT_DATA and every series is empty. Must be quick and
 * thread-safe.
 */
@FunctionalInterface
public interface MetricHistory {

  /** The points of {@code series} in [{@code from}, {@code to}), in any order. */
  List<DataPoint> points(SeriesKey series, Instant from, Instant to);
}
