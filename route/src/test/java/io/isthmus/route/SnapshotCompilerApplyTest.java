package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.zone.ApexRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** {@link SnapshotCompiler#apply}: only what changed is compiled again. */
class SnapshotCompilerApplyTest {
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  private static final Vpc VPC =
      new Vpc("vpc-00000000000000001", "111111111111", "net", "us-east-1", List.of("10.0.0.0/16"));
  private static final HostedZone ONE =
      new HostedZone("ZONE000000000001", "one.test.", "111111111111", null);
  private static final HostedZone TWO =
      new HostedZone("ZTWO000000000001", "two.test.", "111111111111", null);

  private static ZoneData zone(HostedZone zone, RecordSet... extra) {
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(zone.name()));
    sets.addAll(List.of(extra));
    return new ZoneData(zone, sets, List.of(VPC.id()));
  }

  private static RecordSet a(String name, String address) {
    return RecordSet.simple(name, "A", 60, List.of(address));
  }

  private static ConfigData data(long version, ZoneData... zones) {
    return ConfigData.ofZones(version, List.of(VPC), List.of(zones));
  }

  private static List<String> answer(Snapshot snapshot, String name) {
    Resolution resolution =
        (Resolution)
            new Resolver()
                .resolve(
                    snapshot,
                    snapshot.vpcsById().get(VPC.id()),
                    Name.fromConstantString(name),
                    Type.A);
    return resolution.answer().stream().map(record -> record.rdataToString()).toList();
  }

  private final SnapshotCompiler compiler = new SnapshotCompiler(CLOCK);
  private final ConfigData first =
      data(1, zone(ONE, a("www.one.test.", "10.0.0.1")), zone(TWO, a("www.two.test.", "10.0.0.2")));

  @Test
  void recordSetChangesReplaceTheirZoneAndKeepTheRouteTables() {
    Snapshot before = compiler.compile(first);
    ConfigChanges changes =
        new ConfigChanges(
            1,
            2,
            null,
            Map.of(),
            Map.of(ONE.id(), Map.of("www.one.test.", List.of(a("www.one.test.", "10.0.0.9")))));

    Snapshot after = compiler.apply(changes.applyTo(first), changes);

    assertThat(after.version()).isEqualTo(2);
    assertThat(answer(after, "www.one.test.")).containsExactly("10.0.0.9");
    assertThat(answer(before, "www.one.test.")).containsExactly("10.0.0.1");
    assertThat(after.vpcsById()).isSameAs(before.vpcsById());
    assertThat(after.vpcsBySource()).isSameAs(before.vpcsBySource());
    assertThat(after.zones().byId(TWO.id())).isSameAs(before.zones().byId(TWO.id()));
    assertThat(after.zones().byId(ONE.id())).isNotSameAs(before.zones().byId(ONE.id()));
  }

  @Test
  void aStructureChangeRebuildsRouteTablesAndKeepsUnchangedZones() {
    Snapshot before = compiler.compile(first);
    ConfigData structure =
        data(
            2,
            new ZoneData(ONE, List.of(), List.of(VPC.id())),
            new ZoneData(TWO, List.of(), List.of()));
    ConfigChanges changes =
        new ConfigChanges(
            1,
            2,
            structure,
            Map.of(),
            Map.of(ONE.id(), Map.of("new.one.test.", List.of(a("new.one.test.", "10.0.0.3")))));

    Snapshot after = compiler.apply(changes.applyTo(first), changes);

    assertThat(after.vpcsById()).isNotSameAs(before.vpcsById());
    assertThat(after.zones().byId(TWO.id())).isSameAs(before.zones().byId(TWO.id()));
    assertThat(answer(after, "new.one.test.")).containsExactly("10.0.0.3");
    assertThat(answer(after, "www.one.test.")).containsExactly("10.0.0.1");
    // TWO is no longer associated with the VPC: nothing covers its names.
    assertThat(
            new Resolver()
                .resolve(
                    after,
                    after.vpcsById().get(VPC.id()),
                    Name.fromConstantString("www.two.test."),
                    Type.A))
        .isInstanceOfSatisfying(
            Resolution.class, r -> assertThat(r.rcode()).isEqualTo(org.xbill.DNS.Rcode.REFUSED));
  }

  @Test
  void aZoneReadWholeIsCompiledAnew() {
    Snapshot before = compiler.compile(first);
    ZoneData replaced = zone(TWO, a("www.two.test.", "10.0.0.7"));
    ConfigChanges changes =
        new ConfigChanges(1, 2, null, Map.of(TWO.id(), replaced.recordSets()), Map.of());

    Snapshot after = compiler.apply(changes.applyTo(first), changes);

    assertThat(answer(after, "www.two.test.")).containsExactly("10.0.0.7");
    assertThat(after.zones().byId(ONE.id())).isSameAs(before.zones().byId(ONE.id()));
  }

  /** The set at {@code name} in zone {@code index} of {@code data}, as the list gives it. */
  private static RecordSet setAt(ConfigData data, int index, String name) {
    List<RecordSet> sets = data.zones().get(index).recordSets();
    return sets.stream().filter(set -> set.name().equals(name)).findFirst().orElseThrow();
  }

  /** Whether the list holds the set at {@code name} compact: each read then makes a new one. */
  private static boolean compact(ConfigData data, int index, String name) {
    return setAt(data, index, name) != setAt(data, index, name);
  }

  @Test
  void theDataKeptSharesTheRecordSetsWithTheZonesAcrossChangesAndReloads() {
    compiler.compile(first);

    ConfigData kept = compiler.sharing(first);

    assertThat(kept).isEqualTo(first);
    assertThat(compact(first, 0, "www.one.test.")).isFalse();
    assertThat(compact(kept, 0, "www.one.test.")).isTrue();
    assertThat(compact(kept, 1, "www.two.test.")).isTrue();
    assertThat(compact(kept, 0, "one.test.")).isFalse(); // SOA and NS: a general node

    RecordSet changed = a("www.one.test.", "10.0.0.9");
    ConfigChanges changes =
        new ConfigChanges(
            1, 2, null, Map.of(), Map.of(ONE.id(), Map.of("www.one.test.", List.of(changed))));
    ConfigData second = changes.applyTo(kept);
    compiler.apply(second, changes);
    ConfigData keptSecond = compiler.sharing(second);

    assertThat(keptSecond).isEqualTo(changes.applyTo(first));
    assertThat(setAt(keptSecond, 0, "www.one.test.")).isSameAs(changed);
    assertThat(compact(keptSecond, 1, "www.two.test.")).isTrue();

    // A reload that reads everything again: the zones are reused, and so is their kept form.
    ConfigData reloaded = data(2, zone(ONE, changed), zone(TWO, a("www.two.test.", "10.0.0.2")));
    compiler.compile(reloaded);
    ConfigData keptReloaded = compiler.sharing(reloaded);

    assertThat(keptReloaded).isEqualTo(reloaded);
    assertThat(keptReloaded.zones().get(1).recordSets())
        .isSameAs(keptSecond.zones().get(1).recordSets());
    assertThatThrownBy(() -> compiler.sharing(first))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 1");
  }

  @Test
  void refusesChangesThatDoNotStartFromTheLastCompilation() {
    ConfigChanges changes = new ConfigChanges(1, 2, null, Map.of(), Map.of());
    assertThatThrownBy(() -> compiler.apply(changes.applyTo(first), changes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the last compilation is none");

    compiler.compile(data(3, zone(ONE)));
    assertThatThrownBy(() -> compiler.apply(changes.applyTo(first), changes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the last compilation is of version 3");
  }

  @Test
  void refusesRecordSetsOfAZoneThatIsGoneAndKeepsTheLastCompilation() {
    Snapshot before = compiler.compile(first);
    ConfigChanges changes =
        new ConfigChanges(
            1, 2, null, Map.of(), Map.of("ZGONE00000000001", Map.of("x.gone.", List.of())));

    assertThatThrownBy(() -> compiler.apply(first, changes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZGONE00000000001");

    ConfigChanges next = new ConfigChanges(1, 2, null, Map.of(), Map.of());
    assertThat(compiler.apply(next.applyTo(first), next).zones()).isEqualTo(before.zones());
  }
}
