package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.zone.ApexRecords;
import io.isthmus.zone.CompiledZone;
import io.isthmus.zone.HealthSignal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Health signals threaded from the compiler to the query path (docs/spec/resolution.md sections 4
 * and 8).
 */
class SnapshotCompilerTest {
  static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  static final HostedZone ZONE = new HostedZone("ZFO0000000001", "fo.test.", "111111111111", null);
  static final Vpc VPC =
      new Vpc("vpc-00000000000000001", "111111111111", "net", "us-east-1", List.of("10.0.0.0/16"));
  static final Name APP = Name.fromConstantString("app.fo.test.");
  static final Name WEB = Name.fromConstantString("web.fo.test.");

  /** Mutable health: one stable signal object per check id, as the health module provides. */
  static final class Checks {
    final Map<String, Flag> flags = new HashMap<>();

    HealthSignal signal(String id) {
      return flags.get(id);
    }

    Flag add(String id) {
      return flags.computeIfAbsent(id, key -> new Flag());
    }
  }

  static final class Flag implements HealthSignal {
    volatile boolean healthy = true;

    @Override
    public boolean healthy() {
      return healthy;
    }
  }

  static ConfigData config(long version) {
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(ZONE.name()));
    sets.add(failover("web.fo.test.", "A", "10.0.1.1", "p", "PRIMARY", "hc-p"));
    sets.add(failover("web.fo.test.", "A", "10.0.1.2", "s", "SECONDARY", null));
    sets.add(failover("app.fo.test.", "CNAME", "web.fo.test.", "p", "PRIMARY", "hc-p"));
    sets.add(failover("app.fo.test.", "CNAME", "other.fo.test.", "s", "SECONDARY", null));
    sets.add(RecordSet.simple("other.fo.test.", "A", 60, List.of("10.0.2.1")));
    return ConfigData.ofZones(
        version, List.of(VPC), List.of(new ZoneData(ZONE, sets, List.of(VPC.id()))));
  }

  static RecordSet failover(
      String name, String type, String rdata, String id, String role, String check) {
    return RecordSet.routed(
        name,
        type,
        60L,
        List.of(rdata),
        id,
        new RoutingPolicy.Failover(RoutingPolicy.Role.valueOf(role)),
        check);
  }

  static List<String> answer(Snapshot snapshot, Name qname) {
    Resolution resolution =
        (Resolution)
            new Resolver().resolve(snapshot, snapshot.vpcsById().get(VPC.id()), qname, Type.A);
    return resolution.answer().stream().map(Record::rdataToString).toList();
  }

  static CompiledZone zone(Snapshot snapshot) {
    return snapshot.zone(
        (Route.HostedZone) snapshot.vpcsById().get(VPC.id()).routes().answers(WEB));
  }

  @Test
  void aHealthFlipShowsInTheSameSnapshot() {
    Checks checks = new Checks();
    Flag primary = checks.add("hc-p");
    Snapshot snapshot = new SnapshotCompiler(CLOCK, Set.of(), checks::signal).compile(config(1));

    assertThat(answer(snapshot, WEB)).containsExactly("10.0.1.1");
    // A routed CNAME group is chased like any CNAME, in the same VPC context.
    assertThat(answer(snapshot, APP)).containsExactly("web.fo.test.", "10.0.1.1");

    primary.healthy = false;

    assertThat(answer(snapshot, WEB)).containsExactly("10.0.1.2");
    assertThat(answer(snapshot, APP)).containsExactly("other.fo.test.", "10.0.2.1");
  }

  @Test
  void aReusedZoneKeepsItsSignals() {
    Checks checks = new Checks();
    Flag primary = checks.add("hc-p");
    SnapshotCompiler compiler = new SnapshotCompiler(CLOCK, Set.of(), checks::signal);
    Snapshot first = compiler.compile(config(1));

    Snapshot second = compiler.compile(config(2));
    primary.healthy = false;

    assertThat(zone(second)).isSameAs(zone(first));
    assertThat(answer(second, WEB)).containsExactly("10.0.1.2");
  }

  @Test
  void aZoneIsCompiledAgainOnceAnUnknownCheckGetsASignal() {
    Checks checks = new Checks();
    SnapshotCompiler compiler = new SnapshotCompiler(CLOCK, Set.of(), checks::signal);
    Snapshot first = compiler.compile(config(1));
    // hc-p has no signal yet: healthy until it has one.
    assertThat(answer(first, WEB)).containsExactly("10.0.1.1");

    checks.add("hc-p").healthy = false;
    Snapshot second = compiler.compile(config(2));

    assertThat(zone(second)).isNotSameAs(zone(first));
    assertThat(answer(second, WEB)).containsExactly("10.0.1.2");
  }

  @Test
  void theExistingConstructorsTreatEveryRecordSetAsHealthy() {
    Snapshot snapshot = new SnapshotCompiler(CLOCK).compile(config(1));

    assertThat(answer(snapshot, WEB)).containsExactly("10.0.1.1");
    assertThat(zone(snapshot).sameHealthSignals(id -> HealthSignal.ALWAYS_HEALTHY)).isTrue();
  }
}
