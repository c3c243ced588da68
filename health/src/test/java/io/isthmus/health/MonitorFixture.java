package io.isthmus.health;

import io.isthmus.health.HealthMonitorTest.ScriptedProber;
import io.isthmus.health.metric.MetricStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;

/**
 * One {@link HealthMonitor} on a fake clock and a scripted prober, with its metric store, health
 * table and the transitions it announced ("id FROM->TO"); stopped after each test. The clock starts
 * 30 s into a minute: with 60 s periods the next boundary is 30 s away.
 */
abstract class MonitorFixture {
  final FakeClock clock = FakeClock.at("2024-01-01T00:00:30Z");
  final MetricStore metrics = new MetricStore(clock);
  final HealthTable table = new HealthTable();
  final ScriptedProber prober = new ScriptedProber();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
  final HealthMonitor monitor =
      new HealthMonitor(
          metrics,
          table,
          prober,
          scheduler,
          clock,
          (id, from, to, reason) -> transitions.add(id + " " + from + "->" + to));

  @AfterEach
  void stop() {
    monitor.close();
    scheduler.shutdownNow();
  }
}
