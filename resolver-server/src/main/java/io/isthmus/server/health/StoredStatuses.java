package io.isthmus.server.health;

import io.isthmus.config.StoredHealthStatus;
import io.isthmus.health.alarm.AlarmState;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Transition;
import java.time.Instant;

/**
 * Translates between the health module's {@link CheckStatus} and the shared store's {@link
 * StoredHealthStatus}: every field the API shows goes through unchanged, so a status read back
 * equals the one saved (up to the store's timestamp precision). Stateless.
 */
final class StoredStatuses {
  private StoredStatuses() {}

  static StoredHealthStatus toStored(CheckStatus status, String evaluatedBy, Instant evaluatedAt) {
    return new StoredHealthStatus(
        status.checkId(),
        status.healthy(),
        status.alarmState() == null ? null : status.alarmState().name(),
        status.since(),
        status.reason(),
        status.history().stream()
            .map(t -> new StoredHealthStatus.Transition(t.at(), t.status().healthy(), t.reason()))
            .toList(),
        evaluatedBy,
        evaluatedAt);
  }

  /**
   * @throws IllegalArgumentException for an alarm state this version does not know
   */
  static CheckStatus fromStored(StoredHealthStatus stored) {
    return new CheckStatus(
        stored.checkId(),
        HealthStatus.of(stored.healthy()),
        stored.alarmState() == null ? null : AlarmState.valueOf(stored.alarmState()),
        stored.since(),
        stored.reason(),
        stored.history().stream()
            .map(t -> new Transition(t.at(), HealthStatus.of(t.healthy()), t.reason()))
            .toList());
  }
}
