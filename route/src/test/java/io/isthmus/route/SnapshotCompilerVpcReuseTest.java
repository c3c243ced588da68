package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.zone.ApexRecords;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * A structure change rebuilds the route tables of the VPCs it touches and keeps the others (the
 * same objects); the source table is patched at the touched VPCs' CIDRs, or built again when a
 * VPC's CIDRs changed or a VPC came or went.
 */
class SnapshotCompilerVpcReuseTest {
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  private static final String OWNER = "111111111111";
  private static final Vpc ONE =
      new Vpc("vpc-1", OWNER, "one", "us-east-1", List.of("10.1.0.0/16"));
  private static final Vpc TWO =
      new Vpc("vpc-2", OWNER, "two", "us-east-1", List.of("10.2.0.0/16", "10.22.0.0/24"));
  private static final Vpc THREE =
      new Vpc("vpc-3", OWNER, "three", "us-east-1", List.of("10.3.0.0/16"));
  private static final HostedZone ZONE = new HostedZone("Z1", "corp.test.", OWNER, null);

  private static ConfigData data(long version, List<Vpc> vpcs, String... zoneVpcs) {
    ZoneData zone = new ZoneData(ZONE, ApexRecords.defaults(ZONE.name()), List.of(zoneVpcs));
    return ConfigData.ofZones(version, vpcs, List.of(zone));
  }

  private static boolean hasZone(Snapshot snapshot, String source) throws Exception {
    VpcRoutes routes = snapshot.vpcFor(InetAddress.getByName(source));
    return routes.routes().decides(Name.fromConstantString("www.corp.test.")) != null;
  }

  private final SnapshotCompiler compiler = new SnapshotCompiler(CLOCK);

  @Test
  void anAssociationRebuildsTheRoutesOfItsVpcAlone() throws Exception {
    Snapshot before = compiler.compile(data(1, List.of(ONE, TWO, THREE), ONE.id()));

    Snapshot after = compiler.compile(data(2, List.of(ONE, TWO, THREE), ONE.id(), TWO.id()));

    assertThat(after.vpcsById().get(ONE.id())).isSameAs(before.vpcsById().get(ONE.id()));
    assertThat(after.vpcsById().get(THREE.id())).isSameAs(before.vpcsById().get(THREE.id()));
    assertThat(after.vpcsById().get(TWO.id())).isNotSameAs(before.vpcsById().get(TWO.id()));
    // Every CIDR of the changed VPC leads to its new routes, the others to the kept ones.
    assertThat(hasZone(after, "10.2.3.4")).isTrue();
    assertThat(hasZone(after, "10.22.0.9")).isTrue();
    assertThat(after.vpcFor(InetAddress.getByName("10.22.0.9")))
        .isSameAs(after.vpcsById().get(TWO.id()));
    assertThat(hasZone(after, "10.1.0.1")).isTrue();
    assertThat(hasZone(after, "10.3.0.1")).isFalse();
    assertThat(hasZone(before, "10.2.3.4")).isFalse();
    assertThat(after.vpcFor(InetAddress.getByName("10.9.0.1"))).isNull();
  }

  @Test
  void nothingChangedKeepsEveryRouteTableAndTheSourceTable() {
    Snapshot before = compiler.compile(data(1, List.of(ONE, TWO, THREE), ONE.id()));

    Snapshot after = compiler.compile(data(2, List.of(ONE, TWO, THREE), ONE.id()));

    assertThat(after.vpcsById()).isEqualTo(before.vpcsById());
    assertThat(after.vpcsBySource()).isSameAs(before.vpcsBySource());
  }

  @Test
  void aVpcWithOtherCidrsOrAVpcMoreOrLessBuildsTheSourceTableAgain() throws Exception {
    compiler.compile(data(1, List.of(ONE, TWO), ONE.id()));
    Vpc moved = new Vpc(TWO.id(), OWNER, "two", "us-east-1", List.of("10.4.0.0/16"));

    Snapshot after = compiler.compile(data(2, List.of(ONE, moved), ONE.id(), TWO.id()));

    assertThat(after.vpcFor(InetAddress.getByName("10.2.0.1"))).isNull();
    assertThat(hasZone(after, "10.4.0.1")).isTrue();

    Snapshot fewer = compiler.compile(data(3, List.of(ONE), ONE.id()));
    assertThat(fewer.vpcFor(InetAddress.getByName("10.4.0.1"))).isNull();
    assertThat(hasZone(fewer, "10.1.0.1")).isTrue();

    Snapshot more = compiler.compile(data(4, List.of(ONE, THREE), ONE.id(), THREE.id()));
    assertThat(hasZone(more, "10.3.0.1")).isTrue();
  }

  private static ZoneData zone(HostedZone zone, String... vpcIds) {
    return new ZoneData(zone, ApexRecords.defaults(zone.name()), List.of(vpcIds));
  }

  private static Route.HostedZone routeOf(Snapshot snapshot, Vpc vpc, String name) {
    return (Route.HostedZone)
        snapshot.vpcsById().get(vpc.id()).routes().decides(Name.fromConstantString(name));
  }

  @Test
  void aZoneKeepsItsSlotWhileOthersComeAndGoSoTheRouteTablesOfOtherVpcsStay() {
    HostedZone other = new HostedZone("Z2", "other.test.", OWNER, null);
    HostedZone third = new HostedZone("Z3", "third.test.", OWNER, null);
    Snapshot before =
        compiler.compile(
            ConfigData.ofZones(
                1, List.of(ONE, TWO), List.of(zone(ZONE, ONE.id()), zone(other, TWO.id()))));
    Route.HostedZone kept = routeOf(before, TWO, "www.other.test.");

    Snapshot after =
        compiler.compile(
            ConfigData.ofZones(
                2, List.of(ONE, TWO), List.of(zone(third, ONE.id()), zone(other, TWO.id()))));

    assertThat(routeOf(after, TWO, "www.other.test.")).isEqualTo(kept);
    assertThat(after.vpcsById().get(TWO.id())).isSameAs(before.vpcsById().get(TWO.id()));
    assertThat(after.zone(kept)).isSameAs(after.zones().byId("Z2"));
    // The new zone takes the slot the deleted one left.
    Route.HostedZone added = routeOf(after, ONE, "www.third.test.");
    assertThat(added.slot())
        .isEqualTo(routeOf(before, ONE, "www.corp.test.").slot())
        .isNotEqualTo(kept.slot());
    assertThat(after.zone(added).origin()).isEqualTo(Name.fromConstantString("third.test."));
    assertThat(after.zones().byId("Z1")).isNull();
  }

  @Test
  void aNewZoneNeverTakesTheSlotOfOneThatStays() {
    HostedZone other = new HostedZone("Z2", "other.test.", OWNER, null);
    Snapshot before =
        compiler.compile(ConfigData.ofZones(1, List.of(ONE, TWO), List.of(zone(other, TWO.id()))));
    Route.HostedZone kept = routeOf(before, TWO, "www.other.test.");

    Snapshot after =
        compiler.compile(
            ConfigData.ofZones(
                2, List.of(ONE, TWO), List.of(zone(ZONE, ONE.id()), zone(other, TWO.id()))));

    assertThat(kept.slot()).isZero();
    assertThat(routeOf(after, TWO, "www.other.test.")).isEqualTo(kept);
    assertThat(routeOf(after, ONE, "www.corp.test.").slot()).isEqualTo(1);
    assertThat(after.zone(routeOf(after, ONE, "www.corp.test.")).id()).isEqualTo("Z1");
  }
}
