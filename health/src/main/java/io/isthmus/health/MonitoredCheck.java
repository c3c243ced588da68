package io.isthmus.health;

import io.isthmus.config.HealthCheck;
import io.isthmus.health.alarm.AlarmEvaluator;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.CheckStatusTracker;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Observation;
import io.isthmus.health.check.StatusChange;
import io.isthmus.health.metric.SeriesKey;
import io.isthmus.health.probe.ProbeHysteresis;
import io.isthmus.health.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;

/**
 * The run-time state of one configured check: its tracker, its slot, when it is next due and
 * whether a probe is in flight. Replaced as a whole when the check's configuration changes; the
 * replaced one is retired and ignores whatever still arrives for it (a late probe result).
 *
 * <p>Thread-safe: every mutation holds this object's lock, and the slot is written under it, so a
 * retired check can never overwrite its successor's status.
 */
final class MonitoredCheck {
  /** A probe not answered in this time is given up (the prober's own timeouts are ≤ 10 s). */
  static final Duration LOST_PROBE = Duration.ofSeconds(60);

  final HealthCheck check;
  final HealthSlot slot;
  final CheckStatusTracker tracker;
  final SeriesKey seriesKey; // METRIC only
  private final ProbeHysteresis hysteresis; // TCP/HTTP/HTTPS only
  private Instant nextDue;
  private long probeGeneration;
  private Instant probeStarted; // null when no probe is in flight
  private boolean retired;

  /** Writes the first observation's status into the slot. */
  MonitoredCheck(HealthCheck check, HealthSlot slot, Observation first, Instant now) {
    this(check, slot, new CheckStatusTracker(check, first, now), HealthStatus.HEALTHY, now);
  }

  private MonitoredCheck(
      HealthCheck check,
      HealthSlot slot,
      CheckStatusTracker tracker,
      HealthStatus probeStatus,
      Instant now) {
    this.check = check;
    this.slot = slot;
    this.seriesKey =
        check.type() == HealthCheck.Type.METRIC
            ? new SeriesKey(
                check.accountId(),
                check.metric().namespace(),
                check.metric().metricName(),
                check.metric().dimensions())
            : null;
    this.hysteresis =
        isProbe(check) ? new ProbeHysteresis(check.failureThreshold(), probeStatus) : null;
    this.tracker = tracker;
    this.nextDue =
        check.type() == HealthCheck.Type.METRIC
            ? AlarmEvaluator.nextBoundary(check.metric(), now)
            : now;
    synchronized (this) {
      slot.set(tracker.current().healthy());
    }
  }

  /**
   * A check resumed from a status decided elsewhere (see {@link CheckStatusTracker#resume}); writes
   * that status into the slot. A probe check's hysteresis starts from the status before inversion,
   * so the next probe result counts against it as it would have on the previous evaluator.
   */
  static MonitoredCheck resumed(
      HealthCheck check, HealthSlot slot, CheckStatus saved, Instant now) {
    HealthStatus raw =
        check.disabled()
            ? HealthStatus.HEALTHY
            : check.inverted() ? saved.status().inverted() : saved.status();
    return new MonitoredCheck(check, slot, CheckStatusTracker.resume(check, saved), raw, now);
  }

  static boolean isProbe(HealthCheck check) {
    return check.type() == HealthCheck.Type.TCP
        || check.type() == HealthCheck.Type.HTTP
        || check.type() == HealthCheck.Type.HTTPS;
  }

  /** Applies an observation; returns the change if the status changed. */
  synchronized StatusChange observe(Observation observation, Instant at) {
    if (retired) {
      return null;
    }
    StatusChange change = tracker.apply(observation, at);
    if (change != null) {
      slot.set(change.to().healthy());
    }
    return change;
  }

  /**
   * For METRIC checks: true (once) when a period boundary has passed since the last evaluation, or
   * always when forced; the next one is due at the following boundary.
   */
  synchronized boolean claimMetricEvaluation(Instant now, boolean force) {
    if (retired || (!force && now.isBefore(nextDue))) {
      return false;
    }
    nextDue = AlarmEvaluator.nextBoundary(check.metric(), now);
    return true;
  }

  /**
   * For probe checks: starts a probe if one is due (or forced) and none is in flight (a probe lost
   * for {@link #LOST_PROBE} no longer counts as in flight).
   *
   * @return the probe's generation, or -1 if no probe should start
   */
  synchronized long claimProbe(Instant now, boolean force) {
    if (retired || check.disabled()) {
      return -1;
    }
    if (probeStarted != null && now.isBefore(probeStarted.plus(LOST_PROBE))) {
      return -1;
    }
    if (!force && now.isBefore(nextDue)) {
      return -1;
    }
    probeStarted = now;
    // Probes start on a fixed grid from the first one, not from each completion.
    nextDue = now.plusSeconds(Math.max(1, check.intervalSeconds()));
    return ++probeGeneration;
  }

  /** A probe's answer; ignored if it is not the latest probe's or the check was retired. */
  synchronized StatusChange probeAnswered(long generation, ProbeResult result, Instant at) {
    if (generation != probeGeneration) {
      return null;
    }
    probeStarted = null;
    if (retired) {
      return null;
    }
    return observe(hysteresis.record(result), at);
  }

  synchronized void retire() {
    retired = true;
  }
}
