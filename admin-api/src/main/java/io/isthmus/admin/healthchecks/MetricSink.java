package io.isthmus.admin.healthchecks;

import java.util.List;
import java.util.Map;

/**
 * Where pushed metric data points go: the metric store the METRIC health checks read, which the
 * application provides as a bean (docs/spec/health.md "Metrics"). The admin API validates every
 * point first (names, dimensions, finite values, times within the retention and the allowed clock
 * skew), so the sink gets only points it can keep. Called on the request thread: it must be quick
 * and thread-safe.
 */
@FunctionalInterface
public interface MetricSink {

  /**
   * Adds the points to the metric of the account identified by namespace, name and dimensions.
   *
   * @param dimensions immutable, possibly empty
   * @param points immutable, at least one, in the order the client sent them
   * @throws MetricLimitExceeded when the store would grow beyond its bounds for this account (too
   *     many metrics, too many points); nothing of the call is kept then
   */
  void put(
      String accountId,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<MetricPoint> points);
}
