package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.ConfigData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded H2 file database, the default of a single node. */
class JdbcConfigStoreTest extends JdbcConfigStoreContract {
  @TempDir Path dataDir;
  private int databases;

  /** A directory of its own per database, so that each is fresh. */
  @Override
  TestDatabase newDatabase() {
    Path directory = dataDir.resolve("db" + databases++);
    return new TestDatabase() {
      @Override
      public DataSource open() {
        return JdbcConfigStore.embeddedDataSource(directory);
      }

      @Override
      public void release(DataSource dataSource) {
        // Disposing the last pool closes the database file, as a process exit would.
        ((JdbcConnectionPool) dataSource).dispose();
      }
    };
  }

  @Test
  void embeddedUrlIsAnH2FileInTheDataDirectory() {
    assertThat(JdbcConfigStore.embeddedUrl(dataDir))
        .startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("isthmus") + ";")
        .contains("MODE=PostgreSQL")
        // Closed by the node's stop, after it left the registry, not by H2's own shutdown hook.
        .contains("DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void openEmbeddedCreatesTheDirectoryAndCloseReleasesTheDatabase() throws Exception {
    Path nested = dataDir.resolve("a/b");
    ConfigData written;
    try (JdbcConfigStore embedded = JdbcConfigStore.openEmbedded(nested)) {
      embedded.write(
          w -> {
            w.insertAccount(ACME, "hash-acme");
            w.insertVpc(NET);
            return null;
          });
      written = embedded.load();
    }
    try (Stream<Path> files = Files.list(nested)) {
      assertThat(files).anyMatch(file -> file.getFileName().toString().endsWith(".db"));
    }

    // With the first store closed, H2 has closed the file: this reopens it from disk.
    try (JdbcConfigStore reopened = JdbcConfigStore.openEmbedded(nested)) {
      assertThat(reopened.load()).isEqualTo(written);
      assertThat(reopened.version()).isEqualTo(1);
    }
  }

  /**
   * Every connection of an unpooled DataSource is a session other than the migration's, on a
   * database that stays open: the schema must hold no constraint that works only in the session
   * that created it (see V2__resolver.sql).
   */
  @Test
  void writesWorkInSessionsOtherThanTheMigrations() {
    JdbcDataSource unpooled = new JdbcDataSource();
    unpooled.setURL(
        "jdbc:h2:mem:sessions-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    try (JdbcConfigStore sessions = JdbcConfigStore.open(unpooled)) {
      sessions.write(
          w -> {
            w.insertAccount(ACME, "hash-acme");
            w.insertVpc(NET);
            w.insertEndpoint(OUTBOUND);
            w.insertRule(FORWARD);
            w.insertHealthCheck(METRIC_CHECK);
            w.insertHealthCheck(HTTPS_CHECK);
            w.insertHealthCheck(HTTP_CHECK);
            w.insertHealthCheck(CALCULATED_CHECK);
            return null;
          });
      assertThat(sessions.rules()).containsExactly(FORWARD);
      assertThat(sessions.healthChecks())
          .containsExactly(METRIC_CHECK, HTTPS_CHECK, HTTP_CHECK, CALCULATED_CHECK);
      sessions.write(
          w -> {
            w.deleteHealthCheck(CALCULATED_CHECK.id());
            w.deleteHealthCheck(METRIC_CHECK.id());
            return null;
          });
      assertThat(sessions.healthChecks()).containsExactly(HTTPS_CHECK, HTTP_CHECK);
    }
  }

  /** On H2 nothing is ever notified: the listener stops at once and never calls back. */
  @Test
  void notificationsOnH2StopWithoutCallingBack() {
    AtomicInteger calls = new AtomicInteger();
    StoreNotifications notifications =
        StoreNotifications.listen(
            anotherDataSource(), Map.of(StoreNotifications.CONFIG_CHANNEL, calls::incrementAndGet));
    try (notifications) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!notifications.stopped() && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
      assertThat(notifications.stopped()).isTrue();
      store.write(w -> null);
      assertThat(notifications.listening()).isFalse();
      assertThat(calls).hasValue(0);
    }
  }

  @Test
  void notificationsNeedChannelsThatAreNames() {
    DataSource dataSource = anotherDataSource();
    assertThatThrownBy(() -> StoreNotifications.listen(dataSource, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : List.of("", "Upper", "1st", "semi;colon", "x".repeat(64))) {
      assertThatThrownBy(() -> StoreNotifications.listen(dataSource, Map.of(bad, () -> {})))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
