package io.isthmus.config;

import java.time.Instant;
import java.util.List;

/**
 * The metric data points clients push ({@code POST /v1/metrics}), kept in the shared store so that
 * a point posted to any node reaches the health evaluator wherever it runs, and survives restarts
 * (docs/spec/operations.md "Several nodes, shared store"). Points are not configuration: appending
 * neither bumps the configuration version nor wakes the configuration's listeners. Thread-safe.
 */
public interface MetricPointStore {

  /**
   * Appends points in one transaction: all are stored or none. The ids of {@code points} are
   * ignored; the store numbers them in commit order.
   *
   * @throws StoreException if the database cannot be reached; nothing is stored
   */
  void append(List<StoredMetricPoint> points);

  /**
   * Points numbered above {@code afterId}, lowest id first, at most {@code limit}: how a node tails
   * what every node appended. Ids increase with each append, so a reader that remembers the highest
   * id it has seen reads each point once.
   */
  List<StoredMetricPoint> after(long afterId, int limit);

  /** Deletes points whose timestamp is before {@code cutoff} (retention); returns how many. */
  int deleteBefore(Instant cutoff);
}
