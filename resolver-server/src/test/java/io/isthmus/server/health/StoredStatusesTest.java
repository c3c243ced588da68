package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.StoredHealthStatus;
import io.isthmus.health.alarm.AlarmState;
import io.isthmus.health.check.CheckStatus;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Transition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredStatusesTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2024-01-01T00:01:00Z");

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    CheckStatus status =
        new CheckStatus(
            "m",
            HealthStatus.UNHEALTHY,
            AlarmState.ALARM,
            T1,
            "1 of 1 period Average > 5",
            List.of(
                new Transition(T0, HealthStatus.HEALTHY, "first"),
                new Transition(T1, HealthStatus.UNHEALTHY, "1 of 1 period Average > 5")));

    StoredHealthStatus stored = StoredStatuses.toStored(status, "node-a", T1.plusSeconds(1));

    assertThat(stored.healthy()).isFalse();
    assertThat(stored.alarmState()).isEqualTo("ALARM");
    assertThat(stored.evaluatedBy()).isEqualTo("node-a");
    assertThat(stored.evaluatedAt()).isEqualTo(T1.plusSeconds(1));
    assertThat(stored.history().get(0).healthy()).isTrue();
    assertThat(StoredStatuses.fromStored(stored)).isEqualTo(status);
  }

  @Test
  void aProbeCheckHasNoAlarmState() {
    CheckStatus status =
        new CheckStatus(
            "t",
            HealthStatus.HEALTHY,
            null,
            T0,
            "up",
            List.of(new Transition(T0, HealthStatus.HEALTHY, "up")));

    StoredHealthStatus stored = StoredStatuses.toStored(status, "a", T0);

    assertThat(stored.alarmState()).isNull();
    assertThat(StoredStatuses.fromStored(stored)).isEqualTo(status);
  }

  @Test
  void anUnknownAlarmStateIsRefused() {
    StoredHealthStatus stored =
        new StoredHealthStatus("m", true, "NEW", T0, "r", List.of(), "a", T0);

    assertThatThrownBy(() -> StoredStatuses.fromStored(stored))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
