package io.isthmus.config.jdbc;

import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.isthmus.config.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link AuditStore} over the {@code audit_log} table of the configuration database. Every call is
 * one auto-committed statement (two for a prune) on a connection of its own: like the node registry
 * it never touches {@code config_version}, so auditing neither waits for configuration writers nor
 * bumps the version, and the store's listeners never hear of it. Thread-safe.
 */
public final class JdbcAuditStore implements AuditStore {
  private static final String COLUMNS =
      "recorded_at, caller, method, path, resource_id, status, change_id, source_address";

  private final DataSource dataSource;

  /**
   * @param dataSource a database whose schema {@link JdbcConfigStore#open} has migrated; the store
   *     does not own it
   */
  public JdbcAuditStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void append(AuditEvent event) {
    try (Connection connection = dataSource.getConnection()) {
      execute(
          connection,
          "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          event.time().truncatedTo(ChronoUnit.MICROS),
          event.caller(),
          event.method(),
          event.path(),
          event.resourceId(),
          event.status(),
          event.changeId(),
          event.sourceAddress());
    } catch (SQLException e) {
      throw new StoreException("cannot append an audit record: " + e.getMessage(), e);
    }
  }

  @Override
  public List<AuditRecord> find(long afterSequence, Instant since, String caller, int limit) {
    StringBuilder sql = new StringBuilder("SELECT id, " + COLUMNS + " FROM audit_log WHERE id > ?");
    List<Object> params = new ArrayList<>();
    params.add(afterSequence);
    if (since != null) {
      sql.append(" AND recorded_at >= ?");
      params.add(since.truncatedTo(ChronoUnit.MICROS));
    }
    if (caller != null) {
      sql.append(" AND caller = ?");
      params.add(caller);
    }
    sql.append(" ORDER BY id LIMIT ?");
    params.add(limit);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      Sql.bind(statement, params.toArray());
      List<AuditRecord> records = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(record(rows));
        }
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return records;
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit trail: " + e.getMessage(), e);
    }
  }

  /**
   * By count: the record at offset {@code keep} from the newest is the newest one to go, so it and
   * every older one are deleted; fewer records than that leave the sub-query empty and delete none.
   */
  @Override
  public int prune(Instant olderThan, long keep) {
    if (keep < 0) {
      throw new IllegalArgumentException("keep must not be negative: " + keep);
    }
    try (Connection connection = dataSource.getConnection()) {
      int byAge =
          execute(
              connection,
              "DELETE FROM audit_log WHERE recorded_at < ?",
              olderThan.truncatedTo(ChronoUnit.MICROS));
      int byCount =
          execute(
              connection,
              "DELETE FROM audit_log WHERE id <="
                  + " (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?)",
              keep);
      return byAge + byCount;
    } catch (SQLException e) {
      throw new StoreException("cannot prune the audit trail: " + e.getMessage(), e);
    }
  }

  private static AuditRecord record(ResultSet row) throws SQLException {
    return new AuditRecord(
        row.getLong(1),
        new AuditEvent(
            row.getObject(2, OffsetDateTime.class).toInstant(),
            row.getString(3),
            row.getString(4),
            row.getString(5),
            row.getString(6),
            row.getInt(7),
            row.getString(8),
            row.getString(9)));
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
