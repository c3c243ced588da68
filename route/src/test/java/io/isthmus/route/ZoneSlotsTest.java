package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HostedZone;
import io.isthmus.zone.ApexRecords;
import io.isthmus.zone.CompiledZone;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZoneSlotsTest {
  private static CompiledZone compiled(String id, String name) {
    HostedZone zone = new HostedZone(id, name, "111111111111", null);
    return CompiledZone.compile(zone, ApexRecords.defaults(name));
  }

  private static final CompiledZone A = compiled("ZA", "a.test.");
  private static final CompiledZone B = compiled("ZB", "b.test.");

  @Test
  void findsEachZoneAtItsSlotAndByItsId() {
    ZoneSlots slots = ZoneSlots.of(Map.of("ZA", 2, "ZB", 0), Map.of("ZA", A, "ZB", B));

    assertThat(slots.get(2)).isSameAs(A);
    assertThat(slots.get(0)).isSameAs(B);
    assertThat(slots.get(1)).isNull();
    assertThat(slots.get(3)).isNull();
    assertThat(slots.byId("ZA")).isSameAs(A);
    assertThat(slots.byId("ZC")).isNull();
    assertThat(ZoneSlots.EMPTY.get(0)).isNull();
  }

  @Test
  void replacingPutsTheNewZoneAtTheOldOnesSlotAndLeavesTheRest() {
    ZoneSlots slots = ZoneSlots.of(Map.of("ZA", 0, "ZB", 1), Map.of("ZA", A, "ZB", B));
    CompiledZone newA = compiled("ZA", "a.test.");

    ZoneSlots replaced = slots.replacing(Map.of("ZA", newA));

    assertThat(replaced.get(0)).isSameAs(newA);
    assertThat(replaced.get(1)).isSameAs(B);
    assertThat(slots.get(0)).isSameAs(A);
    assertThat(replaced).isNotEqualTo(slots);
    assertThat(slots.replacing(Map.of())).isEqualTo(slots).hasSameHashCodeAs(slots);
    assertThatThrownBy(() -> slots.replacing(Map.of("ZC", newA)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZC");
  }

  @Test
  void refusesSlotsThatDoNotFitTheZones() {
    assertThatThrownBy(() -> ZoneSlots.of(Map.of("ZA", 0), Map.of("ZA", A, "ZB", B)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZoneSlots.of(Map.of("ZA", 0, "ZB", 0), Map.of("ZA", A, "ZB", B)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slot 0");
    assertThat(ZoneSlots.of(Map.of("ZA", 0), Map.of("ZA", A)))
        .isNotEqualTo(ZoneSlots.of(Map.of("ZB", 0), Map.of("ZB", A)));
  }
}
