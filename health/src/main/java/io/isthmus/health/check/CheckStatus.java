package io.isthmus.health.check;

import io.isthmus.health.alarm.AlarmState;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /v1/healthchecks/{id}/status} answers (docs/spec/admin-api.md). Immutable: a new
 * value is published after each evaluation, so a reader never sees a half-updated status.
 *
 * @param alarmState the alarm's state for METRIC checks, null for the other types
 * @param since when {@code status} last changed (or the check started)
 * @param reason why the check has its status, from the latest evaluation, in words
 * @param history the latest transitions, oldest first, at most {@link CheckStatusTracker#HISTORY}
 */
public record CheckStatus(
    String checkId,
    HealthStatus status,
    AlarmState alarmState,
    Instant since,
    String reason,
    List<Transition> history) {
  public CheckStatus {
    history = List.copyOf(history);
  }

  public boolean healthy() {
    return status == HealthStatus.HEALTHY;
  }
}
