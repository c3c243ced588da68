package io.isthmus.health.check;

import io.isthmus.health.alarm.AlarmEvaluation;
import io.isthmus.health.alarm.AlarmState;

/**
 * What one evaluation of a check found, before the modifiers (insufficient data, disabled,
 * inverted) are applied. Immutable.
 *
 * @param raw HEALTHY or UNHEALTHY decided with data, or null when there was not enough data
 * @param alarmState for METRIC checks, else null
 */
public record Observation(HealthStatus raw, AlarmState alarmState, String reason) {
  public static Observation healthy(String reason) {
    return new Observation(HealthStatus.HEALTHY, null, reason);
  }

  public static Observation unhealthy(String reason) {
    return new Observation(HealthStatus.UNHEALTHY, null, reason);
  }

  /** OK → healthy, ALARM → unhealthy, INSUFFICIENT_DATA → no decision (docs/spec/health.md). */
  public static Observation of(AlarmEvaluation alarm) {
    HealthStatus raw =
        switch (alarm.state()) {
          case OK -> HealthStatus.HEALTHY;
          case ALARM -> HealthStatus.UNHEALTHY;
          case INSUFFICIENT_DATA -> null;
        };
    return new Observation(raw, alarm.state(), alarm.reason());
  }

  public boolean decided() {
    return raw != null;
  }
}
