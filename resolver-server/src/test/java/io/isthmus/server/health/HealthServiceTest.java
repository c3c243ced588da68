package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.health.HealthTable;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Transition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's two modes: a node alone, and a node of a cluster. */
class HealthServiceTest {
  final TestClock clock = new TestClock("2024-01-01T00:00:30Z");
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final InMemoryHealthStatusStore statuses = new InMemoryHealthStatusStore();
  final InMemoryLeaseStore leases = new InMemoryLeaseStore(clock);
  final ClusterNode leader =
      new ClusterNode("a", clock, scheduler, new InMemoryMetricPointStore(), statuses, leases);

  HealthService service(ClusterNode node, ClusterHealth cluster) {
    HealthTable table = node.table;
    return new HealthService(
        node.monitor,
        scheduler,
        new HealthSignals(table),
        new HealthMetrics(new SimpleMeterRegistry(), table),
        node.shared,
        cluster,
        "a",
        clock);
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void aNodeAloneAlwaysLeadsAndIgnoresNotifications() {
    HealthService alone = service(leader, null);

    assertThat(alone.healthLeader()).isTrue();
    alone.statusesChangedListener().run(); // nothing to do, nothing thrown
  }

  @Test
  void aNotificationIsAppliedOnTheHealthThread() throws Exception {
    HealthService follower = service(leader, leader.cluster);
    leases.acquire(HealthLease.NAME, "someone-else", HealthLease.TTL);
    leader.configure(ClusterHealthTest.tcp("t", 3));
    leader.cluster.tick();
    assertThat(follower.healthLeader()).isFalse();
    Instant now = clock.instant();
    statuses.save(
        List.of(
            StoredStatuses.toStored(
                new CheckStatus(
                    "t",
                    HealthStatus.UNHEALTHY,
                    null,
                    now,
                    "refused",
                    List.of(new Transition(now, HealthStatus.UNHEALTHY, "refused"))),
                "someone-else",
                now)));

    follower.statusesChangedListener().run();
    CountDownLatch drained = new CountDownLatch(1);
    scheduler.execute(drained::countDown);

    assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(leader.healthy("t")).isFalse();
    assertThat(follower.monitor().status("t").orElseThrow().reason()).isEqualTo("refused");
  }

  @Test
  void aNotificationAfterCloseIsDropped() {
    HealthService node = service(leader, leader.cluster);
    node.close();

    node.statusesChangedListener().run(); // rejected by the closed scheduler, not thrown

    assertThat(scheduler.isShutdown()).isTrue();
  }

  @Test
  void closingALeaderReleasesTheLease() {
    HealthService node = service(leader, leader.cluster);
    leader.cluster.tick();
    assertThat(node.healthLeader()).isTrue();

    node.close();

    assertThat(leases.holder(HealthLease.NAME)).isEmpty();
  }
}
