package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RoutingPolicy.Role;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.route.Explanation.Candidate;
import io.isthmus.route.Explanation.Health;
import io.isthmus.zone.HealthSignal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Explanations of docs/spec/resolution.md section 2's precedence table and examples, failover
 * record sets with their health, and the VPC choice of section 1. Every explanation's answer must
 * be the resolver's, so the explanations are checked against what {@link Resolver} answers too.
 */
class ExplainerTest {
  private static final String SOA =
      "@ 900 SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60\n"
          + "@ 172800 NS ns-0.isthmus.internal.\n";
  private static final String OWNER = "111111111111";
  private static final String OTHER = "222222222222";
  private static final String DB_CHECK = "check-db-primary";

  static final Vpc VPC =
      new Vpc("vpc-0000000000000000a", OWNER, "a", "us-east-1", List.of("10.0.0.0/16"));
  static final Vpc NARROW =
      new Vpc("vpc-0000000000000000b", OWNER, "b", "us-east-1", List.of("10.0.7.0/24"));

  // docs/spec/resolution.md section 2's example: PHZ aws.customer.local, PHZ
  // app1.aws.customer.local,
  // FORWARD customer.local.
  static final HostedZone AWS =
      new HostedZone("ZAWS0000000001", "aws.customer.local.", OWNER, null);
  static final HostedZone APP1 =
      new HostedZone("ZAPP10000000001", "app1.aws.customer.local.", OTHER, null);
  static final HostedZone SAME = new HostedZone("ZSAME0000000001", "same.example.", OWNER, null);
  static final HostedZone LAB =
      new HostedZone("ZLAB00000000001", "lab.onprem.example.", OWNER, null);
  static final HostedZone CORP = new HostedZone("ZCORP0000000001", "corp.example.", OWNER, null);
  static final HostedZone DEV =
      new HostedZone("ZDEV00000000001", "dev.onprem.example.", OWNER, null);

  static final ResolverEndpoint OUT =
      new ResolverEndpoint(
          "rslvr-out-00000000000000001",
          OWNER,
          "out",
          ResolverEndpoint.Direction.OUTBOUND,
          VPC.id(),
          List.of(new TargetAddress("127.0.50.1", 53)),
          List.of());

  static final ResolverRule CUSTOMER =
      forward("rslvr-rr-00000000000000001", "customer.local.", "192.0.2.1", "192.0.2.2");
  static final ResolverRule SAME_RULE =
      forward("rslvr-rr-00000000000000002", "same.example.", "192.0.2.3");
  static final ResolverRule ONPREM =
      forward("rslvr-rr-00000000000000003", "onprem.example.", "192.0.2.4");
  static final ResolverRule INSIDE_CORP =
      forward("rslvr-rr-00000000000000004", "lab.corp.example.", "192.0.2.5");
  static final ResolverRule CARVE = system("rslvr-rr-00000000000000005", "local.onprem.example.");
  static final ResolverRule CARVE_TO_ZONE =
      system("rslvr-rr-00000000000000006", "dev.onprem.example.");

  static final InetSocketAddress DEFAULT_UPSTREAM = new InetSocketAddress("192.0.2.53", 53);

  private final AtomicBoolean primaryHealthy = new AtomicBoolean(true);
  private final Map<String, HealthSignal> signals = Map.of(DB_CHECK, primaryHealthy::get);
  private final Snapshot snapshot = compile();

  /** Default resolution on: names nothing claims are forwarded to {@link #DEFAULT_UPSTREAM}. */
  private final Explainer explainer = new Explainer(new Resolver(List.of(DEFAULT_UPSTREAM)));

  /** Targets UP in the given order, the cache fresh: what a busy forwarder would report. */
  private static final Explainer.ForwardView WARM =
      new Explainer.ForwardView() {
        @Override
        public List<Explanation.Target> targets(List<InetSocketAddress> targets) {
          return targets.stream().map(t -> Explainer.ForwardView.target(t, "UP")).toList();
        }

        @Override
        public CacheStatus cache(String scope, Name name, int type) {
          return CacheStatus.HIT;
        }
      };

