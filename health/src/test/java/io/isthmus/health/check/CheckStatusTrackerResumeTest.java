package io.isthmus.health.check;

import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.metric;
import static io.isthmus.health.Checks.tcp;
import static io.isthmus.health.Checks.withModifiers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.alarm.AlarmState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tracker resumed from a status decided by another node (a health leader taking over). */
class CheckStatusTrackerResumeTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2024-01-01T00:05:00Z");
  static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");

  final HealthCheck check =
      metric("m", alarm(Statistic.AVERAGE, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 5));

  static CheckStatus saved(String id, HealthStatus status, AlarmState alarmState) {
    return new CheckStatus(
        id,
        status,
        alarmState,
        T1,
        "decided elsewhere",
        List.of(
            new Transition(T0, status.inverted(), "first"),
            new Transition(T1, status, "decided elsewhere")));
  }

  static Observation insufficient() {
    return new Observation(null, AlarmState.INSUFFICIENT_DATA, "0 of 1 periods");
  }

  @Test
  void keepsEveryFieldOfTheSavedStatus() {
    CheckStatus saved = saved("m", HealthStatus.UNHEALTHY, AlarmState.ALARM);

    CheckStatusTracker tracker = CheckStatusTracker.resume(check, saved);

    assertThat(tracker.current()).isEqualTo(saved);
    assertThat(tracker.check()).isSameAs(check);
  }

  @Test
  void refusesAnotherChecksStatus() {
    CheckStatus saved = saved("other", HealthStatus.HEALTHY, AlarmState.OK);

    assertThatThrownBy(() -> CheckStatusTracker.resume(check, saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other")
        .hasMessageContaining("m");
  }

  @Test
  void theSameStatusAgainKeepsSinceAndHistory() {
    CheckStatus saved = saved("m", HealthStatus.UNHEALTHY, AlarmState.ALARM);
    CheckStatusTracker tracker = CheckStatusTracker.resume(check, saved);

    StatusChange change =
        tracker.apply(new Observation(HealthStatus.UNHEALTHY, AlarmState.ALARM, "again"), NOW);

    assertThat(change).isNull();
    assertThat(tracker.current().since()).isEqualTo(T1);
    assertThat(tracker.current().history()).isEqualTo(saved.history());
    assertThat(tracker.current().reason()).isEqualTo("again");
  }

  @Test
  void aChangeIsAppendedToTheSavedHistory() {
    CheckStatusTracker tracker =
        CheckStatusTracker.resume(check, saved("m", HealthStatus.UNHEALTHY, AlarmState.ALARM));

    StatusChange change =
        tracker.apply(new Observation(HealthStatus.HEALTHY, AlarmState.OK, "recovered"), NOW);

    assertThat(change)
        .isEqualTo(
            new StatusChange("m", HealthStatus.UNHEALTHY, HealthStatus.HEALTHY, "recovered", NOW));
    assertThat(tracker.current().history()).extracting(Transition::at).containsExactly(T0, T1, NOW);
    assertThat(tracker.current().since()).isEqualTo(NOW);
  }

  @Test
  void aLongSavedHistoryKeepsItsLatestEntries() {
    List<Transition> history = new ArrayList<>();
    for (int i = 0; i < CheckStatusTracker.HISTORY + 5; i++) {
      history.add(new Transition(T0.plusSeconds(i), HealthStatus.of(i % 2 == 0), "t" + i));
    }
    CheckStatus saved = new CheckStatus("m", HealthStatus.HEALTHY, AlarmState.OK, T0, "r", history);

    CheckStatusTracker tracker = CheckStatusTracker.resume(check, saved);
    tracker.apply(Observation.unhealthy("down"), NOW);

    List<Transition> kept = tracker.current().history();
    assertThat(kept).hasSize(CheckStatusTracker.HISTORY);
    assertThat(kept.get(0).reason()).isEqualTo("t6");
    assertThat(kept.get(kept.size() - 1).at()).isEqualTo(NOW);
  }

  @Test
  void noDataAfterATakeoverKeepsTheLastKnownStatus() {
    // The old leader saw the alarm; the new one starts without data: LastKnownStatus must hold.
    CheckStatusTracker tracker =
        CheckStatusTracker.resume(check, saved("m", HealthStatus.UNHEALTHY, AlarmState.ALARM));

    assertThat(tracker.apply(insufficient(), NOW)).isNull();
    assertThat(tracker.current().status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(tracker.current().reason()).endsWith("(unhealthy)");
  }

  @Test
  void lastKnownComesFromTheAlarmStateWhenItWasDecided() {
    HealthCheck inverted = withModifiers(check, true, false);
    assertThat(
            CheckStatusTracker.lastKnownOf(
                inverted, saved("m", HealthStatus.UNHEALTHY, AlarmState.OK)))
        .isEqualTo(HealthStatus.HEALTHY);
    assertThat(
            CheckStatusTracker.lastKnownOf(
                inverted, saved("m", HealthStatus.HEALTHY, AlarmState.ALARM)))
        .isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void otherwiseLastKnownIsTheStatusWithTheInversionUndone() {
    HealthCheck plain =
        metric(
            "m",
            check.metric(),
            InsufficientData.LAST_KNOWN_STATUS,
            /* inverted= */ false,
            /* disabled= */ false);
    HealthCheck inverted = withModifiers(plain, true, false);
    CheckStatus unhealthy = saved("m", HealthStatus.UNHEALTHY, AlarmState.INSUFFICIENT_DATA);

    assertThat(CheckStatusTracker.lastKnownOf(plain, unhealthy)).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(CheckStatusTracker.lastKnownOf(inverted, unhealthy)).isEqualTo(HealthStatus.HEALTHY);
    // A probe check has no alarm state: the same rule.
    assertThat(
            CheckStatusTracker.lastKnownOf(
                tcp("m", "127.0.0.1", 1, 10, 3), saved("m", HealthStatus.UNHEALTHY, null)))
        .isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void aDisabledChecksStatusSaysNothingOfItsData() {
    HealthCheck disabled = withModifiers(check, false, true);

    assertThat(
            CheckStatusTracker.lastKnownOf(
                disabled, saved("m", HealthStatus.HEALTHY, AlarmState.INSUFFICIENT_DATA)))
        .isNull();
    assertThat(
            CheckStatusTracker.lastKnownOf(
                disabled, saved("m", HealthStatus.HEALTHY, AlarmState.ALARM)))
        .isEqualTo(HealthStatus.UNHEALTHY);
  }
}
