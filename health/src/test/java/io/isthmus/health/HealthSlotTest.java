package io.isthmus.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthSlotTest {
  @Test
  void startsHealthyAndShowsItsState() {
    HealthSlot slot = new HealthSlot();
    assertThat(slot.healthy()).isTrue();
    assertThat(slot).hasToString("HealthSlot[healthy]");

    slot.set(false);

    assertThat(slot.healthy()).isFalse();
    assertThat(slot).hasToString("HealthSlot[unhealthy]");
  }
}
