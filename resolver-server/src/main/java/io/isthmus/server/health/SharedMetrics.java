package io.isthmus.server.health;

import io.isthmus.config.FieldError;
import io.isthmus.config.MetricPointStore;
import io.isthmus.config.StoredMetricPoint;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.MetricValidationException;
import io.isthmus.health.metric.SeriesKey;
import io.isthmus.health.metric.SeriesLimitExceededException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metric points of the cluster (docs/architecture.md "One health evaluator per cluster"): a
 * push is validated against this node's metric store as before, appended to the shared {@link
 * MetricPointStore} (all or nothing), then read back at once; every node tails the shared store
 * into its own {@link MetricStore}, which stays the evaluator's read model with its memory bounds.
 * So a point posted to any node reaches whichever node evaluates, and a node that starts reads back
 * what is within its retention.
 *
 * <p>Points reach the local store only through the tail, never directly, so each is counted once
 * (the tail reads each id once; a push that also put its points locally would count them twice).
 *
 * <p>Thread-safe: pushes come from HTTP threads, the tail from the health thread; tailing is
 * serialised on this object.
 */
final class SharedMetrics implements MetricIntake {
  private static final Logger log = LoggerFactory.getLogger(SharedMetrics.class);

  /** Points read per query while tailing. */
  static final int BATCH = 1_000;

  /**
   * Queries per {@link #catchUp()}: a node far behind (a start with a day of points) catches up
   * over several ticks instead of holding a push or the health thread for long.
   */
  static final int MAX_BATCHES = 50;

  private final MetricStore metrics;
  private final MetricPointStore store;
  private final Clock clock;
  private long lastId; // guarded by this

  SharedMetrics(MetricStore metrics, MetricPointStore store, Clock clock) {
    this.metrics = metrics;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Validates as {@link MetricStore#put} does and checks the series limit as this node knows it,
   * appends to the shared store, then catches up so that the points are visible here at once. A
   * failure to read them back is not the caller's: they are stored, and the next tick reads them.
   */
  @Override
  public void put(
      String accountId,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<DataPoint> points) {
    Instant now = clock.instant();
    List<FieldError> errors = metrics.validate(namespace, metricName, dimensions, points, now);
    if (!errors.isEmpty()) {
      throw new MetricValidationException(errors);
    }
    metrics.requireRoom(new SeriesKey(accountId, namespace, metricName, dimensions));
    Map<String, String> dims = dimensions == null ? Map.of() : dimensions;
    List<StoredMetricPoint> rows = new ArrayList<>(points.size());
    for (DataPoint point : points) {
      Instant at = point.timestamp() == null ? now : point.timestamp();
      rows.add(new StoredMetricPoint(0, accountId, namespace, metricName, dims, at, point.value()));
    }
    store.append(rows);
    try {
      catchUp();
    } catch (RuntimeException e) {
      log.debug("metric points stored but not read back yet: {}", e.toString());
    }
  }

  /**
   * Reads what every node appended since the last call into the local metric store, at most {@link
   * #MAX_BATCHES} × {@link #BATCH} points. A series the local store refuses (the account is full
   * here) is skipped with a warning: the points were accepted by another node that knew fewer
   * series.
   *
   * @return the number of points read
   * @throws io.isthmus.config.StoreException the store cannot be reached; what was read is kept
   */
  synchronized int catchUp() {
    int read = 0;
    for (int i = 0; i < MAX_BATCHES; i++) {
      List<StoredMetricPoint> batch = store.after(lastId, BATCH);
      apply(batch);
      read += batch.size();
      if (batch.size() < BATCH) {
        break;
      }
    }
    return read;
  }

  /** Deletes from the shared store the points older than any alarm can look back. */
  int deleteExpired() {
    return store.deleteBefore(clock.instant().minus(MetricStore.MAX_RETENTION));
  }

  /** The highest id read so far (for tests and a gauge). */
  synchronized long lastId() {
    return lastId;
  }

  private void apply(List<StoredMetricPoint> batch) {
    Map<SeriesKey, List<DataPoint>> bySeries = new LinkedHashMap<>();
    for (StoredMetricPoint point : batch) {
      SeriesKey key =
          new SeriesKey(
              point.accountId(), point.namespace(), point.metricName(), point.dimensions());
      bySeries
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new DataPoint(point.timestamp(), point.value()));
      lastId = Math.max(lastId, point.id());
    }
    for (Map.Entry<SeriesKey, List<DataPoint>> series : bySeries.entrySet()) {
      try {
        metrics.restore(series.getKey(), series.getValue());
      } catch (SeriesLimitExceededException e) {
        log.warn("metric points of {} not kept on this node: {}", series.getKey(), e.getMessage());
      }
    }
  }
}
