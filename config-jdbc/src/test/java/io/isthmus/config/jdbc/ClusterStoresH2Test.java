package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.MetricPointStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.RegisteredNode;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.StoredMetricPoint;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster stores' paths that only H2 lets a test force every time: connections lent without
 * auto-commit, the primary-key collision of two nodes inserting one new row (made certain by an
 * insert another session holds uncommitted, instead of by a race), and the notification listener
 * while the database is away. The shared behaviour is in {@link JdbcConfigStoreContract}.
 */
class ClusterStoresH2Test {
  private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

  /** Long enough that a statement waiting for another session's insert never times out. */
  private static final String SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
          + ";LOCK_TIMEOUT=60000";

  private final String name = "cluster-" + UUID.randomUUID();
  private JdbcConfigStore store;
  private ExecutorService node;

  @BeforeEach
  void openStore() {
    store = JdbcConfigStore.open(dataSource(""));
    node = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void closeStore() throws SQLException {
    node.shutdownNow();
    store.close();
    try (Connection connection = connection()) {
      connection.createStatement().execute("SHUTDOWN");
    }
  }

  /** An unpooled DataSource on this test's in-memory database, with {@code extra} settings. */
  private DataSource dataSource(String extra) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + SETTINGS + extra);
    return dataSource;
  }

  private Connection connection() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:" + name + SETTINGS);
  }

  private static int count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getInt(1);
    }
  }

  /**
   * A pool that lends connections without auto-commit (as some pools are configured to) must still
   * see every write committed: closing such a connection rolls back what is left open.
   */
  @Test
  void onConnectionsLentWithoutAutoCommitEveryWriteIsCommitted() throws Exception {
    DataSource manual = dataSource(";AUTOCOMMIT=FALSE");
    try (Connection lent = manual.getConnection()) {
      assertThat(lent.getAutoCommit()).isFalse();
    }
    NodeRegistry nodes = new JdbcNodeRegistry(manual);
    LeaseStore leases = new JdbcLeaseStore(manual);
    MetricPointStore points = new JdbcMetricPointStore(manual);

    nodes.heartbeat("node-a", List.of("us-east-1"), 1, AT, AT);
    nodes.heartbeat("node-a", List.of("us-east-1"), 2, AT, AT.plusSeconds(1), true);
    assertThat(store.nodeRegistry().nodes())
        .containsExactly(
            new RegisteredNode("node-a", List.of("us-east-1"), 2, AT, AT.plusSeconds(1), true));
    assertThat(nodes.nodes()).isEqualTo(store.nodeRegistry().nodes());

    assertThat(leases.acquire("health", "node-a", Duration.ofMinutes(1))).isTrue();
    assertThat(store.leases().holder("health")).contains("node-a");
    assertThat(leases.acquire("health", "node-a", Duration.ZERO)).isTrue();
    assertThat(store.leases().holder("health")).isEmpty();
    assertThat(leases.acquire("health", "node-b", Duration.ofMinutes(1))).isTrue();
    assertThat(leases.holder("health")).contains("node-b");
    leases.release("health", "node-b");
    assertThat(store.leases().holder("health")).isEmpty();

    StoredMetricPoint point = new StoredMetricPoint(0, "111111111111", "App", "E", Map.of(), AT, 1);
    points.append(List.of(point, point));
    assertThat(points.after(0, 10)).hasSize(2);
    assertThat(points.deleteBefore(AT.plusSeconds(1))).isEqualTo(2);
    assertThat(store.metricPoints().after(0, 10)).isEmpty();

    HealthStatusStore statuses = new JdbcHealthStatusStore(manual);
    statuses.save(List.of(status("hc-a", "node-a")));
    assertThat(statuses.statuses()).isEqualTo(store.healthStatuses().statuses()).hasSize(1);
  }

  private static StoredHealthStatus status(String checkId, String evaluatedBy) {
    return new StoredHealthStatus(checkId, true, null, AT, "r", List.of(), evaluatedBy, AT);
  }

  /**
   * Runs {@code call} on another thread while a second session holds {@code insert} uncommitted:
   * the call's UPDATE does not see that row, its INSERT waits for the session on the primary key,
   * and the session commits then, so the INSERT meets a duplicate key.
   */
  private <T> T whileAnotherNodeInserts(String insert, String table, Callable<T> call)
      throws Exception {
    try (Connection other = connection();
        Connection watcher = connection()) {
      other.setAutoCommit(false);
      try (Statement statement = other.createStatement()) {
        statement.executeUpdate(insert);
      }
      Future<T> result = node.submit(call);
      String waiting =
          "SELECT COUNT(*) FROM information_schema.sessions"
              + " WHERE executing_statement LIKE 'INSERT INTO "
              + table
              + " %'";
      awaitTrue(
          () -> {
            try {
              return count(watcher, waiting) > 0 || result.isDone();
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(result.isDone()).as("the call waits for the other node's insert").isFalse();
      other.commit();
      return result.get(60, TimeUnit.SECONDS);
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void aStatusSaveThatMeetsAnotherLeadersNewRowSavesOverIt() throws Exception {
    HealthStatusStore statuses = store.healthStatuses();
    whileAnotherNodeInserts(
        "INSERT INTO health_statuses (check_id, healthy, since, reason, history, evaluated_by,"
            + " evaluated_at) VALUES ('hc-a', FALSE, TIMESTAMP '2029-01-01 00:00:00', 'old', '',"
            + " 'node-old', TIMESTAMP '2029-01-01 00:00:00')",
        "health_statuses",
        () -> {
          statuses.save(List.of(status("hc-a", "node-new")));
          return null;
        });
    assertThat(statuses.statuses()).containsExactly(status("hc-a", "node-new"));
  }

  @Test
  void aLeaseThatAnotherNodeTakesFirstIsNotAcquired() throws Exception {
    LeaseStore leases = store.leases();
    boolean acquired =
        whileAnotherNodeInserts(
            "INSERT INTO leases (name, holder, expires_at)"
                + " VALUES ('health', 'node-old', CURRENT_TIMESTAMP + INTERVAL '1' HOUR)",
            "leases",
            () -> leases.acquire("health", "node-new", Duration.ofMinutes(1)));
    assertThat(acquired).isFalse();
    assertThat(leases.holder("health")).contains("node-old");
  }

  @Test
  void aFirstHeartbeatThatMeetsAnotherProcesssRowReplacesIt() throws Exception {
    NodeRegistry nodes = store.nodeRegistry();
    whileAnotherNodeInserts(
        "INSERT INTO nodes (node_id, regions, snapshot_generation, started_at, last_seen,"
            + " serving_stale) VALUES ('node-a', '', 1, TIMESTAMP '2029-01-01 00:00:00',"
            + " TIMESTAMP '2029-01-01 00:00:00', FALSE)",
        "nodes",
        () -> {
          nodes.heartbeat("node-a", List.of("us-west-2"), 9, AT, AT, true);
          return null;
        });
    assertThat(nodes.nodes())
        .containsExactly(new RegisteredNode("node-a", List.of("us-west-2"), 9, AT, AT, true));
  }

  /**
   * A real H2 DataSource that counts the connection attempts that have returned or failed: what
   * shows a listener's retries without reading its log. The connections are H2's own.
   */
  private static final class CountingDataSource implements DataSource {
    final AtomicInteger attempts = new AtomicInteger();
    private final JdbcDataSource h2 = new JdbcDataSource();

    CountingDataSource(String url) {
      h2.setURL(url);
    }

    @Override
    public Connection getConnection() throws SQLException {
      try {
        return h2.getConnection();
      } finally {
        attempts.incrementAndGet();
      }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("only the URL's user");
    }

    @Override
    public PrintWriter getLogWriter() {
      return h2.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      h2.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
      h2.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return h2.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return h2.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return h2.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return h2.isWrapperFor(iface);
    }
  }

  /** A database that does not exist (yet): every connection attempt fails at once. */
  private static CountingDataSource absentDatabase(String url) {
    return new CountingDataSource(url + ";IFEXISTS=TRUE");
  }

  private static StoreNotifications listen(DataSource dataSource, Duration firstRetry) {
    return StoreNotifications.listen(
        dataSource, Map.of(StoreNotifications.CONFIG_CHANNEL, () -> {}), firstRetry);
  }

  @Test
  void theListenerBacksOffWhileTheDatabaseIsAwayAndCloseEndsTheBackOff() {
    CountingDataSource absent = absentDatabase("jdbc:h2:mem:absent-" + UUID.randomUUID());
    StoreNotifications notifications = listen(absent, Duration.ofHours(1));
    try (notifications) {
      assertThat(notifications.stopped()).isFalse();
      awaitTrue(() -> absent.attempts.get() > 0);
      assertThat(notifications.listening()).isFalse();
    }
    // close() interrupted the hour-long back-off and waited for the thread.
    assertThat(notifications.stopped()).isTrue();
    assertThat(absent.attempts).hasValue(1);
  }

  @Test
  void theListenerConnectsOnceTheDatabaseIsBack() throws Exception {
    String url = "jdbc:h2:mem:late-" + UUID.randomUUID();
    CountingDataSource late = absentDatabase(url);
    AtomicInteger calls = new AtomicInteger();
    StoreNotifications notifications =
        StoreNotifications.listen(
            late,
            Map.of(StoreNotifications.CONFIG_CHANNEL, calls::incrementAndGet),
            Duration.ofMillis(1));
    try (notifications) {
      awaitTrue(() -> late.attempts.get() >= 3);
      assertThat(notifications.stopped()).isFalse();
      try (Connection created = DriverManager.getConnection(url)) {
        // Connected at last, the listener finds H2 and leaves the node to its poll.
        awaitTrue(notifications::stopped);
        assertThat(created.isValid(1)).isTrue();
      }
    }
    assertThat(notifications.listening()).isFalse();
    assertThat(calls).hasValue(0);
  }

  /** Closing from an interrupted thread still closes, and leaves that thread interrupted. */
  @Test
  void closeKeepsTheCallersInterrupt() {
    StoreNotifications notifications =
        listen(absentDatabase("jdbc:h2:mem:absent-" + UUID.randomUUID()), Duration.ofHours(1));
    Thread.currentThread().interrupt();
    notifications.close();
    assertThat(Thread.interrupted()).isTrue();
    awaitTrue(notifications::stopped);
  }

  /** The listening thread never keeps a node's JVM from exiting. */
  @Test
  void theListeningThreadIsADaemon() {
    try (StoreNotifications notifications =
        listen(absentDatabase("jdbc:h2:mem:absent-" + UUID.randomUUID()), Duration.ofHours(1))) {
      assertThat(notifications.stopped()).isFalse();
      assertThat(Thread.getAllStackTraces().keySet())
          .filteredOn(thread -> thread.getName().equals("store-notifications"))
          .isNotEmpty()
          .allMatch(Thread::isDaemon);
    }
  }
}
