package io.isthmus.server.health;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HealthCheck;
import io.isthmus.health.HealthMonitor;
import io.isthmus.health.metric.DataPoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the health monitor in step with the configuration: each loaded configuration's checks go to
 * the monitor before the snapshot that names them is compiled, so the compiled zones hold the slots
 * the monitor writes. Runs the monitor alone (a node without a shared store: it ticks by itself) or
 * as part of a cluster ({@link ClusterHealth}: one node evaluates, the others apply its statuses).
 * Thread-safe (the monitor serialises updates; ticks run on the one scheduler thread).
 */
public final class HealthService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthService.class);

  private final HealthMonitor monitor;
  private final ScheduledExecutorService scheduler;
  private final HealthSignals signals;
  private final HealthMetrics metrics;
  private final MetricIntake intake;
  private final ClusterHealth cluster; // null when the node runs alone

  HealthService(
      HealthMonitor monitor,
      ScheduledExecutorService scheduler,
      HealthSignals signals,
      HealthMetrics metrics,
      MetricIntake intake,
      ClusterHealth cluster) {
    this.monitor = monitor;
    this.scheduler = scheduler;
    this.signals = signals;
    this.metrics = metrics;
    this.intake = intake;
    this.cluster = cluster;
  }

  public HealthMonitor monitor() {
    return monitor;
  }

  /** Whether this node evaluates the health checks (always, when it runs alone). */
  public boolean healthLeader() {
    return cluster == null || cluster.leading();
  }

  /**
   * What to run when another node saved statuses (the PostgreSQL notification on {@link
   * io.isthmus.config.HealthStatusStore#CHANNEL}): this node applies them on its health thread at
   * once instead of at its next tick. Quick and thread-safe; does nothing on a node running alone.
   */
  public Runnable statusesChangedListener() {
    return () -> {
      if (cluster == null) {
        return;
      }
      try {
        scheduler.execute(cluster::statusesChanged);
      } catch (RejectedExecutionException closed) {
        // Shutting down: nothing to apply to any more.
      }
    };
  }

  /**
   * Called with every configuration loaded, before it is compiled. A check the monitor refuses
   * (which the API's validation should make impossible) is logged; the snapshot is compiled anyway
   * and the checks keep their last state.
   */
  public void configurationLoaded(ConfigData data) {
    Set<String> ids = data.healthChecks().stream().map(HealthCheck::id).collect(Collectors.toSet());
    try {
      if (cluster == null) {
        monitor.update(data.healthChecks());
      } else {
        cluster.update(data.healthChecks());
      }
    } catch (RuntimeException e) {
      log.error("Health checks of configuration version {} not applied", data.version(), e);
      return;
    }
    signals.retainOnly(ids);
    metrics.track(ids);
  }

  /** {@code POST /v1/metrics}: see {@link MetricIntake#put}. */
  void putMetric(
      String accountId,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<DataPoint> points) {
    intake.put(accountId, namespace, metricName, dimensions, points);
  }

  /** Starts evaluating (once a second), or taking part in the cluster's evaluation. */
  public void start() {
    if (cluster == null) {
      monitor.start();
    } else {
      long tick = HealthMonitor.TICK.toMillis();
      scheduler.scheduleAtFixedRate(cluster::tick, 0, tick, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    monitor.close();
    scheduler.shutdownNow();
    if (cluster != null) {
      cluster.stop();
    }
  }
}
