package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.healthchecks.HealthStatusView;
import io.isthmus.admin.healthchecks.HealthStatuses;
import io.isthmus.admin.healthchecks.MetricPoint;
import io.isthmus.admin.healthchecks.MetricSink;
import io.isthmus.config.ConfigData;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.MetricPointStore;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.health.HealthTable;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.SeriesKey;
import io.isthmus.health.probe.NetworkProber;
import io.isthmus.server.node.NodeIdentity;
import io.isthmus.zone.HealthSignal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The health beans: a node with the three shared stores takes part in the cluster's one evaluator,
 * a node without any one of them evaluates alone; the API's status and metric beans reach the
 * monitor and the metric store.
 */
class HealthConfigurationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final TestClock clock = new TestClock("2026-01-01T00:00:00Z");
  private final HealthConfiguration configuration = new HealthConfiguration();
  private final MetricStore metricStore = configuration.metricStore(clock);
  private final HealthTable table = configuration.healthTable();
  private final HealthSignals signals = configuration.healthSignals(table);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HealthMetrics healthMetrics = configuration.healthMetrics(registry, table);
  private final NetworkProber prober = configuration.networkProber();
  private final InMemoryMetricPointStore points = new InMemoryMetricPointStore();
  private final InMemoryHealthStatusStore statuses = new InMemoryHealthStatusStore();
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore(clock);
  private final List<HealthService> services = new ArrayList<>();

  private HealthService service(
      MetricPointStore sharedPoints, HealthStatusStore sharedStatuses, LeaseStore lease) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    if (sharedPoints != null) {
      beans.addBean("points", sharedPoints);
    }
    if (sharedStatuses != null) {
      beans.addBean("statuses", sharedStatuses);
    }
    if (lease != null) {
      beans.addBean("lease", lease);
    }
    HealthService service =
        configuration.healthService(
            metricStore,
            table,
            signals,
            prober,
            healthMetrics,
            clock,
            new NodeIdentity("node-a"),
            beans.getBeanProvider(MetricPointStore.class),
            beans.getBeanProvider(HealthStatusStore.class),
            beans.getBeanProvider(LeaseStore.class));
    services.add(service);
    return service;
  }

  @AfterEach
  void close() {
    services.forEach(HealthService::close);
    prober.close();
  }

  @Test
  void withTheThreeSharedStoresTheNodeEvaluatesOnlyWhileItHoldsTheLease() {
    leases.acquire(HealthLease.NAME, "node-b", Duration.ofHours(1));
    HealthService service = service(points, statuses, leases);

    assertThat(service.healthLeader()).isFalse();

    // Its ticks run from the start: once the lease is free, the next one takes it.
    leases.release(HealthLease.NAME, "node-b");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!service.healthLeader() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(service.healthLeader()).isTrue();
    assertThat(leases.holder(HealthLease.NAME)).contains("node-a");
  }

  @Test
  void withoutAnyOneSharedStoreTheNodeEvaluatesAlone() {
    leases.acquire(HealthLease.NAME, "node-b", Duration.ofHours(1));

    assertThat(service(null, statuses, leases).healthLeader()).isTrue();
    assertThat(service(points, null, leases).healthLeader()).isTrue();
    assertThat(service(points, statuses, null).healthLeader()).isTrue();
    assertThat(leases.holder(HealthLease.NAME)).contains("node-b");
  }

  @Test
  void postedPointsGoToTheLocalStoreAloneAndToTheSharedStoreOnACluster() {
    MetricSink alone = configuration.metricSink(service(null, null, null));
    alone.put("111111111111", "App", "Latency", Map.of(), List.of(new MetricPoint(T0, 7.0)));

    assertThat(
            metricStore.points(
                new SeriesKey("111111111111", "App", "Latency", Map.of()), T0, T0.plusSeconds(1)))
        .hasSize(1);
    assertThat(points.size()).isZero();

    MetricSink cluster = configuration.metricSink(service(points, statuses, leases));
    cluster.put("111111111111", "App", "Latency", Map.of(), List.of(new MetricPoint(T0, 8.0)));
    assertThat(points.size()).isEqualTo(1);
  }

  @Test
  void aCheckNotEvaluatedYetIsHealthyUnlessInverted() {
    HealthStatuses api = configuration.healthStatuses(service(null, null, null));

    HealthStatusView plain = api.statusOf(ClusterHealthTest.tcp("new", 3));
    assertThat(plain.status()).isEqualTo(HealthStatusView.Status.HEALTHY);
    assertThat(plain.alarmState()).isNull();
    assertThat(plain.reason()).isEqualTo("not evaluated yet");
    assertThat(plain.history()).isEmpty();

    HealthStatusView inverted = api.statusOf(inverted(ClusterHealthTest.tcp("new", 3)));
    assertThat(inverted.status()).isEqualTo(HealthStatusView.Status.UNHEALTHY);
  }

  private static HealthCheck inverted(HealthCheck c) {
    return new HealthCheck(
        c.id(),
        c.accountId(),
        c.type(),
        c.metric(),
        c.tcp(),
        c.http(),
        c.calculated(),
        c.intervalSeconds(),
        c.failureThreshold(),
        c.insufficientDataHealthStatus(),
        true,
        c.disabled());
  }

  @Test
  void anEvaluatedCheckShowsTheMonitorsStatusAlarmAndHistory() {
    HealthService service = service(null, null, null);
    service.close(); // no tick may re-evaluate what the test resumes
    HealthCheck metric = ClusterHealthTest.metric("m");
    HealthCheck tcp = ClusterHealthTest.tcp("t", 3);
    StoredHealthStatus alarm =
        new StoredHealthStatus(
            "m",
            false,
            "ALARM",
            T0,
            "threshold crossed",
            List.of(new StoredHealthStatus.Transition(T0, false, "threshold crossed")),
            "node-a",
            T0);
    StoredHealthStatus up =
        new StoredHealthStatus("t", true, null, T0, "connected", List.of(), "node-a", T0);
    service.resumeFrom(
        new ConfigData(
            1, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(metric, tcp)),
        List.of(alarm, up));
    HealthStatuses api = configuration.healthStatuses(service);

    HealthStatusView m = api.statusOf(metric);
    assertThat(m.status()).isEqualTo(HealthStatusView.Status.UNHEALTHY);
    assertThat(m.alarmState()).isEqualTo(HealthStatusView.AlarmState.ALARM);
    assertThat(m.since()).isEqualTo(T0);
    assertThat(m.reason()).isEqualTo("threshold crossed");
    assertThat(m.history())
        .containsExactly(
            new HealthStatusView.Transition(
                T0, HealthStatusView.Status.UNHEALTHY, "threshold crossed"));

    HealthStatusView t = api.statusOf(tcp);
    assertThat(t.status()).isEqualTo(HealthStatusView.Status.HEALTHY);
    assertThat(t.alarmState()).isNull();
  }

  @Test
  void aLoadedConfigurationKeepsTheSignalsAndGaugesOfItsChecksOnly() {
    HealthService service = service(null, null, null);
    HealthCheck kept = ClusterHealthTest.tcp("kept", 3);
    service.configurationLoaded(
        new ConfigData(1, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(kept)));
    HealthSignal keptSignal = signals.signal("kept");
    HealthSignal goneSignal = signals.signal("gone");
    assertThat(goneSignal.healthy()).isTrue(); // a check not evaluated yet is healthy

    service.configurationLoaded(
        new ConfigData(2, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(kept)));

    assertThat(signals.signal("kept")).isSameAs(keptSignal);
    assertThat(signals.signal("gone")).isNotSameAs(goneSignal);
    assertThat(registry.find("isthmus.health.check.healthy").tag("check_id", "kept").gauge())
        .isNotNull();
  }
}
