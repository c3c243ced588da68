package io.isthmus.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigData;
import io.isthmus.config.StoreException;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.server.app.IsthmusProperties;
import io.isthmus.server.health.HealthService;
import io.isthmus.server.health.HealthServices;
import io.isthmus.server.lastsnapshot.LastSnapshot;
import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import io.isthmus.server.snapshot.ServingState;
import io.isthmus.server.snapshot.ServingStates;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotRefresher;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The store's beans: the pool for the embedded database or a JDBC URL (with the PostgreSQL driver's
 * timeouts), the connection opened at start, and the keeper's wiring to the snapshot refresher.
 */
class StoreConfigurationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private final StoreConfiguration configuration = new StoreConfiguration();

  private static IsthmusProperties properties(Path dataDir, String... keysAndValues) {
    Map<String, String> map = new HashMap<>();
    map.put("isthmus.data-dir", dataDir.toString());
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Binder(new MapConfigurationPropertySource(map))
        .bindOrCreate("isthmus", IsthmusProperties.class);
  }

  @Test
  void withoutAUrlThePoolOpensTheEmbeddedDatabaseInANewDataDir() {
    Path dataDir = dir.resolve("data");
    try (HikariDataSource pool = configuration.configDataSource(properties(dataDir))) {
      assertThat(dataDir).isDirectory();
      assertThat(pool.getJdbcUrl())
          .isEqualTo(JdbcConfigStore.embeddedUrl(dataDir.toAbsolutePath()));
      assertThat(pool.getPoolName()).isEqualTo("isthmus-store");
      assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
      assertThat(pool.getConnectionTimeout()).isEqualTo(1_000);
      assertThat(pool.getValidationTimeout()).isEqualTo(500);
      assertThat(pool.getDataSourceProperties()).isEmpty();
    }
  }

  @Test
  void aBlankUrlIsTheEmbeddedDatabaseToo() {
    try (HikariDataSource pool =
        configuration.configDataSource(properties(dir, "isthmus.store.url", " "))) {
      assertThat(pool.getJdbcUrl()).isEqualTo(JdbcConfigStore.embeddedUrl(dir.toAbsolutePath()));
    }
  }

  @Test
  void aDataDirThatCannotBeCreatedStopsTheStart() throws Exception {
    Path file = Files.createFile(dir.resolve("taken"));

    assertThatThrownBy(() -> configuration.configDataSource(properties(file.resolve("data"))))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot create data dir");
  }

  @Test
  void aUrlNoDriverAcceptsStopsTheStartWithTheSettingsName() {
    assertThatThrownBy(
            () ->
                configuration.configDataSource(
                    properties(dir, "isthmus.store.url", "jdbc:nosuchdb://127.77.0.1/isthmus")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("isthmus.store.url")
        .hasMessageContaining("'jdbc:nosuchdb://127.77.0.1/isthmus'");
    assertThatThrownBy(() -> StoreConfiguration.requireADriverFor("postgres://127.77.0.1/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPostgresqlUrlGetsTheCredentialsAndTheDriversTimeouts() {
    try (HikariDataSource pool =
        configuration.configDataSource(
            properties(
                dir,
                "isthmus.store.url",
                "jdbc:postgresql://127.77.0.1:5432/isthmus",
                "isthmus.store.username",
                "isthmus",
                "isthmus.store.password",
                "secret"))) {
      assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.77.0.1:5432/isthmus");
      assertThat(pool.getUsername()).isEqualTo("isthmus");
      assertThat(pool.getPassword()).isEqualTo("secret");
      assertThat(pool.getDataSourceProperties())
          .containsEntry("connectTimeout", 1)
          .containsEntry("loginTimeout", 2)
          .containsEntry("socketTimeout", 10)
          .containsEntry("reWriteBatchedInserts", true);
      assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
    }
  }

  @Test
  void anotherUrlGetsTheCredentialsWithoutThePostgresqlProperties() {
    try (HikariDataSource pool =
        configuration.configDataSource(
            properties(
                dir,
                "isthmus.store.url",
                "jdbc:h2:mem:other",
                "isthmus.store.username",
                "sa",
                "isthmus.store.password",
                "pw"))) {
      assertThat(pool.getJdbcUrl()).isEqualTo("jdbc:h2:mem:other");
      assertThat(pool.getUsername()).isEqualTo("sa");
      assertThat(pool.getPassword()).isEqualTo("pw");
      assertThat(pool.getDataSourceProperties()).isEmpty();
    }
  }

  @Test
  void theStoreOpensAtStartAndEveryWrapperUsesIt() throws Exception {
    try (HikariDataSource pool = configuration.configDataSource(properties(dir));
        StoreConnection connection = configuration.storeConnection(pool)) {
      assertThat(connection.opened()).isPresent();
      assertThat(connection.isUp()).isTrue();

      AccountTokens tokens = configuration.accountTokens();
      assertThat(tokens).isNotNull();
      assertThat(configuration.configStore(connection, tokens).version()).isZero();
      assertThat(configuration.nodeRegistry(connection).nodes()).isEmpty();
      assertThat(configuration.metricPointStore(connection).after(0, 1)).isEmpty();
      assertThat(configuration.healthStatusStore(connection).statuses()).isEmpty();
      assertThat(configuration.leaseStore(connection).holder("health")).isEmpty();
      assertThat(configuration.auditStore(connection).find(0, null, null, 1)).isEmpty();
    }
  }

  @Test
  void readinessStaysUpAndSaysWhatTheNodeServes() throws Exception {
    try (HikariDataSource pool = configuration.configDataSource(properties(dir));
        StoreConnection connection = configuration.storeConnection(pool)) {
      Health current =
          configuration.configurationHealthIndicator(connection, new ServingState(CLOCK)).health();
      assertThat(current.getStatus()).isEqualTo(Status.UP);
      assertThat(current.getDetails())
          .containsEntry("configuration", StoreReadiness.CURRENT)
          .containsEntry("storeReachable", true);
    }
    try (StoreConnection away =
        StoreConnection.start(
            () -> {
              throw new StoreException("refused");
            },
            Duration.ofHours(1))) {
      away.awaitFirstAttempt(Duration.ofSeconds(30));
      Health stale =
          configuration.configurationHealthIndicator(away, ServingStates.fromFile(CLOCK)).health();
      assertThat(stale.getStatus()).isEqualTo(Status.UP);
      assertThat(stale.getDetails())
          .containsEntry("configuration", StoreReadiness.STALE)
          .containsEntry("storeReachable", false);
    }
  }

  /**
   * A start without the store serves the file's configuration; the store's opening refreshes at
   * once (the poll is an hour) to the store's newer version, and what it publishes is written to
   * the file.
   */
  @Test
  void theKeeperServesTheFileUntilTheStoreOpensThenKeepsTheStoresConfiguration() throws Exception {
    LastSnapshotFile file = LastSnapshotFile.in(dir);
    file.write(
        new LastSnapshot(
            ConfigData.ofZones(1, List.of(), List.of()),
            Map.of("hash-file", new Account("111111111111", "networking")),
            List.of()));
    try (JdbcConfigStore store = JdbcConfigStore.openEmbedded(dir)) {
      store.write(
          w -> {
            w.insertAccount(new Account("222222222222", "app"), "hash-old");
            return null;
          });
      store.write(
          w -> {
            w.updateAccountToken("222222222222", "hash-store");
            return null;
          });
    }
    AtomicBoolean reachable = new AtomicBoolean();
    ServingState state = new ServingState(CLOCK);
    AccountTokens tokens = new AccountTokens();
    HealthService health = HealthServices.alone(CLOCK);
    SnapshotHolder holder = new SnapshotHolder();
    try (StoreConnection connection =
            StoreConnection.start(
                () -> {
                  if (!reachable.get()) {
                    throw new StoreException("refused");
                  }
                  return JdbcConfigStore.openEmbedded(dir);
                },
                Duration.ofMillis(10));
        SnapshotRefresher refresher =
            new SnapshotRefresher(
                configuration.configStore(connection, tokens),
                holder,
                new SnapshotCompiler(CLOCK),
                state);
        LastSnapshotKeeper keeper =
            configuration.lastSnapshotKeeper(
                properties(dir), connection, tokens, refresher, health)) {
      assertThat(keeper).isNotNull();
      connection.awaitFirstAttempt(Duration.ofSeconds(30));
      refresher.start(Duration.ofHours(1));

      assertThat(holder.version()).isEqualTo(1);
      assertThat(state.servingStale()).isTrue();
      assertThat(tokens.known("hash-file")).isPresent();

      reachable.set(true);
      awaitTrue(() -> holder.version() == 2 && !state.servingStale());
      awaitTrue(() -> file.read().map(last -> last.config().version() == 2).orElse(false));
      assertThat(file.read().map(LastSnapshot::accountsByTokenHash).orElseThrow())
          .containsOnlyKeys("hash-store");
    } finally {
      health.close();
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
