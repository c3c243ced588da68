package io.isthmus.config.jdbc;

import io.isthmus.config.LeaseStore;
import io.isthmus.config.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link LeaseStore} over the {@code leases} table of the configuration database. Every call is one
 * auto-committed statement (two when an acquire does not find the lease to renew or take) on a
 * connection of its own, outside the configuration's writes. Expiry is reckoned on the database's
 * clock ({@code CURRENT_TIMESTAMP}) alone, so the nodes' clocks need not agree.
 *
 * <p>The database settles races: a conditional UPDATE takes the row lock, and a node whose UPDATE
 * waited for another's re-reads the row as committed and no longer finds it free (PostgreSQL and H2
 * both re-check the condition of a row they waited for); of two INSERTs for a lease no one held
 * yet, the primary key refuses the second. So of nodes acquiring a free lease at once exactly one
 * wins. Thread-safe.
 */
public final class JdbcLeaseStore implements LeaseStore {
  /**
   * The expiry {@code ttl} milliseconds from now. An interval literal times a number, which both
   * databases accept (PostgreSQL's make_interval is unknown to H2, H2's DATEADD to PostgreSQL).
   */
  private static final String EXPIRY =
      "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";

  private final DataSource dataSource;

  /**
   * @param dataSource a database whose schema {@link JdbcConfigStore#open} has migrated; the store
   *     does not own it
   */
  public JdbcLeaseStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A lease is free once its expiry is not after now, so a {@code ttl} of zero takes it and lets it
   * go at once.
   *
   * @throws IllegalArgumentException if {@code ttl} is negative
   */
  @Override
  public boolean acquire(String name, String holder, Duration ttl) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative: " + ttl);
    }
    long millis = ttl.toMillis();
    try (Connection connection = dataSource.getConnection()) {
      String takeOrRenew =
          "UPDATE leases SET holder = ?, expires_at = "
              + EXPIRY
              + " WHERE name = ? AND (holder = ? OR expires_at <= CURRENT_TIMESTAMP)";
      if (execute(connection, takeOrRenew, holder, millis, name, holder) > 0) {
        return true;
      }
      // Inserts nothing, without an error in the server's log, when the lease is held: only two
      // nodes taking a lease that no one ever held can collide on the primary key.
      String takeNew =
          "INSERT INTO leases (name, holder, expires_at) SELECT ?, ?, "
              + EXPIRY
              + " WHERE NOT EXISTS (SELECT 1 FROM leases WHERE name = ?)";
      try {
        return execute(connection, takeNew, name, holder, millis, name) > 0;
      } catch (SQLException e) {
        if (!Sql.isDuplicate(e)) {
          throw e;
        }
        if (!connection.getAutoCommit()) {
          connection.rollback(); // PostgreSQL refuses every further statement of a failed one
        }
        return false; // another node inserted it first
      }
    } catch (SQLException e) {
      throw new StoreException("cannot acquire the lease " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> holder(String name) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT holder FROM leases WHERE name = ? AND expires_at > CURRENT_TIMESTAMP")) {
      statement.setString(1, name);
      Optional<String> holder;
      try (ResultSet row = statement.executeQuery()) {
        holder = row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return holder;
    } catch (SQLException e) {
      throw new StoreException("cannot read the lease " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void release(String name, String holder) {
    try (Connection connection = dataSource.getConnection()) {
      execute(connection, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder);
    } catch (SQLException e) {
      throw new StoreException("cannot release the lease " + name + ": " + e.getMessage(), e);
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
