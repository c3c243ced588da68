package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import io.isthmus.server.snapshot.ServingState;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotRefresher;
import io.isthmus.server.store.AccountTokens;
import io.isthmus.server.store.LastSnapshotKeeper;
import io.isthmus.server.store.StoreConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health statuses of the last-snapshot file, with the real classes: a node restarted while the
 * store is away answers from the statuses it had before, from its very first snapshot, and the
 * store's statuses win once it is back.
 */
class StaleStartStatusesTest {
  static final HealthCheck T = ClusterHealthTest.tcp("t", 3);
  static final ConfigData CONFIG =
      new ConfigData(7, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(T));

  @TempDir Path dataDir;

  final TestClock clock = new TestClock("2024-01-01T00:00:30Z");
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final InMemoryMetricPointStore points = new InMemoryMetricPointStore();
  final InMemoryHealthStatusStore statuses = new InMemoryHealthStatusStore();
  final InMemoryLeaseStore leases = new InMemoryLeaseStore(clock);
  final StoreConnection storeAway =
      StoreConnection.start(
          () -> {
            throw new StoreUnavailableException("away");
          },
          Duration.ofHours(1));
  final ConfigStore configStore = mock(ConfigStore.class);
  final SnapshotHolder holder = new SnapshotHolder();
  SnapshotRefresher refresher;

  ClusterNode node(String id) {
    return new ClusterNode(id, clock, scheduler, points, statuses, leases);
  }

  HealthService service(String id, ClusterNode node, ClusterHealth cluster) {
    return new HealthService(
        node.monitor,
        scheduler,
        new HealthSignals(node.table),
        new HealthMetrics(new SimpleMeterRegistry(), node.table),
        node.shared,
        cluster,
        id,
        clock);
  }

  LastSnapshotKeeper keeper(HealthService health) {
    return new LastSnapshotKeeper(
        LastSnapshotFile.in(dataDir),
        storeAway,
        new AccountTokens(),
        health::statusesToKeep,
        health::resumeFrom);
  }

  @AfterEach
  void stop() {
    if (refresher != null) {
      refresher.close();
    }
    storeAway.close();
    scheduler.shutdownNow();
  }

