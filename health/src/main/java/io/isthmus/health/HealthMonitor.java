package io.isthmus.health;

import io.isthmus.config.HealthCheck;
import io.isthmus.health.alarm.AlarmEvaluation;
import io.isthmus.health.alarm.AlarmEvaluator;
import io.isthmus.health.check.CalculatedRule;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Observation;
import io.isthmus.health.check.StatusChange;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.SeriesKey;
import io.isthmus.health.probe.ProbeHysteresis;
import io.isthmus.health.probe.ProbeResult;
import io.isthmus.health.probe.Prober;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health checks (docs/spec/health.md "Status"): METRIC checks are evaluated at each period
 * boundary, TCP/HTTP/HTTPS checks probed every {@code intervalSeconds} (one probe in flight per
 * check), CALCULATED checks re-evaluated as soon as a child changes. Each status change is one
 * write into the check's {@link HealthSlot}, logged in words and passed to the {@link
 * HealthListener}.
 *
 * <p>All timing comes from the injected {@link Clock}. {@link #start()} runs {@link #tick()} once a
 * second on the given scheduler, so a status changes at most a second after it is due; tests call
 * {@link #tick()} or {@link #evaluateNow()} themselves with a fake clock.
 *
 * <p>Thread-safe. {@link #update} is serialised; ticks read an immutable map of the checks
 * published through a volatile field; each check guards its own state.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  /**
   * How often {@link #start()} ticks: the "+ 1 second" of docs/spec/health.md's latency promise.
   */
  public static final Duration TICK = Duration.ofSeconds(1);

  /**
   * The shortest retention the monitor gives the metric store: points are not refused as too old
   * when they are only as late as a client clock may be wrong (the same 5 minutes a point may be
   * ahead).
   */
  public static final Duration MIN_RETENTION = Duration.ofMinutes(5);

  static final Duration EVICTION_INTERVAL = Duration.ofMinutes(1);

  private final MetricStore metrics;
  private final HealthTable table;
  private final Prober prober;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final HealthListener listener;

  private volatile Map<String, MonitoredCheck> checks = Map.of();
  // child id → the CALCULATED checks that name it
  private volatile Map<String, List<String>> parents = Map.of();
  private ScheduledFuture<?> ticking; // guarded by this
  private Instant nextEviction; // guarded by evictionLock
  private final Object evictionLock = new Object();

  public HealthMonitor(
      MetricStore metrics,
      HealthTable table,
      Prober prober,
      ScheduledExecutorService scheduler,
      Clock clock,
      HealthListener listener) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.table = Objects.requireNonNull(table, "table");
    this.prober = Objects.requireNonNull(prober, "prober");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = listener == null ? HealthListener.NONE : listener;
  }

  /** Ticks once a second on the scheduler until {@link #close()}. */
  public synchronized void start() {
    if (ticking == null) {
      ticking =
          scheduler.scheduleAtFixedRate(
              this::scheduledTick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops ticking; probes in flight finish on their own. Does not shut the scheduler down. */
  @Override
  public synchronized void close() {
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  /**
   * Takes the complete, current list of health checks. A check equal to the one already running
   * keeps its state (status, history, probe counts, last known status); a changed one starts afresh
   * in the same slot; a removed one is dropped and its slot unlinked. New and changed checks get a
   * first status at once (METRIC: evaluated now; probes: healthy until probed; CALCULATED: from its
   * children), and the metric store's retention follows the longest alarm window.
   *
   * <p>Call it before publishing a snapshot that names new checks, so the slots the compiler takes
   * are the ones the monitor writes.
   *
   * @throws IllegalArgumentException if an id repeats or a check lacks the part its type needs;
   *     then nothing changed
   */
  public synchronized void update(List<HealthCheck> newChecks) {
    Map<String, HealthCheck> byId = new HashMap<>();
    for (HealthCheck check : newChecks) {
      requireShape(check);
      if (byId.put(check.id(), check) != null) {
        throw new IllegalArgumentException("health check " + check.id() + " appears twice");
      }
    }
    Instant now = clock.instant();
    Map<String, MonitoredCheck> old = checks;
    Map<String, MonitoredCheck> next = new HashMap<>();
    List<StatusChange> changes = new ArrayList<>();
    List<HealthCheck> calculated = new ArrayList<>();
    for (HealthCheck check : byId.values()) {
      MonitoredCheck existing = old.get(check.id());
      if (existing != null && existing.check.equals(check)) {
        next.put(check.id(), existing);
      } else if (check.type() == HealthCheck.Type.CALCULATED) {
        calculated.add(check); // after their children have a status
      } else {
        next.put(check.id(), start(check, existing, firstObservation(check, now), now, changes));
      }
    }
    // Children are known now; a CALCULATED child (the API refuses them) may read as missing.
    for (HealthCheck check : calculated) {
      Observation first = calculatedObservation(check, next);
      next.put(check.id(), start(check, old.get(check.id()), first, now, changes));
    }
    for (Map.Entry<String, MonitoredCheck> entry : old.entrySet()) {
      if (next.get(entry.getKey()) != entry.getValue()) {
        entry.getValue().retire();
        if (!next.containsKey(entry.getKey())) {
          log.info("health check {} removed", entry.getKey());
        }
      }
    }
    checks = Map.copyOf(next);
    parents = parentsOf(next.values());
    table.retainOnly(next.keySet());
    metrics.setRetention(retentionFor(next.values()));
    for (StatusChange change : changes) {
      publish(change);
    }
    // Unchanged CALCULATED checks whose children came, went or were reset.
    for (MonitoredCheck check : next.values()) {
      if (check.check.type() == HealthCheck.Type.CALCULATED) {
        evaluateCalculated(check, now);
      }
    }
  }

  /**
   * Does what is due at the clock's now: METRIC checks whose period boundary passed, probes whose
   * interval elapsed, CALCULATED checks (cheap; a safety net for missed child events), eviction of
   * expired metric points once a minute.
   *
   * @return completes when the probes started by this tick have been applied
   */
  public CompletableFuture<Void> tick() {
    return run(false);
  }

  /**
   * Evaluates every check now, due or not, and starts a probe for every probe check that has none
   * in flight. For tests, the benchmark and an operator's "check now".
   *
   * @return completes when the probes started by this call have been applied
   */
  public CompletableFuture<Void> evaluateNow() {
    return run(true);
  }

  /**
   * Takes statuses decided elsewhere as the checks' own: on a node that is not the health leader,
   * the leader's statuses read from the shared store; on a node taking the lead, the statuses it
   * takes over (docs/architecture.md "One health evaluator per cluster"). Each status of a running
   * check that differs from the check's current one replaces it whole (status, alarm state, since,
   * reason, history), is written into the check's slot, and resumes the check from there: probe
   * hysteresis and {@code LastKnownStatus} continue from that status, so a takeover never flips
   * one. A change of status is logged and passed to the listener as a transition. Statuses of
   * checks this monitor does not run (not configured here yet, or deleted) are ignored: {@link
   * #update} decides which checks exist.
   *
   * @return the ids of the checks whose status was replaced
   */
  public synchronized Set<String> adopt(Collection<CheckStatus> statuses) {
    Instant now = clock.instant();
    Map<String, MonitoredCheck> next = new HashMap<>(checks);
    Set<String> adopted = new HashSet<>();
    List<StatusChange> changes = new ArrayList<>();
    for (CheckStatus status : statuses) {
      MonitoredCheck existing = next.get(status.checkId());
      if (existing == null || existing.tracker.current().equals(status)) {
        continue;
      }
      // Retire first: a probe answer still in flight for the old state must not overwrite this.
      existing.retire();
      next.put(
          status.checkId(), MonitoredCheck.resumed(existing.check, existing.slot, status, now));
      adopted.add(status.checkId());
      HealthStatus before = existing.tracker.current().status();
      if (before != status.status()) {
        changes.add(
            new StatusChange(
                status.checkId(), before, status.status(), status.reason(), status.since()));
      }
    }
    if (!adopted.isEmpty()) {
      checks = Map.copyOf(next);
    }
    for (StatusChange change : changes) {
      // Parents are not re-evaluated: their statuses come with the children's.
      announce(change);
    }
    return adopted;
  }

  /** The current status of every running check, in no particular order. */
  public List<CheckStatus> statuses() {
    List<CheckStatus> all = new ArrayList<>();
    for (MonitoredCheck check : checks.values()) {
      all.add(check.tracker.current());
    }
    return all;
  }

  /**
   * The housekeeping of a tick without any evaluation: evicts expired metric points once a minute.
   * For a node that is not the health leader, whose metric store fills all the same.
   */
  public void maintain() {
    evictIfDue(clock.instant());
  }

  /** The status {@code GET /v1/healthchecks/{id}/status} shows; empty for an unknown check. */
  public Optional<CheckStatus> status(String checkId) {
    MonitoredCheck check = checks.get(checkId);
    return check == null ? Optional.empty() : Optional.of(check.tracker.current());
  }

  public HealthTable table() {
    return table;
  }

  /** The number of checks running (a gauge). */
  public int size() {
    return checks.size();
  }

  private CompletableFuture<Void> run(boolean force) {
    Instant now = clock.instant();
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    for (MonitoredCheck check : checks.values()) {
      try {
        switch (check.check.type()) {
          case METRIC -> {
            if (check.claimMetricEvaluation(now, force)) {
              evaluateMetric(check, now);
            }
          }
          case TCP, HTTP, HTTPS -> {
            long generation = check.claimProbe(now, force);
            if (generation > 0) {
              probes.add(probe(check, generation));
            }
          }
          case CALCULATED -> evaluateCalculated(check, now);
        }
      } catch (RuntimeException e) {
        // One broken check must not stop the others; it is retried at its next turn.
        log.warn("health check {} could not be evaluated", check.check.id(), e);
      }
    }
    evictIfDue(now);
    return CompletableFuture.allOf(probes.toArray(new CompletableFuture<?>[0]));
  }

  private void scheduledTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      // An exception would cancel the schedule: health would silently freeze.
      log.error("health tick failed", e);
    }
  }

  private void evaluateMetric(MonitoredCheck check, Instant now) {
    HealthCheck.MetricAlarm alarm = check.check.metric();
    AlarmEvaluator.Window window = AlarmEvaluator.window(alarm, now);
    List<DataPoint> points = metrics.points(check.seriesKey, window.from(), window.to());
    AlarmEvaluation evaluation = AlarmEvaluator.evaluate(alarm, points, now);
    publish(check.observe(Observation.of(evaluation), now));
  }

  private CompletableFuture<Void> probe(MonitoredCheck check, long generation) {
    CompletableFuture<ProbeResult> result;
    try {
      result = prober.probe(check.check);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result
        .handle(
            (answer, failure) ->
                answer != null
                    ? answer
                    : ProbeResult.failure("probe failed: " + String.valueOf(failure)))
        .thenAccept(
            answer -> {
              try {
                publish(check.probeAnswered(generation, answer, clock.instant()));
              } catch (RuntimeException e) {
                log.warn("health check {}: probe result not applied", check.check.id(), e);
              }
            });
  }

  private void evaluateCalculated(MonitoredCheck check, Instant now) {
    // Counted under the parent's lock: of two children changing at once, the later evaluation
    // sees both (see MonitoredCheck), so the parent never keeps a stale count.
    StatusChange change;
    synchronized (check) {
      change = check.observe(calculatedObservation(check.check, checks), now);
    }
    publish(change);
  }

  private static Observation calculatedObservation(
      HealthCheck check, Map<String, MonitoredCheck> known) {
    HealthCheck.Calculated spec = check.calculated();
    int healthy = 0;
    for (String child : spec.childHealthChecks()) {
      MonitoredCheck state = known.get(child);
      // A child that does not exist (any more) counts as unhealthy.
      if (state != null && state.tracker.current().healthy()) {
        healthy++;
      }
    }
    return CalculatedRule.observe(healthy, spec.childHealthChecks().size(), spec.healthThreshold());
  }

  private Observation firstObservation(HealthCheck check, Instant now) {
    if (check.type() == HealthCheck.Type.METRIC) {
      HealthCheck.MetricAlarm alarm = check.metric();
      AlarmEvaluator.Window window = AlarmEvaluator.window(alarm, now);
      SeriesKey key = seriesKey(check);
      return Observation.of(
          AlarmEvaluator.evaluate(alarm, metrics.points(key, window.from(), window.to()), now));
    }
    return ProbeHysteresis.initial();
  }

  private static SeriesKey seriesKey(HealthCheck check) {
    return new SeriesKey(
        check.accountId(),
        check.metric().namespace(),
        check.metric().metricName(),
        check.metric().dimensions());
  }

  private MonitoredCheck start(
      HealthCheck check,
      MonitoredCheck predecessor,
      Observation first,
      Instant now,
      List<StatusChange> changes) {
    // Retire first: from here on the predecessor cannot write the slot the successor owns.
    if (predecessor != null) {
      predecessor.retire();
    }
    MonitoredCheck started = new MonitoredCheck(check, table.slot(check.id()), first, now);
    CheckStatus status = started.tracker.current();
    if (predecessor == null) {
      log.debug(
          "health check {} starts {}: {}", check.id(), status.status().word(), status.reason());
    } else {
      CheckStatus before = predecessor.tracker.current();
      log.info("health check {} changed; restarts {}", check.id(), status.status().word());
      if (before.status() != status.status()) {
        changes.add(
            new StatusChange(
                check.id(),
                before.status(),
                status.status(),
                "configuration changed: " + status.reason(),
                now));
      }
    }
    return started;
  }

  private void publish(StatusChange change) {
    if (change == null) {
      return;
    }
    announce(change);
    // Only a non-CALCULATED child triggers its parents at once (children cannot be CALCULATED
    // checks; should one slip through, a cycle of them must not recurse: ticks re-evaluate them).
    MonitoredCheck changed = checks.get(change.checkId());
    boolean leaf = changed == null || changed.check.type() != HealthCheck.Type.CALCULATED;
    List<String> dependents = leaf ? parents.get(change.checkId()) : null;
    if (dependents != null) {
      Map<String, MonitoredCheck> current = checks;
      for (String parent : dependents) {
        MonitoredCheck check = current.get(parent);
        if (check != null) {
          evaluateCalculated(check, change.at());
        }
      }
    }
  }

  /** Logs a transition and tells the listener. */
  private void announce(StatusChange change) {
    log.info(
        "health check {} {} -> {}: {}",
        change.checkId(),
        change.from().word(),
        change.to().word(),
        change.reason());
    try {
      listener.onTransition(change.checkId(), change.from(), change.to(), change.reason());
    } catch (RuntimeException e) {
      log.warn("health listener failed for check {}", change.checkId(), e);
    }
  }

  private void evictIfDue(Instant now) {
    synchronized (evictionLock) {
      if (nextEviction != null && now.isBefore(nextEviction)) {
        return;
      }
      nextEviction = now.plus(EVICTION_INTERVAL);
    }
    int unlinked = metrics.evictExpired();
    if (unlinked > 0) {
      log.debug("metric store: {} idle series unlinked", unlinked);
    }
  }

  /**
   * The longest window any alarm looks back over (plus its current period), at least {@link
   * #MIN_RETENTION}; 24 h when no METRIC check exists, so points pushed before their check is
   * created are there when it starts.
   */
  static Duration retentionFor(Iterable<MonitoredCheck> running) {
    long longest = 0;
    boolean anyMetric = false;
    for (MonitoredCheck check : running) {
      if (check.check.type() == HealthCheck.Type.METRIC) {
        anyMetric = true;
        longest = Math.max(longest, AlarmEvaluator.lookBackSeconds(check.check.metric()));
      }
    }
    if (!anyMetric) {
      return MetricStore.MAX_RETENTION;
    }
    return Duration.ofSeconds(
        Math.min(
            Math.max(longest, MIN_RETENTION.toSeconds()), MetricStore.MAX_RETENTION.toSeconds()));
  }

  private static Map<String, List<String>> parentsOf(Iterable<MonitoredCheck> running) {
    Map<String, List<String>> byChild = new HashMap<>();
    for (MonitoredCheck check : running) {
      if (check.check.type() == HealthCheck.Type.CALCULATED) {
        Set<String> seen = new HashSet<>();
        for (String child : check.check.calculated().childHealthChecks()) {
          if (seen.add(child)) {
            byChild.computeIfAbsent(child, id -> new ArrayList<>()).add(check.check.id());
          }
        }
      }
    }
    Map<String, List<String>> frozen = new HashMap<>();
    byChild.forEach((child, list) -> frozen.put(child, List.copyOf(list)));
    return Map.copyOf(frozen);
  }

  private static void requireShape(HealthCheck check) {
    Objects.requireNonNull(check, "health check");
    if (check.id() == null || check.type() == null) {
      throw new IllegalArgumentException("health check without id or type: " + check);
    }
    boolean ok =
        switch (check.type()) {
          case METRIC ->
              check.metric() != null
                  && check.accountId() != null
                  && check.metric().statistic() != null
                  && check.metric().comparison() != null
                  && check.metric().namespace() != null
                  && check.metric().metricName() != null;
          case TCP -> check.tcp() != null;
          case HTTP, HTTPS -> check.http() != null && check.http().url() != null;
          case CALCULATED -> check.calculated() != null;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "health check " + check.id() + " lacks the settings of type " + check.type());
    }
  }
}
