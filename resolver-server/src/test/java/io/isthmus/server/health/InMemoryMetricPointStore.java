package io.isthmus.server.health;

import io.isthmus.config.MetricPointStore;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoredMetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link MetricPointStore} in memory, numbering points in append order, for tests. */
class InMemoryMetricPointStore implements MetricPointStore {
  private final List<StoredMetricPoint> points = new ArrayList<>();
  private long nextId = 1;
  volatile boolean failing;

  @Override
  public synchronized void append(List<StoredMetricPoint> batch) {
    check();
    for (StoredMetricPoint p : batch) {
      points.add(
          new StoredMetricPoint(
              nextId++,
              p.accountId(),
              p.namespace(),
              p.metricName(),
              p.dimensions(),
              p.timestamp(),
              p.value()));
    }
  }

  @Override
  public synchronized List<StoredMetricPoint> after(long afterId, int limit) {
    check();
    return points.stream().filter(p -> p.id() > afterId).limit(limit).toList();
  }

  @Override
  public synchronized int deleteBefore(Instant cutoff) {
    check();
    int before = points.size();
    points.removeIf(p -> p.timestamp().isBefore(cutoff));
    return before - points.size();
  }

  synchronized int size() {
    return points.size();
  }

  private void check() {
    if (failing) {
      throw new StoreException("store unreachable");
    }
  }
}
