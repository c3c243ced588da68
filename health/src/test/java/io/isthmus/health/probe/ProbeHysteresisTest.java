package io.isthmus.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeHysteresisTest {
  /**
   * Results as S (success) and F (failure), the status after each as H or U. The status changes
   * only after failureThreshold consecutive results that disagree with it.
   */
  @ParameterizedTest(name = "threshold {0}: {1} → {2}")
  @CsvSource({
    "1, FSFS,         UHUH",
    "3, FFSFFF,       HHHHHU",
    "3, FFFSSFSSS,    HHUUUUUUH",
    "2, FFSFSSFF,     HUUUUHHU",
    "10, FFFFFFFFFF,  HHHHHHHHHU",
    "3, SSSS,         HHHH",
  })
  void flipsAfterThresholdConsecutiveResultsAndRecoversTheSameWay(
      int threshold, String results, String expected) {
    ProbeHysteresis hysteresis = new ProbeHysteresis(threshold);
    StringBuilder statuses = new StringBuilder();
    for (int i = 0; i < results.length(); i++) {
      char result = results.charAt(i);
      Observation observation =
          hysteresis.record(
              result == 'S' ? ProbeResult.success("up") : ProbeResult.failure("refused"));
      statuses.append(observation.raw() == HealthStatus.HEALTHY ? 'H' : 'U');
      assertThat(observation.raw()).isEqualTo(hysteresis.status());
    }

    assertThat(statuses.toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "F     | failure 1 of 3 needed to change: refused",
        "FFF   | 3 consecutive failures: refused",
        "FFFS  | success 1 of 3 needed to change: up",
        "S     | up",
      })
  void reasonsCountTowardsTheThreshold(String results, String reason) {
    ProbeHysteresis hysteresis = new ProbeHysteresis(3);
    Observation last = ProbeHysteresis.initial();
    for (int i = 0; i < results.length(); i++) {
      char result = results.charAt(i);
      last =
          hysteresis.record(
              result == 'S' ? ProbeResult.success("up") : ProbeResult.failure("refused"));
    }

    assertThat(last.reason()).isEqualTo(reason);
  }

  @Test
  void aResumedStatusHoldsUntilThresholdResultsDisagree() {
    ProbeHysteresis hysteresis = new ProbeHysteresis(2, HealthStatus.UNHEALTHY);
    assertThat(hysteresis.status()).isEqualTo(HealthStatus.UNHEALTHY);

    assertThat(hysteresis.record(ProbeResult.success("up")).raw())
        .isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(hysteresis.record(ProbeResult.success("up")).raw()).isEqualTo(HealthStatus.HEALTHY);
  }
}
