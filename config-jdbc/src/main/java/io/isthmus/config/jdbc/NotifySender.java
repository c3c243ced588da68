package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Sends a PostgreSQL notification inside the caller's transaction, so that it goes out when the
 * transaction commits and never when it rolls back (PostgreSQL, NOTIFY). On another database (H2)
 * it does nothing: there, nodes learn of changes by polling. Whether the database is PostgreSQL is
 * asked once, on the first connection it sees. Thread-safe.
 */
final class NotifySender {
  private volatile Boolean postgres;

  /** Queues {@code payload} on {@code channel} in the transaction open on {@code connection}. */
  void send(Connection connection, String channel, String payload) throws SQLException {
    if (!isPostgres(connection)) {
      return;
    }
    // pg_notify rather than NOTIFY: NOTIFY takes no bind parameters.
    try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      statement.setString(1, channel);
      statement.setString(2, payload);
      statement.execute(); // one row holding void, closed with the statement
    }
  }

  private boolean isPostgres(Connection connection) throws SQLException {
    Boolean known = postgres;
    if (known == null) {
      known = isPostgresDatabase(connection);
      postgres = known;
    }
    return known;
  }

  /** Whether {@code connection} is to PostgreSQL (H2 in PostgreSQL mode names itself H2). */
  static boolean isPostgresDatabase(Connection connection) throws SQLException {
    return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
  }
}
