package io.isthmus.health;

import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.calculated;
import static io.isthmus.health.Checks.http;
import static io.isthmus.health.Checks.metric;
import static io.isthmus.health.Checks.tcp;
import static io.isthmus.health.Checks.withModifiers;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.probe.ProbeHysteresis;
import io.isthmus.health.probe.ProbeResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonitoredCheckTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  final HealthSlot slot = new HealthSlot();

  MonitoredCheck started(HealthCheck check) {
    return new MonitoredCheck(check, slot, ProbeHysteresis.initial(), T0);
  }

  @Test
  void onlyTcpHttpAndHttpsAreProbed() {
    assertThat(MonitoredCheck.isProbe(tcp("t", "127.0.0.1", 80, 10, 1))).isTrue();
    assertThat(MonitoredCheck.isProbe(http("h", "http://127.0.0.1/", null, 1))).isTrue();
    assertThat(MonitoredCheck.isProbe(http("s", "https://127.0.0.1/", null, 1))).isTrue();
    assertThat(
            MonitoredCheck.isProbe(
                metric("m", alarm(Statistic.SUM, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 1))))
        .isFalse();
    assertThat(MonitoredCheck.isProbe(calculated("c", 1, "t"))).isFalse();
  }

  @Test
  void aProbeStartsWhenDueWithTheNextGenerationOtherwiseMinusOne() {
    MonitoredCheck check = started(tcp("t", "127.0.0.1", 80, 10, 1));

    assertThat(check.claimProbe(T0, false)).isEqualTo(1);
    check.probeAnswered(1, ProbeResult.success("up"), T0);
    assertThat(check.claimProbe(T0.plusSeconds(9), false)).isEqualTo(-1); // not due
    assertThat(check.claimProbe(T0.plusSeconds(9), true)).isEqualTo(2); // forced
  }

  @Test
  void aProbeInFlightBlocksTheNextUntilItCountsAsLost() {
    MonitoredCheck check = started(tcp("t", "127.0.0.1", 80, 1, 1));
    assertThat(check.claimProbe(T0, false)).isEqualTo(1);

    Instant lost = T0.plus(MonitoredCheck.LOST_PROBE);
    assertThat(check.claimProbe(lost.minusMillis(1), true)).isEqualTo(-1);
    assertThat(check.claimProbe(lost, false)).isEqualTo(2);
    // The lost probe's late answer is not the latest: ignored.
    assertThat(check.probeAnswered(1, ProbeResult.failure("refused"), lost)).isNull();
    assertThat(slot.healthy()).isTrue();
  }

  @Test
  void disabledOrRetiredChecksStartNoProbe() {
    MonitoredCheck disabled = started(withModifiers(tcp("t", "127.0.0.1", 80, 10, 1), false, true));
    assertThat(disabled.claimProbe(T0, true)).isEqualTo(-1);

    MonitoredCheck retired = started(tcp("t", "127.0.0.1", 80, 10, 1));
    retired.retire();
    assertThat(retired.claimProbe(T0, true)).isEqualTo(-1);
  }
}
