package io.isthmus.config.jdbc;

import io.isthmus.config.NodeRegistry;
import io.isthmus.config.RegisteredNode;
import io.isthmus.config.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link NodeRegistry} over the {@code nodes} table of the configuration database. Every call is
 * one auto-committed statement (two for a node's first beat) on a connection of its own: it never
 * touches {@code config_version}, so it neither waits for configuration writers nor bumps the
 * version, and the store's listeners never hear of it. Times are kept to the microsecond, the
 * precision both databases store. Thread-safe.
 */
public final class JdbcNodeRegistry implements NodeRegistry {
  private static final String COLUMNS =
      "node_id, regions, snapshot_generation, started_at, last_seen, serving_stale";

  private final DataSource dataSource;

  /**
   * @param dataSource a database whose schema {@link JdbcConfigStore#open} has migrated; the
   *     registry does not own it
   */
  public JdbcNodeRegistry(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * An UPDATE, then an INSERT for a node seen for the first time: PostgreSQL 14 has no MERGE and H2
   * knows no ON CONFLICT DO UPDATE. Should two processes claim one new node id at once, the loser's
   * INSERT hits the primary key and it updates the winner's row instead.
   */
  @Override
  public void heartbeat(
      String nodeId,
      List<String> regions,
      long snapshotGeneration,
      Instant startedAt,
      Instant now,
      boolean servingStale) {
    for (String region : regions) {
      if (region.isEmpty() || region.contains(",")) {
        throw new IllegalArgumentException("not a region name: '" + region + "'");
      }
    }
    String joined = String.join(",", regions);
    Instant started = startedAt.truncatedTo(ChronoUnit.MICROS);
    Instant seen = now.truncatedTo(ChronoUnit.MICROS);
    try (Connection connection = dataSource.getConnection()) {
      String update =
          "UPDATE nodes SET regions = ?, snapshot_generation = ?, started_at = ?, last_seen = ?,"
              + " serving_stale = ? WHERE node_id = ?";
      Object[] updated = {joined, snapshotGeneration, started, seen, servingStale, nodeId};
      if (execute(connection, update, updated) > 0) {
        return;
      }
      try {
        execute(
            connection,
            "INSERT INTO nodes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
            nodeId,
            joined,
            snapshotGeneration,
            started,
            seen,
            servingStale);
      } catch (SQLException e) {
        if (!Sql.isDuplicate(e)) {
          throw e;
        }
        if (!connection.getAutoCommit()) {
          connection.rollback(); // PostgreSQL refuses every further statement of a failed one
        }
        execute(connection, update, updated);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record the heartbeat of node " + nodeId, e);
    }
  }

  @Override
  public List<RegisteredNode> nodes() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM nodes ORDER BY node_id");
        ResultSet rows = statement.executeQuery()) {
      List<RegisteredNode> nodes = new ArrayList<>();
      while (rows.next()) {
        String regions = rows.getString(2);
        nodes.add(
            new RegisteredNode(
                rows.getString(1),
                regions.isEmpty() ? List.of() : Arrays.asList(regions.split(",")),
                rows.getLong(3),
                rows.getObject(4, OffsetDateTime.class).toInstant(),
                rows.getObject(5, OffsetDateTime.class).toInstant(),
                rows.getBoolean(6)));
      }
      return nodes;
    } catch (SQLException e) {
      throw new StoreException("cannot read the registered nodes: " + e.getMessage(), e);
    }
  }

  @Override
  public void forget(String nodeId) {
    try (Connection connection = dataSource.getConnection()) {
      execute(connection, "DELETE FROM nodes WHERE node_id = ?", nodeId);
    } catch (SQLException e) {
      throw new StoreException("cannot forget node " + nodeId + ": " + e.getMessage(), e);
    }
  }

  /** Runs one statement and commits it, also on a connection lent without auto-commit. */
  private static int execute(Connection connection, String sql, Object... params)
      throws SQLException {
    int rows;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Sql.bind(statement, params);
      rows = statement.executeUpdate();
    }
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
    return rows;
  }
}