  private Snapshot compile() {
    List<ResolverRule> rules =
        List.of(CUSTOMER, SAME_RULE, ONPREM, INSIDE_CORP, CARVE, CARVE_TO_ZONE);
    List<RuleAssociation> associations = new ArrayList<>();
    for (ResolverRule rule : rules) {
      associations.add(
          new RuleAssociation("rslvr-rrassoc-" + rule.id().substring(9), rule.id(), VPC.id()));
    }
    List<RecordSet> app1 =
        new ArrayList<>(
            ZoneText.parse(
                APP1.name(),
                SOA
                    + "web A 10.1.0.10\n"
                    + "web TXT \"web\"\n"
                    + "*.svc A 10.1.0.30\n"
                    + "alias CNAME web.app1.aws.customer.local.\n"
                    + "out CNAME dc1.customer.local.\n"));
    app1.add(failover("PRIMARY", "use1", "10.1.0.20", DB_CHECK));
    app1.add(failover("SECONDARY", "usw2", "10.1.0.21", null));
    return new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Set.of(), signals::get)
        .compile(
            new ConfigData(
                9,
                List.of(VPC, NARROW),
                List.of(
                    data(
                        AWS,
                        SOA
                            + "x A 10.0.0.1\n"
                            + "host.app1 A 10.0.0.99\n"
                            + "www CNAME web.app1.aws.customer.local.\n"),
                    new ZoneData(APP1, app1, List.of(VPC.id())),
                    data(SAME, "x A 10.0.0.3\n"),
                    data(LAB, "h A 10.0.0.5\n"),
                    data(CORP, "www A 10.0.0.6\n"),
                    data(DEV, "app A 10.0.0.7\n")),
                List.of(OUT),
                rules,
                associations));
  }

  private static ZoneData data(HostedZone zone, String text) {
    return new ZoneData(
        zone,
        ZoneText.parse(zone.name(), text.startsWith("@") ? text : SOA + text),
        List.of(VPC.id()));
  }

  private static RecordSet failover(
      String role, String setIdentifier, String address, String checkId) {
    return RecordSet.routed(
        "db.app1.aws.customer.local.",
        "A",
        10L,
        List.of(address),
        setIdentifier,
        new RoutingPolicy.Failover(RoutingPolicy.Role.valueOf(role)),
        checkId);
  }

  private static ResolverRule forward(String id, String domain, String... targets) {
    return new ResolverRule(
        id,
        OWNER,
        "r",
        domain,
        ResolverRule.RuleType.FORWARD,
        Stream.of(targets).map(ip -> new TargetAddress(ip, 53)).toList(),
        OUT.id(),
        "us-east-1");
  }

  private static ResolverRule system(String id, String domain) {
    return new ResolverRule(
        id, OWNER, "s", domain, ResolverRule.RuleType.SYSTEM, List.of(), null, "us-east-1");
  }

  private Explanation explain(String name, String type) throws Exception {
    return explainer.explainVpc(
        snapshot, VPC.id(), Name.fromString(name + "."), Type.value(type), WARM);
  }

  private static Candidate zone(HostedZone zone) {
    return new Candidate(RouteKind.HOSTED_ZONE, zone.name(), zone.id());
  }

  private static Candidate rule(ResolverRule rule) {
    return new Candidate(
        rule.ruleType() == ResolverRule.RuleType.FORWARD ? RouteKind.FORWARD : RouteKind.SYSTEM,
        rule.domainName(),
        rule.id());
  }

  private static final Candidate DEFAULT = new Candidate(RouteKind.DEFAULT, ".", null);

  // ---- docs/spec/resolution.md section 2: the examples ----

  @Test
  void mostSpecificZoneAnswers() throws Exception {
    Explanation e = explain("web.app1.aws.customer.local", "A");

    assertThat(e.vpcId()).isEqualTo(VPC.id());
    assertThat(e.vpcAccountId()).isEqualTo(OWNER);
    assertThat(e.vpcReason()).isEqualTo("given vpcId");
    assertThat(e.candidates()).containsExactly(zone(APP1), zone(AWS), rule(CUSTOMER), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(e.decision().id()).isEqualTo(APP1.id());
    assertThat(e.decision().domain()).isEqualTo(APP1.name());
    assertThat(e.decision().reason())
        .isEqualTo("most specific (over HOSTED_ZONE " + AWS.id() + " " + AWS.name() + ")");
    assertThat(e.recordSets())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.recordSet().type()).isEqualTo("A");
              assertThat(s.recordSet().records()).containsExactly("10.1.0.10");
              assertThat(s.health()).isNull();
            });
    assertThat(e.rcode()).isEqualTo("NOERROR");
    assertThat(e.answers()).containsExactly("web.app1.aws.customer.local. 300 IN A 10.1.0.10");
    assertThat(e.forward()).isNull();
  }

  @Test
  void parentZoneAnswersWhatNoChildZoneCovers() throws Exception {
    Explanation e = explain("x.aws.customer.local", "A");

    assertThat(e.candidates()).containsExactly(zone(AWS), rule(CUSTOMER), DEFAULT);
    assertThat(e.decision().id()).isEqualTo(AWS.id());
    assertThat(e.decision().reason()).contains("most specific", "FORWARD " + CUSTOMER.id());
    assertThat(e.answers()).containsExactly("x.aws.customer.local. 300 IN A 10.0.0.1");
  }

  @Test
  void nameOnlyInTheParentZoneIsNxdomainFromTheMostSpecificZone() throws Exception {
    Explanation e = explain("host.app1.aws.customer.local", "A");

    assertThat(e.decision().kind()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(e.decision().id()).isEqualTo(APP1.id());
    assertThat(e.recordSets()).isEmpty();
    assertThat(e.rcode()).isEqualTo("NXDOMAIN");
    assertThat(e.answers()).isEmpty();
  }

  @Test
  void forwardRuleIsDescribedNotPerformed() throws Exception {
    Explanation e = explain("dc1.customer.local", "A");

    assertThat(e.candidates()).containsExactly(rule(CUSTOMER), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.FORWARD);
    assertThat(e.decision().id()).isEqualTo(CUSTOMER.id());
    assertThat(e.decision().domain()).isEqualTo("customer.local.");
    assertThat(e.decision().reason()).isEqualTo("most specific");
    assertThat(e.recordSets()).isEmpty();
    assertThat(e.rcode()).isNull();
    assertThat(e.answers()).isEmpty();
    assertThat(e.forward().name()).isEqualTo("dc1.customer.local.");
    assertThat(e.forward().ruleId()).isEqualTo(CUSTOMER.id());
    assertThat(e.forward().targets())
        .containsExactly(
            new Explanation.Target("192.0.2.1", 53, "UP"),
            new Explanation.Target("192.0.2.2", 53, "UP"));
    assertThat(e.forward().cache()).isEqualTo(CacheStatus.HIT);
  }

  @Test
  void nameNothingClaimsGoesToDefaultResolution() throws Exception {
    Explanation e = explain("example.org", "A");

    assertThat(e.candidates()).containsExactly(DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.DEFAULT);
    assertThat(e.decision().domain()).isEqualTo(".");
    assertThat(e.decision().id()).isNull();
    assertThat(e.decision().reason()).contains("default resolution").doesNotContain("off");
    assertThat(e.rcode()).isNull();
    assertThat(e.forward().ruleId()).isNull();
    assertThat(e.forward().targets())
        .containsExactly(new Explanation.Target("192.0.2.53", 53, "UP"));
  }

  @Test
  void defaultResolutionOffIsRefused() throws Exception {
    Explanation e =
        new Explainer(new Resolver())
            .explainVpc(
                snapshot,
                VPC.id(),
                Name.fromString("example.org."),
                Type.A,
                Explainer.ForwardView.UNKNOWN);

    assertThat(e.decision().kind()).isEqualTo(RouteKind.DEFAULT);
    assertThat(e.decision().reason()).contains("which is off on this node: REFUSED");
    assertThat(e.rcode()).isEqualTo("REFUSED");
    assertThat(e.forward()).isNull();
  }

  // ---- docs/spec/resolution.md section 2: the precedence table ----

  @Test
  void ruleBeatsZoneAtTheSameName() throws Exception {
    Explanation e = explain("x.same.example", "A");

    assertThat(e.candidates()).containsExactly(rule(SAME_RULE), zone(SAME), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.FORWARD);
    assertThat(e.decision().id()).isEqualTo(SAME_RULE.id());
    assertThat(e.decision().reason())
        .isEqualTo("rule beats zone at the same name (zone " + SAME.id() + ")");
    assertThat(e.recordSets()).isEmpty();
    assertThat(e.rcode()).isNull();
    assertThat(e.forward().ruleId()).isEqualTo(SAME_RULE.id());
  }

  @Test
  void zoneMoreSpecificThanARuleAboveIt() throws Exception {
    Explanation e = explain("h.lab.onprem.example", "A");

    assertThat(e.candidates()).containsExactly(zone(LAB), rule(ONPREM), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(e.decision().reason())
        .isEqualTo("most specific (over FORWARD " + ONPREM.id() + " onprem.example.)");
    assertThat(e.rcode()).isEqualTo("NOERROR");
    assertThat(e.answers()).containsExactly("h.lab.onprem.example. 300 IN A 10.0.0.5");
  }

  @Test
  void ruleMoreSpecificThanAZoneAboveIt() throws Exception {
    Explanation e = explain("h.lab.corp.example", "A");

    assertThat(e.candidates()).containsExactly(rule(INSIDE_CORP), zone(CORP), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.FORWARD);
    assertThat(e.decision().reason())
        .isEqualTo("most specific (over HOSTED_ZONE " + CORP.id() + " corp.example.)");
    assertThat(e.rcode()).isNull();
    assertThat(e.forward().targets())
        .extracting(Explanation.Target::ip)
        .containsExactly("192.0.2.5");
  }

  @Test
  void systemRuleCarvesASubdomainOutOfAForwardRule() throws Exception {
    Explanation e = explain("h.local.onprem.example", "A");

    assertThat(e.candidates()).containsExactly(rule(CARVE), rule(ONPREM), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.SYSTEM);
    assertThat(e.decision().id()).isEqualTo(CARVE.id());
    assertThat(e.decision().reason())
        .isEqualTo(
            "most specific (over FORWARD "
                + ONPREM.id()
                + " onprem.example.); SYSTEM: resolved as if no rule → default resolution");
    // Default resolution, not the FORWARD rule above it.
    assertThat(e.rcode()).isNull();
    assertThat(e.forward().ruleId()).isNull();
    assertThat(e.forward().targets())
        .extracting(Explanation.Target::ip)
        .containsExactly("192.0.2.53");
  }

  @Test
  void systemRuleAtAZoneNameResolvesFromTheZone() throws Exception {
    Explanation e = explain("app.dev.onprem.example", "A");

    assertThat(e.candidates())
        .containsExactly(rule(CARVE_TO_ZONE), zone(DEV), rule(ONPREM), DEFAULT);
    assertThat(e.decision().kind()).isEqualTo(RouteKind.SYSTEM);
    assertThat(e.decision().reason())
        .isEqualTo(
            "rule beats zone at the same name (zone "
                + DEV.id()
                + "); SYSTEM: resolved as if no rule → zone "
                + DEV.id()
                + " dev.onprem.example.");
    assertThat(e.recordSets())
        .singleElement()
        .extracting(s -> s.recordSet().name())
        .isEqualTo("app.dev.onprem.example.");
    assertThat(e.rcode()).isEqualTo("NOERROR");
    assertThat(e.answers()).containsExactly("app.dev.onprem.example. 300 IN A 10.0.0.7");
    assertThat(e.forward()).isNull();
  }

  // ---- CNAMEs, wildcards, types ----

  @Test
  void cnameChainIsFollowedAsTheResolverDoes() throws Exception {
    Explanation e = explain("www.aws.customer.local", "A");

    assertThat(e.decision().id()).isEqualTo(AWS.id());
    assertThat(e.recordSets())
        .singleElement()
        .extracting(s -> s.recordSet().type())
        .isEqualTo("CNAME");
    assertThat(e.answers())
        .containsExactly(
            "www.aws.customer.local. 300 IN CNAME web.app1.aws.customer.local.",
            "web.app1.aws.customer.local. 300 IN A 10.1.0.10");
  }

  @Test
  void cnameToAForwardedNameShowsTheChainAndTheForwarding() throws Exception {
    Explanation e = explain("out.app1.aws.customer.local", "A");

    assertThat(e.decision().kind()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(e.rcode()).isNull();
    assertThat(e.answers())
        .containsExactly("out.app1.aws.customer.local. 300 IN CNAME dc1.customer.local.");
    assertThat(e.forward().name()).isEqualTo("dc1.customer.local.");
    assertThat(e.forward().ruleId()).isEqualTo(CUSTOMER.id());
  }

  @Test
  void wildcardRecordSetsAreTheOnesConsidered() throws Exception {
    Explanation e = explain("anything.svc.app1.aws.customer.local", "A");

    assertThat(e.recordSets())
        .singleElement()
        .extracting(s -> s.recordSet().name())
        .isEqualTo("*.svc.app1.aws.customer.local.");
    assertThat(e.answers())
        .containsExactly("anything.svc.app1.aws.customer.local. 300 IN A 10.1.0.30");
  }

  @Test
  void onlyRecordSetsOfTheTypeAreShownAndNodataIsNoerror() throws Exception {
    assertThat(explain("web.app1.aws.customer.local", "TXT").recordSets())
        .singleElement()
        .extracting(s -> s.recordSet().type())
        .isEqualTo("TXT");
    assertThat(explain("web.app1.aws.customer.local", "ANY").recordSets()).hasSize(2);

    Explanation nodata = explain("web.app1.aws.customer.local", "AAAA");
    assertThat(nodata.recordSets()).isEmpty();
    assertThat(nodata.rcode()).isEqualTo("NOERROR");
    assertThat(nodata.answers()).isEmpty();
  }

  // ---- docs/spec/resolution.md section 4: failover with health ----

  @Test
  void failoverRecordSetsShowTheirHealthAndTheAnswerFollowsIt() throws Exception {
    Explanation healthy = explain("db.app1.aws.customer.local", "A");

    assertThat(healthy.recordSets())
        .extracting(s -> s.recordSet().routing(), Explanation.RecordSetState::health)
        .containsExactlyInAnyOrder(
            tuple(new RoutingPolicy.Failover(Role.PRIMARY), Health.HEALTHY),
            tuple(new RoutingPolicy.Failover(Role.SECONDARY), null));
    assertThat(healthy.answers()).containsExactly("db.app1.aws.customer.local. 10 IN A 10.1.0.20");

    primaryHealthy.set(false);
    Explanation failed = explain("db.app1.aws.customer.local", "A");

    assertThat(failed.recordSets())
        .filteredOn(s -> s.recordSet().routing().equals(new RoutingPolicy.Failover(Role.PRIMARY)))
        .singleElement()
        .extracting(Explanation.RecordSetState::health)
        .isEqualTo(Health.UNHEALTHY);
    assertThat(failed.answers()).containsExactly("db.app1.aws.customer.local. 10 IN A 10.1.0.21");
  }

  // ---- docs/spec/resolution.md section 1: which VPC ----

  @Test
  void sourceAddressPicksTheVpcByLongestPrefix() throws Exception {
    Explanation wide =
        explainer.explainSource(
            snapshot,
            InetAddress.getByName("10.0.1.1"),
            null,
            Name.fromString("web.app1.aws.customer.local."),
            Type.A,
            WARM);
    assertThat(wide.vpcId()).isEqualTo(VPC.id());
    assertThat(wide.vpcReason())
        .isEqualTo(
            "source 10.0.1.1 is in 10.0.0.0/16 of "
                + VPC.id()
                + " (longest prefix match, as on the VPC resolver listener)");
    assertThat(wide.rcode()).isEqualTo("NOERROR");

    Explanation narrow =
        explainer.explainSource(
            snapshot,
            InetAddress.getByName("10.0.7.9"),
            null,
            Name.fromString("web.app1.aws.customer.local."),
            Type.A,
            WARM);
    assertThat(narrow.vpcId()).isEqualTo(NARROW.id());
    assertThat(narrow.vpcReason()).contains("10.0.7.0/24");
    // NARROW has nothing associated: default resolution only.
    assertThat(narrow.candidates()).containsExactly(DEFAULT);
  }

  @Test
  void sourceInNoVpcIsRefusedWithTheReason() throws Exception {
    Explanation e =
        explainer.explainSource(
            snapshot,
            InetAddress.getByName("192.168.1.1"),
            null,
            Name.fromString("web.app1.aws.customer.local."),
            Type.A,
            WARM);

    assertThat(e.vpcId()).isNull();
    assertThat(e.vpcAccountId()).isNull();
    assertThat(e.vpcReason()).isEqualTo("source 192.168.1.1 is not in any VPC");
    assertThat(e.candidates()).isEmpty();
    assertThat(e.decision().kind()).isEqualTo(RouteKind.REFUSED);
    assertThat(e.decision().reason()).contains("REFUSED");
    assertThat(e.rcode()).isEqualTo("REFUSED");
  }

  @Test
  void vpcTheNodeDoesNotServeIsRefused() throws Exception {
    Explanation e =
        explainer.explainVpc(
            snapshot, "vpc-00000000000000fff", Name.fromString("x.example."), Type.A, WARM);

    assertThat(e.vpcId()).isEqualTo("vpc-00000000000000fff");
    assertThat(e.vpcReason()).contains("not served by this node");
    assertThat(e.rcode()).isEqualTo("REFUSED");
  }

  @Test
  void unknownForwarderStateListsTargetsInConfiguredOrder() throws Exception {
    Explanation e =
        explainer.explainVpc(
            snapshot,
            VPC.id(),
            Name.fromString("dc1.customer.local."),
            Type.A,
            Explainer.ForwardView.UNKNOWN);

    assertThat(e.forward().targets())
        .extracting(Explanation.Target::ip, Explanation.Target::state)
        .containsExactly(tuple("192.0.2.1", "UNKNOWN"), tuple("192.0.2.2", "UNKNOWN"));
    assertThat(e.forward().cache()).isEqualTo(CacheStatus.NONE);
  }
}
