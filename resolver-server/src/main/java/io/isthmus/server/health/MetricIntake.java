package io.isthmus.server.health;

import io.isthmus.health.metric.DataPoint;
import java.util.List;
import java.util.Map;

/**
 * Where {@code POST /v1/metrics} puts points: straight into this node's metric store when the node
 * runs alone, through the shared store when it is part of a cluster ({@link SharedMetrics}).
 * Implementations are thread-safe.
 */
@FunctionalInterface
interface MetricIntake {
  /**
   * Same contract as {@link io.isthmus.health.metric.MetricStore#put}, all or nothing.
   *
   * @throws io.isthmus.health.metric.MetricValidationException an invalid field
   * @throws io.isthmus.health.metric.SeriesLimitExceededException the account is full
   * @throws io.isthmus.config.StoreException the shared store cannot be reached; nothing stored
   */
  void put(
      String accountId,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<DataPoint> points);
}
