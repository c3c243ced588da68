package io.isthmus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
  private static final HostedZone ZONE = new HostedZone("Z1", "example.com.", "111111111111", null);
  private static final HostedZone NEW = new HostedZone("Z2", "new.example.", "111111111111", null);
  private static final Vpc VPC =
      new Vpc("vpc-1", "111111111111", "one", "us-east-1", List.of("10.0.0.0/16"));

  private static RecordSet a(String name, String address) {
    return RecordSet.simple(name, "A", 60, List.of(address));
  }

  private static ConfigData data(long version, List<ZoneData> zones) {
    return ConfigData.ofZones(version, List.of(VPC), zones);
  }

  private static final ConfigData BEFORE =
      data(
          4,
          List.of(
              new ZoneData(
                  ZONE,
                  List.of(a("a.example.com.", "10.0.0.1"), a("b.example.com.", "10.0.0.2")),
                  List.of(VPC.id()))));

  @Test
  void theSetsAtAChangedNameAreReplacedAndANameWithoutSetsGoes() {
    RecordSet txt = RecordSet.simple("a.example.com.", "TXT", 60, List.of("\"t\""));
    ConfigChanges changes =
        new ConfigChanges(
            4,
            6,
            null,
            Map.of(),
            Map.of(
                ZONE.id(),
                Map.of(
                    "a.example.com.",
                    List.of(a("a.example.com.", "10.0.0.9"), txt),
                    "b.example.com.",
                    List.of())));

    ConfigData after = changes.applyTo(BEFORE);

    assertThat(after.version()).isEqualTo(6);
    assertThat(after.vpcs()).isEqualTo(BEFORE.vpcs());
    assertThat(after.zones().get(0).recordSets())
        .containsExactly(a("a.example.com.", "10.0.0.9"), txt);
    assertThat(after.zones().get(0).vpcIds()).containsExactly(VPC.id());
    assertThat(changes.recordSetsOnly()).isTrue();
    assertThat(changes.changedZoneIds()).containsExactly(ZONE.id());
  }

  @Test
  void aStructureChangeTakesTheNewFrameAndZonesReadWhole() {
    ConfigData structure =
        data(
            5,
            List.of(
                new ZoneData(ZONE, List.of(), List.of()),
                new ZoneData(NEW, List.of(), List.of(VPC.id()))));
    ConfigChanges changes =
        new ConfigChanges(
            4, 5, structure, Map.of(NEW.id(), List.of(a("x.new.example.", "10.1.0.1"))), Map.of());

    ConfigData after = changes.applyTo(BEFORE);

    assertThat(after.zones())
        .containsExactly(
            new ZoneData(ZONE, BEFORE.zones().get(0).recordSets(), List.of()),
            new ZoneData(NEW, List.of(a("x.new.example.", "10.1.0.1")), List.of(VPC.id())));
    assertThat(changes.recordSetsOnly()).isFalse();
    assertThat(changes.changedZoneIds()).containsExactly(NEW.id());
  }

  @Test
  void aStructureWithoutItsVpcsKeepsTheVpcsServed() {
    Vpc other = new Vpc("vpc-2", "111111111111", "two", "us-east-1", List.of("10.9.0.0/16"));
    ConfigData structure =
        ConfigData.ofZones(5, List.of(), List.of(new ZoneData(ZONE, List.of(), List.of())));

    ConfigData kept = new ConfigChanges(4, 5, structure, false, Map.of(), Map.of()).applyTo(BEFORE);
    ConfigData read =
        new ConfigChanges(
                4,
                5,
                ConfigData.ofZones(5, List.of(other), structure.zones()),
                true,
                Map.of(),
                Map.of())
            .applyTo(BEFORE);

    assertThat(kept.vpcs()).isSameAs(BEFORE.vpcs());
    assertThat(kept.zones().get(0).vpcIds()).isEmpty();
    assertThat(read.vpcs()).containsExactly(other);
    assertThat(new ConfigChanges(4, 5, null, Map.of(), Map.of()).vpcsChanged()).isTrue();
  }

  @Test
  void noChangeLeavesTheRecordSetsAsTheyWere() {
    ConfigData after = new ConfigChanges(4, 5, null, Map.of(), Map.of()).applyTo(BEFORE);

    assertThat(after.zones().get(0).recordSets()).isSameAs(BEFORE.zones().get(0).recordSets());
    assertThat(after.version()).isEqualTo(5);
  }

  @Test
  void refusesWhatDoesNotFit() {
    assertThatThrownBy(() -> new ConfigChanges(4, 3, null, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("back from 4 to 3");
    assertThatThrownBy(() -> new ConfigChanges(4, 5, data(6, List.of()), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another version: 6");
    assertThatThrownBy(() -> new ConfigChanges(3, 5, null, Map.of(), Map.of()).applyTo(BEFORE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from version 3 applied to version 4");
    ConfigData withNew = data(5, List.of(new ZoneData(NEW, List.of(), List.of())));
    assertThatThrownBy(() -> new ConfigChanges(4, 5, withNew, Map.of(), Map.of()).applyTo(BEFORE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zone Z2 is new but was not read whole");
    assertThat(new ConfigChanges(4, 4, null, Map.of(), Map.of()).applyTo(BEFORE).version())
        .isEqualTo(4);
  }
}
