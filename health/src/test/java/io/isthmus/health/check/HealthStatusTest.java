package io.isthmus.health.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthStatusTest {
  @Test
  void fromABooleanAndBack() {
    assertThat(HealthStatus.of(true)).isEqualTo(HealthStatus.HEALTHY);
    assertThat(HealthStatus.of(false)).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(HealthStatus.UNHEALTHY.healthy()).isFalse();
    assertThat(HealthStatus.HEALTHY.inverted()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(HealthStatus.UNHEALTHY.word()).isEqualTo("unhealthy");
  }
}
