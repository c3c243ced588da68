package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HealthStatusStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The behaviour of {@link JdbcConfigStore} on a real PostgreSQL server, the shared store of several
 * nodes: the whole {@link JdbcConfigStoreContract} plus what only a server does (NOTIFY/LISTEN,
 * sessions killed under a listener). One subclass per way of getting a server: the embedded one
 * everywhere, a container where a Docker engine exists; both run exactly these tests.
 */
abstract class PostgresStoreContract extends JdbcConfigStoreContract {
  private static final AtomicInteger names = new AtomicInteger();
  private String currentDatabase;

  /**
   * The server of this class's tests, its template migrated; aborts the calling test (reported as
   * skipped, with the reason) when there is none.
   */
  abstract PostgresServer server();

  /**
   * A copy of the migrated template (CREATE DATABASE … TEMPLATE copies files, far cheaper than
   * running every migration again); the store opens it as it would open a node's existing database.
   */
  @Override
  TestDatabase newMigratedDatabase() {
    PostgresServer server = server();
    String database = "store_" + names.incrementAndGet();
    server.execute("CREATE DATABASE " + database + " TEMPLATE " + PostgresServer.TEMPLATE);
    currentDatabase = database;
    return pooled(server, database, null);
  }

  /**
   * A schema of its own per test (much faster to create than a database); the store works in the
   * connection's current schema.
   */
  @Override
  TestDatabase newDatabase() {
    PostgresServer server = server();
    String schema = "store_" + names.incrementAndGet();
    server.execute("CREATE SCHEMA " + schema);
    return pooled(server, PostgresServer.MAINTENANCE, schema);
  }

  private static TestDatabase pooled(PostgresServer server, String database, String schema) {
    return new TestDatabase() {
      @Override
      public DataSource open() {
        return server.pool(database, schema);
      }

      @Override
      public void release(DataSource dataSource) {
        ((JdbcConnectionPool) dataSource).dispose();
      }
    };
  }

