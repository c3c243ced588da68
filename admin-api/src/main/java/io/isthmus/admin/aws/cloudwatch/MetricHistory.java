package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.SeriesKey;
import java.time.Instant;
import java.util.List;

/**
 * The metric points this node holds, which the application provides as a bean when it has a metric
 * store (the resolver server's {@code MetricStore::points}): DescribeAlarms evaluates alarms over
 * them. Without one every alarm is described as INSUFFICIENT_DATA. Must be quick and thread-safe.
 */
@FunctionalInterface
public interface MetricHistory {

  /** The points of {@code series} in [{@code from}, {@code to}), in any order. */
  List<DataPoint> points(SeriesKey series, Instant from, Instant to);
}
