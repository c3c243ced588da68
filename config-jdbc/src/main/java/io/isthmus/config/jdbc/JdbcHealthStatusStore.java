package io.isthmus.config.jdbc;

import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.StoredHealthStatus.Transition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link HealthStatusStore} over the {@code health_statuses} table of the configuration database,
 * one row per check. Outside the configuration's writes: it never touches {@code config_version},
 * so saving neither waits for configuration writers nor bumps the version, and the store's
 * listeners never hear of it. A save notifies {@link #CHANNEL} on commit (on PostgreSQL).
 *
 * <p>Times are kept to the microsecond, the precision both databases store. The history is kept as
 * text: each transition's time, {@code true} or {@code false}, and reason, one after the other in
 * {@link FieldText}. Thread-safe.
 */
public final class JdbcHealthStatusStore implements HealthStatusStore {
  private static final String COLUMNS =
      "check_id, healthy, alarm_state, since, reason, history, evaluated_by, evaluated_at";

  private static final String UPDATE =
      "UPDATE health_statuses SET healthy = ?, alarm_state = ?, since = ?, reason = ?,"
          + " history = ?, evaluated_by = ?, evaluated_at = ? WHERE check_id = ?";

  private static final String INSERT =
      "INSERT INTO health_statuses (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final DataSource dataSource;
  private final NotifySender notifications;

  /**
   * @param dataSource a database whose schema {@link JdbcConfigStore#open} has migrated; the store
   *     does not own it
   */
  public JdbcHealthStatusStore(DataSource dataSource) {
    this(dataSource, new NotifySender());
  }

  JdbcHealthStatusStore(DataSource dataSource, NotifySender notifications) {
    this.dataSource = dataSource;
    this.notifications = notifications;
  }

  /**
   * An UPDATE per status, then an INSERT for those with no row yet (PostgreSQL 14 has no MERGE and
   * H2 knows no ON CONFLICT DO UPDATE). Should two nodes insert one new check's status at once (a
   * takeover while the old leader still saves), the loser's INSERT hits the primary key; it then
   * tries once more, when its UPDATE finds the winner's row.
   *
   * @throws NullPointerException if a status has no evaluatedBy or evaluatedAt, or a transition no
   *     time or reason; nothing is saved
   */
  @Override
  public void save(List<StoredHealthStatus> statuses) {
    if (statuses.isEmpty()) {
      return;
    }
    List<Object[]> rows = statuses.stream().map(JdbcHealthStatusStore::row).toList();
    try {
      try {
        saveOnce(rows);
      } catch (SQLException e) {
        if (!Sql.isDuplicate(e)) {
          throw e;
        }
        saveOnce(rows);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot save health statuses: " + e.getMessage(), e);
    }
  }

  private void saveOnce(List<Object[]> rows) throws SQLException {
    try (Transaction transaction =
        Transaction.begin(dataSource, Connection.TRANSACTION_READ_COMMITTED, false)) {
      Connection connection = transaction.connection();
      List<Object[]> missing = new ArrayList<>();
      try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
        for (Object[] row : rows) {
          Sql.bind(update, updateParameters(row));
          update.addBatch();
        }
        int[] counts = update.executeBatch();
        for (int i = 0; i < counts.length; i++) {
          if (counts[i] == 0) {
            missing.add(rows.get(i));
          }
        }
      }
      if (!missing.isEmpty()) {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
          for (Object[] row : missing) {
            Sql.bind(insert, row);
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
      notifications.send(connection, CHANNEL, "");
      transaction.commit();
    }
  }

  /** The row in {@link #COLUMNS} order. */
  private static Object[] row(StoredHealthStatus status) {
    return new Object[] {
      status.checkId(),
      status.healthy(),
      status.alarmState(),
      micros(status.since()),
      status.reason(),
      historyText(status.history()),
      Objects.requireNonNull(status.evaluatedBy(), "evaluatedBy"),
      micros(Objects.requireNonNull(status.evaluatedAt(), "evaluatedAt"))
    };
  }

  /** {@link #UPDATE}'s parameters: the row's columns after the check id, then the check id. */
  private static Object[] updateParameters(Object[] row) {
    Object[] parameters = new Object[row.length];
    System.arraycopy(row, 1, parameters, 0, row.length - 1);
    parameters[row.length - 1] = row[0];
    return parameters;
  }

  @Override
  public List<StoredHealthStatus> statuses() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM health_statuses ORDER BY check_id");
        ResultSet rows = statement.executeQuery()) {
      List<StoredHealthStatus> statuses = new ArrayList<>();
      while (rows.next()) {
        statuses.add(status(rows));
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return statuses;
    } catch (SQLException e) {
      throw new StoreException("cannot read health statuses: " + e.getMessage(), e);
    }
  }

  /** Reads the check ids, then deletes the others by id: no statement grows with the checks. */
  @Override
  public void retainOnly(Collection<String> checkIds) {
    Set<String> kept = new HashSet<>(checkIds);
    try (Transaction transaction =
        Transaction.begin(dataSource, Connection.TRANSACTION_READ_COMMITTED, false)) {
      Connection connection = transaction.connection();
      List<String> orphans = new ArrayList<>();
      try (PreparedStatement select =
              connection.prepareStatement("SELECT check_id FROM health_statuses");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (!kept.contains(rows.getString(1))) {
            orphans.add(rows.getString(1));
          }
        }
      }
      if (!orphans.isEmpty()) {
        try (PreparedStatement delete =
            connection.prepareStatement("DELETE FROM health_statuses WHERE check_id = ?")) {
          for (String orphan : orphans) {
            delete.setString(1, orphan);
            delete.addBatch();
          }
          delete.executeBatch();
        }
      }
      transaction.commit();
    } catch (SQLException e) {
      throw new StoreException("cannot delete health statuses: " + e.getMessage(), e);
    }
  }

  private static StoredHealthStatus status(ResultSet row) throws SQLException {
    return new StoredHealthStatus(
        row.getString(1),
        row.getBoolean(2),
        row.getString(3),
        row.getObject(4, OffsetDateTime.class).toInstant(),
        row.getString(5),
        history(row.getString(6)),
        row.getString(7),
        row.getObject(8, OffsetDateTime.class).toInstant());
  }

  static String historyText(List<Transition> history) {
    List<String> fields = new ArrayList<>();
    for (Transition transition : history) {
      fields.add(micros(Objects.requireNonNull(transition.at(), "transition at")).toString());
      fields.add(Boolean.toString(transition.healthy()));
      fields.add(Objects.requireNonNull(transition.reason(), "transition reason"));
    }
    return FieldText.join(fields);
  }

  static List<Transition> history(String text) {
    List<String> fields = FieldText.split(text, 3);
    List<Transition> history = new ArrayList<>();
    for (int i = 0; i < fields.size(); i += 3) {
      history.add(
          new Transition(
              Instant.parse(fields.get(i)),
              Boolean.parseBoolean(fields.get(i + 1)),
              fields.get(i + 2)));
    }
    return history;
  }

  private static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }
}