  /** An unpooled DataSource on this test's database: every connection a session of its own. */
  private DataSource unpooled() {
    return server().unpooled(currentDatabase);
  }

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** Polls {@code condition} until it holds, failing after {@link #DEADLINE}. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + DEADLINE.toSeconds() + " s: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** Counts the calls per channel of a {@link StoreNotifications}. */
  private static final class Calls {
    final AtomicInteger config = new AtomicInteger();
    final AtomicInteger health = new AtomicInteger();

    Map<String, Runnable> callbacks() {
      Map<String, Runnable> callbacks = new LinkedHashMap<>();
      // Called first, it throws: the others are called all the same.
      callbacks.put(
          "isthmus_broken",
          () -> {
            throw new IllegalStateException("a broken callback");
          });
      callbacks.put(StoreNotifications.CONFIG_CHANNEL, config::incrementAndGet);
      callbacks.put(HealthStatusStore.CHANNEL, health::incrementAndGet);
      return callbacks;
    }
  }

  private StoreNotifications listen(DataSource dataSource, Calls calls) {
    StoreNotifications notifications =
        StoreNotifications.listen(dataSource, calls.callbacks(), Duration.ofMillis(50));
    // Once listening, every callback runs once: the catch-up on what came before.
    await(
        "listening and caught up",
        () -> notifications.listening() && calls.config.get() == 1 && calls.health.get() == 1);
    return notifications;
  }

  @Test
  void aCommittedWriteIsNotifiedToAnotherNode() {
    Calls calls = new Calls();
    try (StoreNotifications notifications = listen(anotherDataSource(), calls)) {
      store.write(
          w -> {
            w.insertAccount(ACME, "hash-acme");
            return null;
          });
      await("the write notified", () -> calls.config.get() == 2);
      store.write(
          w -> {
            w.insertAccount(OTHER, "hash-other");
            return null;
          });
      await("the second write notified", () -> calls.config.get() == 3);
      assertThat(calls.health).hasValue(1);
    }
  }

  @Test
  void aHealthSaveNotifiesTheHealthChannel() {
    Calls calls = new Calls();
    try (StoreNotifications notifications = listen(unpooled(), calls)) {
      store.healthStatuses().save(List.of(TCP_UP));
      await("the save notified", () -> calls.health.get() == 2);
      assertThat(calls.config).hasValue(1);
      store.healthStatuses().save(List.of(PRIMARY_DOWN));
      await("the second save notified", () -> calls.health.get() == 3);
    }
  }

  @Test
  void aListenerWhoseSessionIsKilledReconnectsCatchesUpAndHearsLaterWrites() throws Exception {
    Calls calls = new Calls();
    try (StoreNotifications notifications = listen(unpooled(), calls)) {
      assertThat(killListeners()).isEqualTo(1);

      await(
          "reconnected and caught up",
          () -> notifications.listening() && calls.config.get() == 2 && calls.health.get() == 2);
      store.write(
          w -> {
            w.insertAccount(ACME, "hash-acme");
            return null;
          });
      await("the write notified after the reconnect", () -> calls.config.get() == 3);
    }
  }

  /** Terminates every listening session, as a server restart or a failover would. */
  private int killListeners() throws SQLException {
    try (Connection connection = unpooled().getConnection();
        PreparedStatement kill =
            connection.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = ? AND datname = current_database()")) {
      kill.setString(1, StoreNotifications.APPLICATION_NAME);
      int killed = 0;
      try (ResultSet rows = kill.executeQuery()) {
        while (rows.next()) {
          killed += rows.getBoolean(1) ? 1 : 0;
        }
      }
      return killed;
    }
  }

  @Test
  void closingStopsListeningAndGivesThePooledConnectionBackClean() throws Exception {
    Calls calls = new Calls();
    DataSource pooled = anotherDataSource();
    StoreNotifications notifications = listen(pooled, calls);
    notifications.close();

    assertThat(notifications.listening()).isFalse();
    assertThat(notifications.stopped()).isTrue();
    // The pool's connection neither listens nor bears the listener's name any more.
    try (Connection connection = pooled.getConnection();
        Statement statement = connection.createStatement();
        ResultSet channels = statement.executeQuery("SELECT pg_listening_channels()")) {
      assertThat(channels.next()).isFalse();
    }
    assertThat(killListeners()).isZero();
    store.write(
        w -> {
          w.insertAccount(ACME, "hash-acme");
          return null;
        });
    assertThat(calls.config).hasValue(1);
  }

  /**
   * A notification goes out on commit only. The committed write after the rolled-back one is
   * version 1 too, and notifications arrive in commit order: had the rolled-back write sent one, it
   * would have arrived first.
   */
  @Test
  void aRolledBackWriteSendsNoNotification() throws Exception {
    try (Connection listener = unpooled().getConnection()) {
      try (Statement statement = listener.createStatement()) {
        statement.execute("LISTEN " + StoreNotifications.CONFIG_CHANNEL);
      }
      assertThatThrownBy(
              () ->
                  store.write(
                      w -> {
                        w.insertAccount(ACME, "hash-acme");
                        throw new IllegalStateException("rolled back");
                      }))
          .isInstanceOf(IllegalStateException.class);
      store.write(
          w -> {
            w.insertAccount(OTHER, "hash-other");
            return null;
          });

      PGConnection postgresListener = listener.unwrap(PGConnection.class);
      List<String> payloads = new ArrayList<>();
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (payloads.isEmpty() && System.nanoTime() - deadline < 0) {
        PGNotification[] received = postgresListener.getNotifications(100);
        for (PGNotification notification : received) {
          payloads.add(notification.getParameter());
        }
      }
      assertThat(payloads).containsExactly("1");
      assertThat(store.version()).isEqualTo(1);
    }
  }
}
