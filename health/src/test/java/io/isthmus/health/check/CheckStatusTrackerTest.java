package io.isthmus.health.check;

import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.alarm.AlarmState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CheckStatusTrackerTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  final HealthCheck check =
      metric("m", alarm(Statistic.SUM, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 1));

  @Test
  void aNewAlarmStateAloneIsShownWithoutATransition() {
    CheckStatusTracker tracker =
        new CheckStatusTracker(check, new Observation(HealthStatus.HEALTHY, null, "same"), T0);

    StatusChange change =
        tracker.apply(
            new Observation(HealthStatus.HEALTHY, AlarmState.OK, "same"), T0.plusSeconds(60));

    assertThat(change).isNull();
    assertThat(tracker.current().alarmState()).isEqualTo(AlarmState.OK);
    assertThat(tracker.current().since()).isEqualTo(T0);
    assertThat(tracker.current().history()).hasSize(1);
  }
}
