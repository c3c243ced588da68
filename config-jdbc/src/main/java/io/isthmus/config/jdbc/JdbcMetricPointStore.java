package io.isthmus.config.jdbc;

import io.isthmus.config.MetricPointStore;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoredMetricPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@link MetricPointStore} over the {@code metric_points} table of the configuration database.
 * Outside the configuration's writes: it never touches {@code config_version}, so appending neither
 * waits for configuration writers nor bumps the version, and the store's listeners never hear of
 * it.
 *
 * <p>An append locks the single row of {@code metric_point_sequence}, numbers its points from it
 * and commits: appends from every node are serialized there, so ids grow in commit order and a
 * reader tailing ids never skips a point (V7__cluster.sql). Timestamps are kept to the microsecond,
 * the precision both databases store; dimensions as their sorted names and values in {@link
 * FieldText}. Thread-safe.
 */
public final class JdbcMetricPointStore implements MetricPointStore {
  private static final String COLUMNS =
      "id, account_id, namespace, metric_name, dimensions, observed_at, metric_value";

  private final DataSource dataSource;

  /**
   * @param dataSource a database whose schema {@link JdbcConfigStore#open} has migrated; the store
   *     does not own it
   */
  public JdbcMetricPointStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void append(List<StoredMetricPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    try (Transaction transaction =
        Transaction.begin(dataSource, Connection.TRANSACTION_READ_COMMITTED, false)) {
      Connection connection = transaction.connection();
      long lastId = lockSequence(connection);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO metric_points (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (StoredMetricPoint point : points) {
          Sql.bind(
              insert,
              ++lastId,
              point.accountId(),
              point.namespace(),
              point.metricName(),
              dimensionsText(point.dimensions()),
              point.timestamp().truncatedTo(ChronoUnit.MICROS),
              point.value());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement advance =
          connection.prepareStatement(
              "UPDATE metric_point_sequence SET last_id = ? WHERE id = 1")) {
        advance.setLong(1, lastId);
        advance.executeUpdate();
      }
      transaction.commit();
    } catch (SQLException e) {
      throw new StoreException("cannot append metric points: " + e.getMessage(), e);
    }
  }

  /** Held until the append commits: the next one numbers after this one's points. */
  private static long lockSequence(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT last_id FROM metric_point_sequence WHERE id = 1 FOR UPDATE");
        ResultSet row = statement.executeQuery()) {
      if (!row.next()) {
        throw new StoreException("the metric point sequence row is missing");
      }
      return row.getLong(1);
    }
  }

  /**
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  @Override
  public List<StoredMetricPoint> after(long afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM metric_points WHERE id > ? ORDER BY id LIMIT ?")) {
      Sql.bind(statement, afterId, limit);
      List<StoredMetricPoint> points = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          points.add(point(rows));
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return points;
    } catch (SQLException e) {
      throw new StoreException("cannot read metric points: " + e.getMessage(), e);
    }
  }

  /** Strictly before: a point at exactly {@code cutoff} stays. */
  @Override
  public int deleteBefore(Instant cutoff) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM metric_points WHERE observed_at < ?")) {
      Sql.bind(statement, cutoff.truncatedTo(ChronoUnit.MICROS));
      int deleted = statement.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return deleted;
    } catch (SQLException e) {
      throw new StoreException("cannot delete old metric points: " + e.getMessage(), e);
    }
  }

  private static StoredMetricPoint point(ResultSet row) throws SQLException {
    return new StoredMetricPoint(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        dimensions(row.getString(5)),
        row.getObject(6, OffsetDateTime.class).toInstant(),
        row.getDouble(7));
  }

  /** Name, value, name, value... in name order (the point keeps its dimensions sorted). */
  static String dimensionsText(Map<String, String> dimensions) {
    List<String> fields = new ArrayList<>();
    dimensions.forEach(
        (name, value) -> {
          fields.add(name);
          fields.add(value);
        });
    return FieldText.join(fields);
  }

  static Map<String, String> dimensions(String text) {
    List<String> fields = FieldText.split(text, 2);
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i += 2) {
      dimensions.put(fields.get(i), fields.get(i + 1));
    }
    return dimensions;
  }
}
