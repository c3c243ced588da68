package io.isthmus.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalculatedRuleTest {
  @Test
  void thresholdZeroIsAlwaysHealthyWhateverTheChildren() {
    assertThat(CalculatedRule.observe(0, 3, 0))
        .isEqualTo(Observation.healthy("health threshold 0: always healthy"));
  }

  @Test
  void thresholdOneNeedsOneHealthyChild() {
    assertThat(CalculatedRule.observe(1, 3, 1))
        .isEqualTo(Observation.healthy("1 of 3 child checks healthy (threshold 1)"));
    assertThat(CalculatedRule.observe(0, 3, 1))
        .isEqualTo(Observation.unhealthy("0 of 3 child checks healthy (threshold 1)"));
  }

  @Test
  void thresholdEqualToTheChildrenNeedsAll() {
    assertThat(CalculatedRule.observe(3, 3, 3).raw()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(CalculatedRule.observe(2, 3, 3).raw()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(CalculatedRule.observe(3, 3, 4).reason())
        .isEqualTo("health threshold 4 exceeds the 3 child checks: always unhealthy");
  }
}
