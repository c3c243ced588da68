package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a {@link Transaction} treats the connection it is lent (an in-memory H2 database): the calls
 * it makes on it are recorded, and "closing" the lent connection keeps the real one open to look at
 * what was handed back.
 */
class TransactionTest {
  private final Connection real;
  private final List<String> calls = new ArrayList<>();

  TransactionTest() throws SQLException {
    real = DriverManager.getConnection("jdbc:h2:mem:transaction-test");
  }

  @AfterEach
  void closeTheRealConnection() throws SQLException {
    real.close();
  }

  /** Lends {@link #real}, recording every isolation call made on it and ignoring close. */
  private DataSource lending() {
    Connection lent =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  String name = method.getName();
                  if (name.equals("close")) {
                    calls.add("close");
                    return null;
                  }
                  if (name.contains("TransactionIsolation")) {
                    calls.add(name + (args == null ? "" : " " + args[0]));
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return new DataSource() {
      @Override
      public Connection getConnection() {
        return lent;
      }

      @Override
      public Connection getConnection(String user, String password) {
        return lent;
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
      }

      @Override
      public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> type) {
        return false;
      }
    };
  }

  @Test
  void aTransactionAtTheLentLevelNeitherAsksNorSetsIt() throws SQLException {
    assertThat(real.getTransactionIsolation()).isEqualTo(Transaction.LENT_ISOLATION);

    try (Transaction transaction =
        Transaction.begin(lending(), Connection.TRANSACTION_READ_COMMITTED, false)) {
      transaction.commit();
    }

    assertThat(calls).containsExactly("close");
    assertThat(real.getAutoCommit()).isTrue();
  }

  @Test
  void aTransactionAtAnotherLevelSetsItAndPutsTheLentOneBack() throws SQLException {
    try (Transaction transaction =
        Transaction.begin(lending(), Connection.TRANSACTION_SERIALIZABLE, true)) {
      assertThat(real.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
    }

    assertThat(calls)
        .containsExactly(
            "setTransactionIsolation " + Connection.TRANSACTION_SERIALIZABLE,
            "setTransactionIsolation " + Transaction.LENT_ISOLATION,
            "close");
    assertThat(real.getTransactionIsolation()).isEqualTo(Transaction.LENT_ISOLATION);
    assertThat(real.getAutoCommit()).isTrue();
  }

  @Test
  void anUncommittedTransactionIsRolledBack() throws SQLException {
    try (var statement = real.createStatement()) {
      statement.execute("CREATE TABLE t (v INT)");
    }
    try (Transaction transaction =
        Transaction.begin(lending(), Connection.TRANSACTION_READ_COMMITTED, false)) {
      try (var statement = transaction.connection().createStatement()) {
        statement.execute("INSERT INTO t VALUES (1)");
      }
    }

    try (var statement = real.createStatement();
        var rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
      rows.next();
      assertThat(rows.getInt(1)).isZero();
    }
  }
}
