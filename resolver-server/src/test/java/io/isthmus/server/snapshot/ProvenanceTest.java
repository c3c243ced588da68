package io.isthmus.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.Forwarding;
import io.isthmus.route.Outcome;
import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.Snapshot;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.zone.ApexRecords;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The provenance text of each kind of decision, and when none is added. */
class ProvenanceTest {
  private static final String OWNER = "111111111111";
  private static final Vpc VPC =
      new Vpc("vpc-0000000000000000a", OWNER, "a", "us-east-1", List.of("10.0.0.0/16"));
  private static final HostedZone CORP =
      new HostedZone("ZCORP0000000001", "corp.example.", OWNER, null);
  private static final ResolverEndpoint OUT =
      new ResolverEndpoint(
          "rslvr-out-00000000000000001",
          OWNER,
          "out",
          ResolverEndpoint.Direction.OUTBOUND,
          VPC.id(),
          List.of(new TargetAddress("127.0.50.1", 53)),
          List.of());
  private static final ResolverRule ONPREM =
      new ResolverRule(
          "rslvr-rr-00000000000000001",
          OWNER,
          "f",
          "onprem.example.",
          ResolverRule.RuleType.FORWARD,
          List.of(new TargetAddress("192.0.2.1", 53)),
          OUT.id(),
          "us-east-1");
  private static final ResolverRule CARVE =
      new ResolverRule(
          "rslvr-rr-00000000000000002",
          OWNER,
          "s",
          "local.onprem.example.",
          ResolverRule.RuleType.SYSTEM,
          List.of(),
          null,
          "us-east-1");
  private static final ResolverRule AT_ZONE =
      new ResolverRule(
          "rslvr-rr-00000000000000003",
          OWNER,
          "s2",
          "corp.example.",
          ResolverRule.RuleType.SYSTEM,
          List.of(),
          null,
          "us-east-1");

  private static final Snapshot SNAPSHOT = compile();
  private static final Resolver RESOLVER =
      new Resolver(List.of(new InetSocketAddress("192.0.2.53", 53)));

  private static Snapshot compile() {
    List<RecordSet> records = new ArrayList<>(ApexRecords.defaults(CORP.name()));
    records.add(RecordSet.simple("www.corp.example.", "A", 300, List.of("10.0.0.1")));
    records.add(
        RecordSet.simple("out.corp.example.", "CNAME", 300, List.of("dc1.onprem.example.")));
    List<ResolverRule> rules = List.of(ONPREM, CARVE, AT_ZONE);
    return new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        .compile(
            new ConfigData(
                1,
                List.of(VPC),
                List.of(new ZoneData(CORP, records, List.of(VPC.id()))),
                List.of(OUT),
                rules,
                rules.stream()
                    .map(r -> new RuleAssociation("assoc-" + r.id(), r.id(), VPC.id()))
                    .toList()));
  }

  /** What the query path would answer, forwarded names completed as a cache hit. */
  private static Resolution answer(String name, int type) throws Exception {
    Outcome outcome =
        RESOLVER.resolve(SNAPSHOT, SNAPSHOT.vpcsById().get(VPC.id()), Name.fromString(name), type);
    if (outcome instanceof Resolution) {
      return (Resolution) outcome;
    }
    return ((Forwarding) outcome)
        .complete(
            Rcode.NOERROR, List.of(), List.of(), -1, "", null, null, CacheStatus.HIT, List.of());
  }

  private static String text(String name, int type) throws Exception {
    Resolution annotated =
        Provenance.annotate(SNAPSHOT, answer(name, type), Name.fromString(name), type);
    assertThat(annotated.edeCode()).isEqualTo(org.xbill.DNS.ExtendedErrorCodeOption.OTHER);
    return annotated.edeText();
  }

  @Test
  void eachKindOfDecision() throws Exception {
    assertThat(text("www.corp.example.", Type.A))
        .isEqualTo(
            "rule rslvr-rr-00000000000000003 corp.example. (SYSTEM) → zone ZCORP0000000001"
                + " corp.example.");
    assertThat(text("dc1.onprem.example.", Type.A))
        .isEqualTo("rule rslvr-rr-00000000000000001 onprem.example. (FORWARD, cache HIT)");
    assertThat(text("h.local.onprem.example.", Type.A))
        .isEqualTo(
            "rule rslvr-rr-00000000000000002 local.onprem.example. (SYSTEM) → default resolution"
                + " (cache HIT)");
    assertThat(text("example.org.", Type.A)).isEqualTo("default resolution (cache HIT)");
  }

  @Test
  void aChainNamesEachLinkUpToTheForwardedName() throws Exception {
    assertThat(text("out.corp.example.", Type.A))
        .isEqualTo(
            "rule rslvr-rr-00000000000000003 corp.example. (SYSTEM) → zone ZCORP0000000001"
                + " corp.example. → rule rslvr-rr-00000000000000001 onprem.example. (FORWARD,"
                + " cache HIT)");
    // A CNAME question is answered with the CNAME alone: nothing was chased.
    assertThat(text("out.corp.example.", Type.CNAME)).doesNotContain("→ rule");
  }

  @Test
  void failuresKeepTheirOwnExtendedError() throws Exception {
    Resolution servfail =
        Resolution.vpcFailure(Rcode.SERVFAIL, List.of(), 22, "no target", null, null, VPC.id());
    assertThat(
            Provenance.annotate(SNAPSHOT, servfail, Name.fromString("x.onprem.example."), Type.A))
        .isSameAs(servfail);

    Resolution stale =
        new Resolution(
            Rcode.NOERROR,
            false,
            List.of(),
            List.of(),
            3,
            "stale",
            null,
            null,
            VPC.id(),
            null,
            null,
            CacheStatus.NONE,
            List.of());
    assertThat(Provenance.annotate(SNAPSHOT, stale, Name.fromString("x.onprem.example."), Type.A))
        .isSameAs(stale);
  }
}
