package io.isthmus.server.health;

import io.isthmus.admin.healthchecks.HealthStatusView;
import io.isthmus.admin.healthchecks.HealthStatuses;
import io.isthmus.admin.healthchecks.MetricHistory;
import io.isthmus.admin.healthchecks.MetricLimitExceeded;
import io.isthmus.admin.healthchecks.MetricSink;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.MetricPointStore;
import io.isthmus.health.HealthMonitor;
import io.isthmus.health.HealthTable;
import io.isthmus.health.alarm.AlarmState;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.Transition;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.MetricValidationException;
import io.isthmus.health.metric.SeriesLimitExceededException;
import io.isthmus.health.probe.NetworkProber;
import io.isthmus.server.node.NodeIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health module wired into the node: the metric store behind {@code POST /v1/metrics}, the
 * health table the snapshot compiler reads through {@link HealthSignals}, and the monitor that
 * evaluates the checks on one scheduler thread (probes are asynchronous, so no thread per check).
 */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

  @Bean
  MetricStore metricStore(Clock clock) {
    return new MetricStore(clock);
  }

  /** The points DescribeAlarms of the AWS-compatible API evaluates alarms over. */
  @Bean
  MetricHistory metricHistory(MetricStore metrics) {
    return metrics::points;
  }

  @Bean
  HealthTable healthTable() {
    return new HealthTable();
  }

  @Bean
  HealthSignals healthSignals(HealthTable table) {
    return new HealthSignals(table);
  }

  @Bean
  HealthMetrics healthMetrics(MeterRegistry registry, HealthTable table) {
    return new HealthMetrics(registry, table);
  }

  @Bean(destroyMethod = "close")
  NetworkProber networkProber() {
    return new NetworkProber();
  }

  /**
   * Closed (ticking stopped, scheduler shut down, health lease released) when the application
   * stops. With the three shared stores ({@link MetricPointStore}, {@link HealthStatusStore},
   * {@link LeaseStore}) the node takes part in the cluster's one evaluator (docs/architecture.md
   * "One health evaluator per cluster"); without them it evaluates alone, as a single node always
   * did.
   */
  @Bean(destroyMethod = "close")
  HealthService healthService(
      MetricStore metrics,
      HealthTable table,
      HealthSignals signals,
      NetworkProber prober,
      HealthMetrics healthMetrics,
      Clock clock,
      NodeIdentity node,
      ObjectProvider<MetricPointStore> sharedPoints,
      ObjectProvider<HealthStatusStore> sharedStatuses,
      ObjectProvider<LeaseStore> leases) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "isthmus-health");
              thread.setDaemon(true);
              return thread;
            });
    HealthMonitor monitor =
        new HealthMonitor(metrics, table, prober, scheduler, clock, healthMetrics);
    MetricPointStore points = sharedPoints.getIfAvailable();
    HealthStatusStore statuses = sharedStatuses.getIfAvailable();
    LeaseStore lease = leases.getIfAvailable();
    HealthService service;
    if (points == null || statuses == null || lease == null) {
      service =
          new HealthService(
              monitor, scheduler, signals, healthMetrics, metrics::put, null, node.nodeId(), clock);
    } else {
      SharedMetrics shared = new SharedMetrics(metrics, points, clock);
      ClusterHealth cluster =
          new ClusterHealth(
              monitor,
              shared,
              new HealthLease(lease, node.nodeId(), System::nanoTime),
              statuses,
              clock);
      service =
          new HealthService(
              monitor, scheduler, signals, healthMetrics, shared, cluster, node.nodeId(), clock);
    }
    service.start();
    return service;
  }

  /** {@code GET /v1/healthchecks/{id}/status}: what the monitor last decided. */
  @Bean
  HealthStatuses healthStatuses(HealthService health) {
    return check ->
        health
            .monitor()
            .status(check.id())
            .map(HealthConfiguration::view)
            .orElseGet(() -> pending(check));
  }

  /**
   * {@code POST /v1/metrics}: points validated by the API go into the metric store, through the
   * shared store on a cluster. A shared store out of reach throws its {@code StoreException}.
   */
  @Bean
  MetricSink metricSink(HealthService health) {
    return (accountId, namespace, metricName, dimensions, points) -> {
      List<DataPoint> data =
          points.stream().map(p -> new DataPoint(p.timestamp(), p.value())).toList();
      try {
        health.putMetric(accountId, namespace, metricName, dimensions, data);
      } catch (SeriesLimitExceededException e) {
        throw new MetricLimitExceeded(e.getMessage());
      } catch (MetricValidationException e) {
        // The API validated with the same limits; a point can still age out between the two.
        throw new MetricLimitExceeded("points rejected by the metric store: " + e.getMessage());
      }
    };
  }

  private static HealthStatusView view(CheckStatus status) {
    return new HealthStatusView(
        status(status.status().healthy()),
        alarm(status.alarmState()),
        status.since(),
        status.reason(),
        status.history().stream().map(HealthConfiguration::transition).toList());
  }

  /** A check the monitor has not picked up yet starts healthy (inverted: unhealthy). */
  private static HealthStatusView pending(HealthCheck check) {
    // Disabled or without data yet, a check is healthy; inverted flips it (docs/spec/health.md
    // "Modifiers").
    return new HealthStatusView(
        status(!check.inverted()), null, null, "not evaluated yet", List.of());
  }

  private static HealthStatusView.Transition transition(Transition t) {
    return new HealthStatusView.Transition(t.at(), status(t.status().healthy()), t.reason());
  }

  private static HealthStatusView.Status status(boolean healthy) {
    return healthy ? HealthStatusView.Status.HEALTHY : HealthStatusView.Status.UNHEALTHY;
  }

  private static HealthStatusView.AlarmState alarm(AlarmState state) {
    return state == null ? null : HealthStatusView.AlarmState.valueOf(state.name());
  }
}
