package io.isthmus.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A health check's status as the leader decided it (the fields of {@code GET
 * /v1/healthchecks/{id}/status}), plus who decided it and when. Immutable.
 *
 * @param alarmState OK, ALARM or INSUFFICIENT_DATA for METRIC checks, null for the other types
 * @param since when {@code healthy} last changed
 * @param history the latest transitions, oldest first
 * @param evaluatedBy the node id of the leader that saved it
 * @param evaluatedAt when it was saved
 */
public record StoredHealthStatus(
    String checkId,
    boolean healthy,
    String alarmState,
    Instant since,
    String reason,
    List<Transition> history,
    String evaluatedBy,
    Instant evaluatedAt) {
  public StoredHealthStatus {
    Objects.requireNonNull(checkId, "checkId");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(reason, "reason");
    history = List.copyOf(history);
  }

  /**
   * One entry of the history: at {@code at} the check became healthy or not, for {@code reason}.
   */
  public record Transition(Instant at, boolean healthy, String reason) {}
}
