package io.isthmus.server.store;

import io.isthmus.config.MetricPointStore;
import io.isthmus.config.StoredMetricPoint;
import java.time.Instant;
import java.util.List;

/** The shared metric points through the {@link StoreConnection}: fails fast while it is away. */
final class AvailableMetricPointStore implements MetricPointStore {
  private final StoreConnection connection;

  AvailableMetricPointStore(StoreConnection connection) {
    this.connection = connection;
  }

  @Override
  public void append(List<StoredMetricPoint> points) {
    connection.call(
        store -> {
          store.metricPoints().append(points);
          return null;
        });
  }

  @Override
  public List<StoredMetricPoint> after(long afterId, int limit) {
    return connection.call(store -> store.metricPoints().after(afterId, limit));
  }

  @Override
  public int deleteBefore(Instant cutoff) {
    return connection.call(store -> store.metricPoints().deleteBefore(cutoff));
  }
}
