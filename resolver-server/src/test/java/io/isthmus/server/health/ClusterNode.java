package io.isthmus.server.health;

import io.isthmus.config.HealthCheck;
import io.isthmus.health.HealthMonitor;
import io.isthmus.health.HealthTable;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.probe.ProbeResult;
import io.isthmus.health.probe.Prober;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** One node of a test cluster: its own metric store, table, prober and monitor; shared stores. */
final class ClusterNode {
  final MetricStore metrics;
  final HealthTable table = new HealthTable();
  final ScriptedProber prober = new ScriptedProber();
  final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
  final HealthMonitor monitor;
  final SharedMetrics shared;
  final HealthLease lease;
  final ClusterHealth cluster;

  ClusterNode(
      String id,
      TestClock clock,
      ScheduledExecutorService scheduler,
      InMemoryMetricPointStore points,
      InMemoryHealthStatusStore statuses,
      InMemoryLeaseStore leases) {
    metrics = new MetricStore(clock, 2, 1_000);
    monitor =
        new HealthMonitor(
            metrics,
            table,
            prober,
            scheduler,
            clock,
            (check, from, to, reason) -> transitions.add(check + " " + from + "->" + to));
    shared = new SharedMetrics(metrics, points, clock);
    lease = new HealthLease(leases, id, clock::nanos);
    cluster = new ClusterHealth(monitor, shared, lease, statuses, clock);
  }

  CheckStatus status(String id) {
    return monitor.status(id).orElseThrow();
  }

  boolean healthy(String id) {
    return table.slot(id).healthy();
  }

  void configure(HealthCheck... checks) {
    cluster.update(List.of(checks));
  }

  /** Probes answer at once, as scripted per check (success when nothing is scripted). */
  static final class ScriptedProber implements Prober {
    final Map<String, ConcurrentLinkedQueue<Boolean>> scripts = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    void answer(String id, boolean... results) {
      for (boolean result : results) {
        scripts.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(result);
      }
    }

    @Override
    public CompletableFuture<ProbeResult> probe(HealthCheck check) {
      calls.incrementAndGet();
      Boolean result = scripts.getOrDefault(check.id(), new ConcurrentLinkedQueue<>()).poll();
      return CompletableFuture.completedFuture(
          result == null || result ? ProbeResult.success("up") : ProbeResult.failure("refused"));
    }
  }
}
