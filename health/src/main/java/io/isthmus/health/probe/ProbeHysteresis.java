package io.isthmus.health.probe;

import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Observation;

/**
 * Turns probe results into a status that changes only after {@code failureThreshold} consecutive
 * failures (healthy → unhealthy) or as many consecutive successes (unhealthy → healthy), as Route
 * 53's failure threshold does. A new check is healthy until proven otherwise.
 *
 * <p>Not thread-safe: its owner serialises calls (one probe in flight per check).
 */
public final class ProbeHysteresis {
  private final int threshold;
  private HealthStatus status;
  // Consecutive results that disagree with the current status.
  private int streak;

  public ProbeHysteresis(int failureThreshold) {
    this(failureThreshold, HealthStatus.HEALTHY);
  }

  /**
   * Starts from {@code status} instead of healthy: a check resumed from a status decided elsewhere
   * (a new health leader taking over) keeps it until as many results disagree. A streak of the
   * previous evaluator is not known and starts at zero, which can only delay a change, never cause
   * one.
   */
  public ProbeHysteresis(int failureThreshold, HealthStatus status) {
    this.threshold = Math.max(1, failureThreshold);
    this.status = status;
  }

  /** The observation before any probe has answered. */
  public static Observation initial() {
    return Observation.healthy("no probe result yet");
  }

  public Observation record(ProbeResult result) {
    HealthStatus said = result.success() ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
    if (said == status) {
      streak = 0;
      return new Observation(status, null, result.detail());
    }
    streak++;
    String kind = result.success() ? "success" : "failure";
    if (streak >= threshold) {
      status = said;
      int count = streak;
      streak = 0;
      return new Observation(
          status,
          null,
          count
              + " consecutive "
              + (count == 1 ? kind : result.success() ? "successes" : "failures")
              + ": "
              + result.detail());
    }
    return new Observation(
        status,
        null,
        kind + " " + streak + " of " + threshold + " needed to change: " + result.detail());
  }

  public HealthStatus status() {
    return status;
  }
}
