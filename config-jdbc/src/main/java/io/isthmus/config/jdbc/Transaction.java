package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One transaction on a connection of its own. {@link #close} rolls back unless {@link #commit} ran,
 * then hands the connection back as it was lent (auto-commit, isolation, read-only), since a pool
 * may not reset them. Not thread-safe.
 */
final class Transaction implements AutoCloseable {
  private final Connection connection;
  private final boolean autoCommitBefore;
  private final int isolationBefore;
  private final boolean readOnlyBefore;
  private boolean committed;

  private Transaction(Connection connection) throws SQLException {
    this.connection = connection;
    this.autoCommitBefore = connection.getAutoCommit();
    this.isolationBefore = connection.getTransactionIsolation();
    this.readOnlyBefore = connection.isReadOnly();
  }

  /**
   * @param isolation a {@link Connection} TRANSACTION_* level
   */
  static Transaction begin(DataSource dataSource, int isolation, boolean readOnly)
      throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      Transaction transaction = new Transaction(connection);
      // Read-only and isolation must be set before the transaction's first statement.
      connection.setAutoCommit(false);
      connection.setReadOnly(readOnly);
      connection.setTransactionIsolation(isolation);
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
      connection.setTransactionIsolation(isolationBefore);
    }
  }
}
