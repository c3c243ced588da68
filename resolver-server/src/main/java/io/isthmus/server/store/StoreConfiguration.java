package io.isthmus.server.store;

import com.zaxxer.hikari.HikariDataSource;
import io.isthmus.config.AuditStore;
import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.MetricPointStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.config.jdbc.StoreNotifications;
import io.isthmus.server.app.IsthmusProperties;
import io.isthmus.server.health.HealthService;
import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import io.isthmus.server.metrics.StoreMetrics;
import io.isthmus.server.snapshot.ServingState;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotRefresher;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The configuration store: the embedded file database under the data dir by default, or the JDBC
 * URL of {@code isthmus.store.url} (PostgreSQL when several nodes share one configuration). The
 * node does not need it to start: {@link StoreConnection} opens it in the background, and every
 * component reaches it through a fast-failing wrapper.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
  private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

  /**
   * The longest a request waits for a pooled connection: an admin call with the database away is
   * answered 503 within about this, not after Hikari's default 30 s.
   */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  /** How long a pooled connection's liveness check may take before it counts as broken. */
  static final Duration VALIDATION_TIMEOUT = Duration.ofMillis(500);

  /** PostgreSQL driver: seconds to open a TCP connection, and to log in. */
  static final int PG_CONNECT_TIMEOUT_SECONDS = 1;

  static final int PG_LOGIN_TIMEOUT_SECONDS = 2;

  /**
   * PostgreSQL driver: seconds a read may wait on a silent network (a partition drops packets
   * instead of refusing). Far above any statement of ours, which waits only for the version row.
   */
  static final int PG_SOCKET_TIMEOUT_SECONDS = 10;

  /** How often a node started without its store tries again to open (and migrate) it. */
  static final Duration OPEN_RETRY = Duration.ofSeconds(2);

  /**
   * How long the start waits for the first attempt to open the store; a migration that takes longer
   * goes on in the background while the node serves its last-snapshot file.
   */
  static final Duration START_WAIT = Duration.ofSeconds(10);

  @Bean(destroyMethod = "close")
  HikariDataSource configDataSource(IsthmusProperties properties) {
    IsthmusProperties.Store store = properties.store();
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("isthmus-store");
    if (store.url() == null || store.url().isBlank()) {
      try {
        Files.createDirectories(properties.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create data dir " + properties.dataDir(), e);
      }
      dataSource.setJdbcUrl(JdbcConfigStore.embeddedUrl(properties.dataDir().toAbsolutePath()));
    } else {
      requireADriverFor(store.url());
      dataSource.setJdbcUrl(store.url());
      dataSource.setUsername(store.username());
      dataSource.setPassword(store.password());
      if (store.url().startsWith("jdbc:postgresql:")) {
        dataSource.addDataSourceProperty("connectTimeout", PG_CONNECT_TIMEOUT_SECONDS);
        dataSource.addDataSourceProperty("loginTimeout", PG_LOGIN_TIMEOUT_SECONDS);
        dataSource.addDataSourceProperty("socketTimeout", PG_SOCKET_TIMEOUT_SECONDS);
        // A batch of inserts goes as multi-row INSERTs: a 500,000-record zone file import took
        // 10.2 s instead of 13.0 (docs/performance.md, "Scale, sixth sitting").
        dataSource.addDataSourceProperty("reWriteBatchedInserts", true);
      }
    }
    // Writes are rare and serialized; a small pool is plenty and keeps database load low. One
    // more connection is held by the LISTEN of StoreNotifications.
    dataSource.setMaximumPoolSize(4 + 1);
    // The store's transactions take connections to be lent at READ COMMITTED and change the level
    // only when they need another (JdbcConfigStore's Transaction): a server whose default a DBA
    // changed must not turn the writes into SERIALIZABLE ones. The pool sets it on every connection
    // it opens and puts it back on every connection returned with another.
    dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    dataSource.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    dataSource.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    return dataSource;
  }

  /**
   * A URL that no JDBC driver of the node accepts is a mistake in the configuration, not a store
   * that is away: the start stops with its name instead of retrying for ever (docs/operations.md
   * "When the store is down" covers a store that is merely unreachable).
   */
  static void requireADriverFor(String url) {
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "isthmus.store.url: no JDBC driver of this node accepts '"
              + url
              + "' (PostgreSQL: jdbc:postgresql://host:port/database)",
          e);
    }
  }

  /** Opens the store in the background; the start waits a little for the first attempt. */
  @Bean(destroyMethod = "close")
  StoreConnection storeConnection(HikariDataSource configDataSource) throws InterruptedException {
    StoreConnection connection =
        StoreConnection.start(() -> JdbcConfigStore.open(configDataSource), OPEN_RETRY);
    if (!connection.awaitFirstAttempt(START_WAIT)) {
      log.warn("Starting without the configuration store; it is opened once it can be reached");
    }
    return connection;
  }

  @Bean
  AccountTokens accountTokens() {
    return new AccountTokens();
  }

  @Bean
  AvailableConfigStore configStore(StoreConnection connection, AccountTokens tokens) {
    return new AvailableConfigStore(connection, tokens);
  }

  /**
   * Each configuration from the store is kept in the last-snapshot file with the health statuses,
   * which serve at a start without the store; the store's opening later triggers the catch-up at
   * once.
   */
  @Bean(destroyMethod = "close")
  LastSnapshotKeeper lastSnapshotKeeper(
      IsthmusProperties properties,
      StoreConnection connection,
      AccountTokens tokens,
      SnapshotRefresher refresher,
      HealthService health) {
    LastSnapshotKeeper keeper =
        new LastSnapshotKeeper(
            LastSnapshotFile.in(properties.dataDir()),
            connection,
            tokens,
            health::statusesToKeep,
            health::resumeFrom);
    refresher.whenStoreAwayAtStart(keeper::lastServed);
    refresher.onStoreDataPublished(keeper::published);
    connection.onOpen(opened -> refresher.requestRefresh());
    keeper.start();
    return keeper;
  }

  /** Readiness stays UP while serving the last-snapshot file; its details say so. */
  @Bean
  HealthIndicator configurationHealthIndicator(StoreConnection connection, ServingState state) {
    return new StoreReadiness(connection, state);
  }

  @Bean
  StoreUp storeMetrics(
      MeterRegistry registry,
      SnapshotHolder holder,
      ServingState state,
      StoreConnection connection,
      HealthService health) {
    StoreMetrics.bind(registry, holder, state, connection::isUp, health::healthLeader);
    return connection::isUp;
  }

  /** Whether the store was reached by its last use (the gauges' bean, for ordering only). */
  @FunctionalInterface
  interface StoreUp {
    boolean isUp();
  }

  /** Node heartbeats, in the same database (migrated by the store) but outside its versioning. */
  @Bean
  NodeRegistry nodeRegistry(StoreConnection connection) {
    return new AvailableNodeRegistry(connection);
  }

  /** Metric points posted to any node, read by every node's health evaluator. */
  @Bean
  MetricPointStore metricPointStore(StoreConnection connection) {
    return new AvailableMetricPointStore(connection);
  }

  /** The health leader's statuses, applied by every other node. */
  @Bean
  HealthStatusStore healthStatusStore(StoreConnection connection) {
    return new AvailableHealthStatusStore(connection);
  }

  /** The lease of the one node that evaluates the health checks. */
  @Bean
  LeaseStore leaseStore(StoreConnection connection) {
    return new AvailableLeaseStore(connection);
  }

  /**
   * Push: on PostgreSQL, a committed configuration write refreshes every node's snapshot at once
   * and a saved health status reaches every node's health table, without waiting for the poll
   * (which stays as the safety net, and is the only path on the embedded database). After a lost
   * connection the listener reconnects by itself and runs both callbacks to catch up.
   */
  @Bean(destroyMethod = "close")
  StoreNotifications storeNotifications(
      HikariDataSource configDataSource, SnapshotRefresher refresher, HealthService health) {
    return StoreNotifications.listen(
        configDataSource,
        Map.of(
            StoreNotifications.CONFIG_CHANNEL,
            refresher::requestRefresh,
            HealthStatusStore.CHANNEL,
            health.statusesChangedListener()));
  }

  /** The admin API's audit trail, in the same database, outside its versioning. */
  @Bean
  AuditStore auditStore(StoreConnection connection) {
    return new AvailableAuditStore(connection);
  }
}
