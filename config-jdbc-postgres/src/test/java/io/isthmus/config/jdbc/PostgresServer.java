package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A running PostgreSQL server as the store tests see it, whoever started it (an embedded server or
 * a container): how to reach each of its databases as a superuser, and the migrated template
 * database that each test's store copies. Immutable once {@link #withTemplate prepared}; its
 * methods may be called from any thread.
 */
final class PostgresServer {

  /** The database each test's store copies: migrated once, then never connected to again. */
  static final String TEMPLATE = "store_template";

  /** The database every server has, where databases and schemas are created. */
  static final String MAINTENANCE = "postgres";

  private final UnaryOperator<String> jdbcUrl;
  private final String user;
  private final String password;

  private PostgresServer(UnaryOperator<String> jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * The server reached through {@code jdbcUrl} (a database's name to its JDBC URL) as {@code user},
   * a superuser, once the store has migrated its {@link #TEMPLATE} database.
   */
  static PostgresServer withTemplate(UnaryOperator<String> jdbcUrl, String user, String password) {
    PostgresServer server = new PostgresServer(jdbcUrl, user, password);
    server.execute("CREATE DATABASE " + TEMPLATE);
    JdbcConnectionPool pool = server.pool(TEMPLATE, null);
    try {
      JdbcConfigStore.open(pool).close();
    } finally {
      pool.dispose();
    }
    return server;
  }

  /** Runs one statement in the maintenance database, in a session of its own. */
  void execute(String sql) {
    try (Connection connection = unpooled(MAINTENANCE).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * Pooled, as a node's DataSource would be: a connection per statement costs a login. With a
   * {@code schema}, the pool's connections work in it.
   */
  JdbcConnectionPool pool(String database, String schema) {
    PGConnectionPoolDataSource connections = new PGConnectionPoolDataSource();
    connections.setURL(jdbcUrl.apply(database));
    connections.setUser(user);
    connections.setPassword(password);
    if (schema != null) {
      connections.setCurrentSchema(schema);
    }
    return JdbcConnectionPool.create(connections);
  }

  /** An unpooled DataSource on {@code database}: every connection a session of its own. */
  DataSource unpooled(String database) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl.apply(database));
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }
}