  /** Node a leads and finds "t" unhealthy (three failed probes), and keeps that in its file. */
  ClusterNode aLeadsWithTUnhealthyInItsFile() {
    ClusterNode a = node("a");
    HealthService health = service("a", a, a.cluster);
    health.configurationLoaded(CONFIG);
    a.prober.answer("t", false, false, false);
    for (int i = 0; i < 31; i++) {
      a.cluster.tick();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(a.healthy("t")).isFalse();
    LastSnapshotKeeper keeper = keeper(health);
    keeper.published(CONFIG);
    keeper.close();
    return a;
  }

  /** Starts node c on the file of a, the store away; returns c's health at the first publish. */
  boolean startStale(ClusterNode c, HealthService health) throws Exception {
    when(configStore.load()).thenThrow(new StoreUnavailableException("away"));
    when(configStore.version()).thenThrow(new StoreUnavailableException("away"));
    HealthSignals signals = new HealthSignals(c.table);
    refresher =
        new SnapshotRefresher(
            configStore,
            holder,
            new SnapshotCompiler(clock, Set.of(), signals::signal),
            new ServingState(clock));
    LastSnapshotKeeper keeper = keeper(health);
    refresher.whenStoreAwayAtStart(keeper::lastServed);
    refresher.onLoad(health::configurationLoaded);
    AtomicReference<Boolean> healthyAtFirstPublish = new AtomicReference<>();
    refresher.onPublish(
        snapshot -> healthyAtFirstPublish.compareAndSet(null, c.table.slot("t").healthy()));
    refresher.start(Duration.ofHours(1));
    keeper.close();
    assertThat(holder.version()).isEqualTo(7);
    return healthyAtFirstPublish.get();
  }

  void storeAway(boolean away) {
    statuses.failing = away;
    leases.failing = away;
    points.failing = away;
  }

  @Test
  void aNodeRestartedWithoutTheStoreAnswersFromTheStatusesOfItsFile() throws Exception {
    ClusterNode a = aLeadsWithTUnhealthyInItsFile();
    storeAway(true);
    ClusterNode c = node("c");
    HealthService health = service("c", c, c.cluster);
    c.cluster.tick(); // the health thread starts first: nothing read, nothing led

    boolean healthyAtFirstPublish = startStale(c, health);

    assertThat(healthyAtFirstPublish).as("the slot the first snapshot reads").isFalse();
    assertThat(c.status("t")).isEqualTo(a.status("t"));
    assertThat(c.transitions).containsExactly("t HEALTHY->UNHEALTHY");
    for (int i = 0; i < 30; i++) {
      c.cluster.tick(); // no lead, no probe, while the store is away
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(c.prober.calls).hasValue(0);
    assertThat(c.healthy("t")).isFalse();
  }

  @Test
  void theStoresStatusesWinOnceItIsBack() throws Exception {
    aLeadsWithTUnhealthyInItsFile();
    // Meanwhile the cluster found "t" healthy again; then the store went away.
    CheckStatus now =
        new CheckStatus("t", HealthStatus.HEALTHY, null, clock.instant(), "connected", List.of());
    statuses.save(List.of(StoredStatuses.toStored(now, "b", clock.instant())));
    storeAway(true);
    ClusterNode c = node("c");
    HealthService health = service("c", c, c.cluster);
    assertThat(startStale(c, health)).isFalse();

    storeAway(false);
    c.cluster.tick();

    assertThat(c.cluster.leading()).isFalse();
    assertThat(c.status("t")).isEqualTo(now);
    assertThat(c.healthy("t")).isTrue();
  }

  @Test
  void theFilesStatusesAreNotUsedOnceTheStoreWasRead() throws Exception {
    aLeadsWithTUnhealthyInItsFile();
    statuses.retainOnly(Set.of()); // the store holds no status for "t"
    ClusterNode c = node("c");
    HealthService health = service("c", c, c.cluster);
    c.cluster.tick(); // a follower (a holds the lease) that read the store

    // The configuration store alone is away: the file serves, its statuses do not.
    assertThat(startStale(c, health)).isTrue();
    assertThat(c.healthy("t")).isTrue();
  }

  @Test
  void aNodeAloneResumesItsChecksFromTheFile() {
    ClusterNode a = aLeadsWithTUnhealthyInItsFile();
    ClusterNode alone = node("alone");
    HealthService health = service("alone", alone, null);
    List<StoredHealthStatus> kept =
        LastSnapshotFile.in(dataDir).read().orElseThrow().healthStatuses();

    health.resumeFrom(CONFIG, kept);

    assertThat(alone.status("t")).isEqualTo(a.status("t"));
  }

  @Test
  void aKeptStatusThisVersionCannotReadIsSkipped() {
    ClusterNode alone = node("alone");
    HealthService health = service("alone", alone, null);
    StoredHealthStatus unreadable =
        new StoredHealthStatus(
            "t", false, "SOMETHING_NEW", clock.instant(), "r", List.of(), "x", clock.instant());

    health.resumeFrom(CONFIG, List.of(unreadable));

    assertThat(alone.healthy("t")).isTrue(); // started afresh: healthy until probed
  }

  @Test
  void theStatusesToKeepAreTheMonitorsStampedByThisNodeInCheckOrder() {
    ClusterNode a = node("a");
    HealthService health = service("node-a", a, a.cluster);
    health.configurationLoaded(
        new ConfigData(
            7,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(ClusterHealthTest.tcp("z", 3), T)));

    List<StoredHealthStatus> kept = health.statusesToKeep();

    assertThat(kept).extracting(StoredHealthStatus::checkId).containsExactly("t", "z");
    assertThat(kept).extracting(StoredHealthStatus::evaluatedBy).containsOnly("node-a");
    assertThat(kept).extracting(StoredHealthStatus::evaluatedAt).containsOnly(clock.instant());
    assertThat(StoredStatuses.fromStored(kept.get(0))).isEqualTo(a.status("t"));
  }
}
