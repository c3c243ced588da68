package io.isthmus.health.check;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.InsufficientData;

/**
 * The modifiers of docs/spec/health.md, in their order: insufficient data resolves to a status,
 * {@code disabled} makes the check healthy, {@code inverted} is applied last. Pure functions;
 * thread-safe.
 */
public final class StatusRules {
  private StatusRules() {}

  /**
   * The status a check reports for one observation.
   *
   * @param lastKnown the last status decided with data (before inversion), null if none yet
   */
  public static Decision decide(
      HealthCheck check, Observation observation, HealthStatus lastKnown) {
    HealthStatus status;
    HealthStatus nextLastKnown = lastKnown;
    StringBuilder reason = new StringBuilder(observation.reason());
    if (observation.decided()) {
      status = observation.raw();
      nextLastKnown = status;
    } else {
      InsufficientData setting =
          check.insufficientDataHealthStatus() == null
              ? InsufficientData.LAST_KNOWN_STATUS
              : check.insufficientDataHealthStatus();
      switch (setting) {
        case HEALTHY -> status = HealthStatus.HEALTHY;
        case UNHEALTHY -> status = HealthStatus.UNHEALTHY;
        default -> status = lastKnown == null ? HealthStatus.HEALTHY : lastKnown;
      }
      reason.append("; insufficient data: ").append(setting.label());
      if (setting == InsufficientData.LAST_KNOWN_STATUS) {
        reason.append(lastKnown == null ? " (none yet, healthy)" : " (" + lastKnown.word() + ")");
      }
    }
    if (check.disabled()) {
      status = HealthStatus.HEALTHY;
      reason.insert(0, "disabled; ");
    }
    if (check.inverted()) {
      status = status.inverted();
      reason.append("; inverted");
    }
    return new Decision(status, nextLastKnown, reason.toString());
  }

  /**
   * @param lastKnown what to remember as the last status decided with data
   */
  public record Decision(HealthStatus status, HealthStatus lastKnown, String reason) {}
}
