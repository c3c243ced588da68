package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One transaction on a connection of its own. {@link #close} rolls back unless {@link #commit} ran,
 * then hands the connection back as it was lent (auto-commit, isolation, read-only), since a pool
 * may not reset them. Not thread-safe.
 *
 * <p>Connections are lent at {@link #LENT_ISOLATION}: the default of PostgreSQL and H2, and what
 * the node's pool sets on every connection it opens. So a transaction at that level sets nothing,
 * and one at another level sets it and puts it back. Asking a connection for its level is not free:
 * the PostgreSQL driver asks the server, and with the setting and the putting back that made three
 * of the about 23 round trips of a one-record change (docs/performance.md, "One-record changes on
 * PostgreSQL").
 */
final class Transaction implements AutoCloseable {
  /** The isolation level a connection has when the data source lends it. */
  static final int LENT_ISOLATION = Connection.TRANSACTION_READ_COMMITTED;

  private final Connection connection;
  private final boolean autoCommitBefore;
  private final boolean readOnlyBefore;
  private final boolean isolationChanged;
  private boolean committed;

  private Transaction(Connection connection, boolean isolationChanged) throws SQLException {
    this.connection = connection;
    this.autoCommitBefore = connection.getAutoCommit();
    this.readOnlyBefore = connection.isReadOnly();
    this.isolationChanged = isolationChanged;
  }

  /**
   * @param isolation a {@link Connection} TRANSACTION_* level
   */
  static Transaction begin(DataSource dataSource, int isolation, boolean readOnly)
      throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      Transaction transaction = new Transaction(connection, isolation != LENT_ISOLATION);
      // Read-only and isolation must be set before the transaction's first statement.
      connection.setAutoCommit(false);
      connection.setReadOnly(readOnly);
      if (transaction.isolationChanged) {
        connection.setTransactionIsolation(isolation);
      }
      return transaction;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  Connection connection() {
    return connection;
  }

  void commit() throws SQLException {
    connection.commit();
    committed = true;
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      if (!committed) {
        connection.rollback();
      }
      connection.setAutoCommit(autoCommitBefore);
      connection.setReadOnly(readOnlyBefore);
      if (isolationChanged) {
        connection.setTransactionIsolation(LENT_ISOLATION);
      }
    }
  }
}
