package io.isthmus.server.health;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.health.HealthMonitor;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.metric.DataPoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
  private final String nodeId;
  private final Clock clock;

  HealthService(
      HealthMonitor monitor,
      ScheduledExecutorService scheduler,
      HealthSignals signals,
      HealthMetrics metrics,
      MetricIntake intake,
      ClusterHealth cluster,
      String nodeId,
      Clock clock) {
    this.monitor = monitor;
    this.scheduler = scheduler;
    this.signals = signals;
    this.metrics = metrics;
    this.intake = intake;
    this.cluster = cluster;
    this.nodeId = nodeId;
    this.clock = clock;
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

  /**
   * The statuses this node answers from now, in the shared store's form, stamped as saved by this
   * node now, by check id: what the last-snapshot file keeps. Thread-safe; never on the query path.
   */
  public List<StoredHealthStatus> statusesToKeep() {
    Instant now = clock.instant();
    List<StoredHealthStatus> kept = new ArrayList<>();
    for (CheckStatus status : monitor.statuses()) {
      kept.add(StoredStatuses.toStored(status, nodeId, now));
    }
    kept.sort(Comparator.comparing(StoredHealthStatus::checkId));
    return kept;
  }

  /**
   * At a start from the last-snapshot file: gives the monitor the file's configuration with the
   * statuses the file kept, before the first snapshot is compiled, so the first answers come from
   * the statuses of before the restart. On a cluster they stand in for the store's statuses the way
   * a follower's last read ones do, and the store's replace them once it is read ({@link
   * ClusterHealth#resume}); a node alone resumes its checks from them. A status this version cannot
   * read is skipped (its check starts afresh).
   */
  public void resumeFrom(ConfigData data, List<StoredHealthStatus> kept) {
    List<CheckStatus> statuses = new ArrayList<>();
    for (StoredHealthStatus status : kept) {
      try {
        statuses.add(StoredStatuses.fromStored(status));
      } catch (IllegalArgumentException e) {
        log.warn("kept health status of {} not used: {}", status.checkId(), e.getMessage());
      }
    }
    if (cluster != null) {
      cluster.resume(statuses);
    }
    configurationLoaded(data);
    if (cluster == null) {
      monitor.adopt(statuses);
    }
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
