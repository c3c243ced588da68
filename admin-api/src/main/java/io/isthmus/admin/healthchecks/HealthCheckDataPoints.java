package io.isthmus.admin.healthchecks;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.SeriesKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The data points a METRIC check reads (its account's series of its namespace, metric name and
 * dimensions), as this node holds them: for a chart of the metric against the threshold. Every node
 * keeps the cluster's points in memory (docs/architecture.md "One health evaluator per cluster"),
 * so any node answers, leader or not. Thread-safe.
 */
@Service
public class HealthCheckDataPoints {
  private final ConfigStore store;
  private final Optional<MetricHistory> history;
  private final Clock clock;

  public HealthCheckDataPoints(
      ConfigStore store, ObjectProvider<MetricHistory> history, Clock clock) {
    this.store = store;
    this.history = Optional.ofNullable(history.getIfAvailable());
    this.clock = clock;
  }

  /** A METRIC check's alarm and the points of its series, oldest first. */
  public record Series(MetricAlarm alarm, List<DataPoint> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /**
   * The points of the check's series within the metric store's retention, up to the points a client
   * may push ahead of the clock; the store's per-series cap bounds their number.
   *
   * @throws ApiException 404 NoSuchHealthCheck for a check the caller may not read (as {@code GET
   *     /v1/healthchecks/{id}}), 400 InvalidRequest for a check of another type: it reads no metric
   */
  public Series of(Caller caller, String healthCheckId) {
    HealthCheck check = HealthCheckAccess.readable(store, caller, healthCheckId);
    if (check.type() != HealthCheck.Type.METRIC) {
      throw ApiException.invalidRequest(
          "Health check "
              + check.id()
              + " is a "
              + check.type()
              + " check; only METRIC checks read data points.",
          List.of());
    }
    MetricAlarm alarm = check.metric();
    // The owner's series, also when the operator asks: a check reads its own account's metrics.
    SeriesKey key =
        new SeriesKey(check.accountId(), alarm.namespace(), alarm.metricName(), alarm.dimensions());
    Instant now = clock.instant();
    List<DataPoint> points =
        history
            .map(
                h ->
                    h.points(
                        key,
                        now.minus(MetricStore.MAX_RETENTION),
                        now.plus(MetricStore.MAX_FUTURE).plusMillis(1)))
            .orElse(List.of());
    return new Series(
        alarm, points.stream().sorted(Comparator.comparing(DataPoint::timestamp)).toList());
  }
}
