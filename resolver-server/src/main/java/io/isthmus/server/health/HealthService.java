package io.isthmus.server.health;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HealthCheck;
import io.isthmus.health.HealthMonitor;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the health monitor in step with the configuration: each loaded configuration's checks go to
 * the monitor before the snapshot that names them is compiled, so the compiled zones hold the slots
 * the monitor writes. Thread-safe (the monitor serialises updates).
 */
public final class HealthService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthService.class);

  private final HealthMonitor monitor;
  private final ScheduledExecutorService scheduler;
  private final HealthSignals signals;
  private final HealthMetrics metrics;

  HealthService(
      HealthMonitor monitor,
      ScheduledExecutorService scheduler,
      HealthSignals signals,
      HealthMetrics metrics) {
    this.monitor = monitor;
    this.scheduler = scheduler;
    this.signals = signals;
    this.metrics = metrics;
  }

  public HealthMonitor monitor() {
    return monitor;
  }

  /**
   * Called with every configuration loaded, before it is compiled. A check the monitor refuses
   * (which the API's validation should make impossible) is logged; the snapshot is compiled anyway
   * and the checks keep their last state.
   */
  public void configurationLoaded(ConfigData data) {
    Set<String> ids = data.healthChecks().stream().map(HealthCheck::id).collect(Collectors.toSet());
    try {
      monitor.update(data.healthChecks());
    } catch (RuntimeException e) {
      log.error("Health checks of configuration version {} not applied", data.version(), e);
      return;
    }
    signals.retainOnly(ids);
    metrics.track(ids);
  }

  /** Starts evaluating (once a second). */
  public void start() {
    monitor.start();
  }

  @Override
  public void close() {
    monitor.close();
    scheduler.shutdownNow();
  }
}
