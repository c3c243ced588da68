package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Rules and zones together (docs/spec/resolution.md sections 2, 5, 6): the most specific domain
 * wins, a rule beats a zone at the same domain, SYSTEM resolves as if no rule existed, inbound
 * endpoints fix the VPC. Each row: source/local → what decides (zone id, FORWARD rule id + targets,
 * REFUSED).
 */
class RulePrecedenceTest {
  private static final String SOA =
      "@ 900 SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60\n"
          + "@ 172800 NS ns-0.isthmus.internal.\n";
  private static final String OWNER = "111111111111";

  static final Vpc VPC =
      new Vpc("vpc-0000000000000000a", OWNER, "a", "us-east-1", List.of("10.0.0.0/16"));
  static final Vpc WEST =
      new Vpc("vpc-0000000000000000b", OWNER, "b", "us-west-2", List.of("10.9.0.0/16"));

  static final HostedZone CORP = new HostedZone("ZCORP0000000001", "corp.example.", OWNER, null);
  static final HostedZone DEV =
      new HostedZone("ZDEV00000000001", "dev.onprem.example.", OWNER, null);
  static final HostedZone SAME = new HostedZone("ZSAME0000000001", "same.example.", OWNER, null);
  static final HostedZone LAB =
      new HostedZone("ZLAB00000000001", "lab.onprem.example.", OWNER, null);
  static final HostedZone ALIAS = new HostedZone("ZALIAS000000001", "alias.example.", OWNER, null);

  static final ResolverEndpoint OUT =
      new ResolverEndpoint(
          "rslvr-out-00000000000000001",
          OWNER,
          "out",
          ResolverEndpoint.Direction.OUTBOUND,
          VPC.id(),
          List.of(new TargetAddress("127.0.50.1", 53), new TargetAddress("127.0.50.2", 53)),
          List.of());
  static final ResolverEndpoint IN =
      new ResolverEndpoint(
          "rslvr-in-000000000000000001",
          OWNER,
          "in",
          ResolverEndpoint.Direction.INBOUND,
          VPC.id(),
          List.of(new TargetAddress("127.0.60.1", 5300), new TargetAddress("127.0.60.2", 5300)),
          List.of("192.168.0.0/16"));

  static final ResolverRule ONPREM =
      forward("rslvr-rr-00000000000000001", "onprem.example.", "127.0.0.1");
  static final ResolverRule SAME_RULE =
      forward("rslvr-rr-00000000000000002", "same.example.", "127.0.0.2");
  static final ResolverRule DEEP =
      forward("rslvr-rr-00000000000000003", "deep.dev.onprem.example.", "127.0.0.3");
  static final ResolverRule INSIDE =
      forward("rslvr-rr-00000000000000004", "lab.corp.example.", "127.0.0.4");
  static final ResolverRule CARVE =
      new ResolverRule(
          "rslvr-rr-00000000000000005",
          OWNER,
          "carve",
          "local.onprem.example.",
          ResolverRule.RuleType.SYSTEM,
          List.of(),
          null,
          "us-east-1");
  static final ResolverRule CARVE_TO_ZONE =
      new ResolverRule(
          "rslvr-rr-00000000000000006",
          OWNER,
          "carve2",
          "dev.onprem.example.",
          ResolverRule.RuleType.SYSTEM,
          List.of(),
          null,
          "us-east-1");

  static Snapshot snapshot(Set<String> regions) {
    return new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), regions)
        .compile(
            new ConfigData(
                3,
                List.of(VPC, WEST),
                List.of(
                    data(CORP, "www A 10.0.0.1\n"),
                    data(DEV, "app A 10.0.0.2\n"),
                    data(SAME, "x A 10.0.0.3\n"),
                    data(LAB, "h A 10.0.0.5\n"),
                    data(ALIAS, "to-onprem CNAME dc1.onprem.example.\n")),
                List.of(OUT, IN),
                List.of(ONPREM, SAME_RULE, DEEP, INSIDE, CARVE, CARVE_TO_ZONE),
                Stream.of(ONPREM, SAME_RULE, DEEP, INSIDE, CARVE, CARVE_TO_ZONE)
                    .map(
                        r ->
                            new RuleAssociation(
                                "rslvr-rrassoc-" + r.id().substring(9), r.id(), VPC.id()))
                    .toList()));
  }

  static final Snapshot SNAPSHOT = snapshot(Set.of());

  static Stream<Arguments> table() {
    return Stream.of(
        // name → expected: "zone:<id>", "forward:<rule id>", "refused"
        row("www.corp.example", "zone:" + CORP.id()), // zone only
        row("dc1.onprem.example", "forward:" + ONPREM.id()), // rule only
        row("x.same.example", "forward:" + SAME_RULE.id()), // rule beats zone at the same name
        row("h.lab.onprem.example", "zone:" + LAB.id()), // zone more specific than the rule
        row("h.deep.dev.onprem.example", "forward:" + DEEP.id()), // rule more specific than zone
        row("h.lab.corp.example", "forward:" + INSIDE.id()), // rule inside a zone
        row("h.local.onprem.example", "refused"), // SYSTEM carves out; no zone, no default
        row("other.example", "refused")); // nothing covers it, default off
  }

  private static Arguments row(String name, String expected) {
    return Arguments.of(name, expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("table")
  void mostSpecificWinsAndRulesBeatZonesAtTheSameName(String name, String expected)
      throws Exception {
    Outcome outcome = resolve(new Resolver(), "10.0.1.1", null, name + ".");
    switchOn(outcome, expected);
  }

  @Test
  void systemRuleAnswersFromTheMostSpecificZoneBelowAForwardRule() throws Exception {
    // dev.onprem.example has a SYSTEM rule and a zone: SYSTEM resolves "as if no rule", so the
    // zone answers even though the FORWARD rule onprem.example would cover the name.
    Resolution resolution =
        (Resolution) resolve(new Resolver(), "10.0.1.1", null, "app.dev.onprem.example.");
    assertThat(resolution.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(resolution.route()).isEqualTo(RouteKind.SYSTEM);
    assertThat(resolution.routeId()).isEqualTo(CARVE_TO_ZONE.id());
  }

  @Test
  void systemRuleWithoutZoneGoesToDefaultResolution() throws Exception {
    InetSocketAddress upstream = new InetSocketAddress(InetAddress.getByName("127.0.0.53"), 53);
    Outcome outcome =
        resolve(new Resolver(List.of(upstream)), "10.0.1.1", null, "h.local.onprem.example.");
    assertThat(outcome)
        .isInstanceOfSatisfying(
            Forwarding.class,
            f -> {
              assertThat(f.scope()).isEqualTo(Resolver.DEFAULT_SCOPE);
              assertThat(f.targets()).containsExactly(upstream);
              assertThat(f.sources()).isEmpty();
              assertThat(f.route()).isEqualTo(RouteKind.SYSTEM);
              assertThat(f.routeId()).isEqualTo(CARVE.id());
              assertThat(f.bailiwick())
                  .as("default resolution speaks for every name")
                  .isEqualTo(Name.root);
            });
    Outcome other = resolve(new Resolver(List.of(upstream)), "10.0.1.1", null, "example.org.");
    assertThat(other)
        .isInstanceOfSatisfying(
            Forwarding.class, f -> assertThat(f.route()).isEqualTo(RouteKind.DEFAULT));
  }

  @Test
  void forwardUsesTheOutboundEndpointAddressesAsSources() throws Exception {
    Forwarding f = (Forwarding) resolve(new Resolver(), "10.0.1.1", null, "dc1.onprem.example.");
    assertThat(f.sources())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.50.1", "127.0.50.2");
    assertThat(f.targets()).containsExactly(new InetSocketAddress("127.0.0.1", 53));
    assertThat(f.scope()).isEqualTo(ONPREM.id());
    assertThat(f.chain()).isEmpty();
    assertThat(f.bailiwick())
        .as("the upstream speaks for the rule's domain only")
        .isEqualTo(Name.fromString("onprem.example."));
  }

  @Test
  void aCompletedForwardingCarriesTheUpstreamsExtendedErrorsAfterOurs() throws Exception {
    Forwarding f =
        (Forwarding) resolve(new Resolver(), "10.0.1.1", null, "to-onprem.alias.example.");
    Resolution done =
        f.complete(
            Rcode.NXDOMAIN,
            List.of(),
            List.of(),
            3,
            "stale",
            null,
            null,
            CacheStatus.STALE,
            List.of(new org.xbill.DNS.ExtendedErrorCodeOption(15, "blocked")));
    assertThat(done.edeCode()).isEqualTo(3);
    assertThat(done.upstreamErrors())
        .extracting(org.xbill.DNS.ExtendedErrorCodeOption::getErrorCode)
        .containsExactly(15);
    assertThat(done.answer()).hasSize(1);
    Resolution direct =
        ((Forwarding) resolve(new Resolver(), "10.0.1.1", null, "dc1.onprem.example."))
            .complete(
                Rcode.NOERROR,
                List.of(),
                List.of(),
                -1,
                null,
                null,
                null,
                CacheStatus.MISS,
                List.of(new org.xbill.DNS.ExtendedErrorCodeOption(15, "blocked")));
    assertThat(direct.upstreamErrors()).hasSize(1);
    assertThat(direct.cache()).isEqualTo(CacheStatus.MISS);
  }

  @Test
  void cnameFromAZoneIsCompletedThroughTheForwardRule() throws Exception {
    Forwarding f =
        (Forwarding) resolve(new Resolver(), "10.0.1.1", null, "to-onprem.alias.example.");
    assertThat(f.name()).isEqualTo(Name.fromString("dc1.onprem.example."));
    assertThat(f.chain()).hasSize(1);
    assertThat(f.route()).isEqualTo(RouteKind.HOSTED_ZONE);
    Resolution done =
        f.complete(
            Rcode.NOERROR,
            List.of(
                org.xbill.DNS.Record.fromString(
                    Name.fromString("dc1.onprem.example."), Type.A, 1, 60, "10.10.0.1", Name.root)),
            List.of(),
            -1,
            null,
            null,
            null,
            CacheStatus.MISS,
            List.of());
    assertThat(done.answer()).hasSize(2);
    assertThat(done.answer().get(0).getType()).isEqualTo(Type.CNAME);
    assertThat(done.authoritative()).isFalse();
  }

  @Test
  void inboundEndpointFixesTheVpcAndChecksAllowedSources() throws Exception {
    InetSocketAddress inbound = new InetSocketAddress(InetAddress.getByName("127.0.60.1"), 5300);
    // A source in no VPC at all is answered in the endpoint's VPC...
    Resolution ok =
        (Resolution) resolve(new Resolver(), "192.168.1.1", inbound, "www.corp.example.");
    assertThat(ok.answer()).hasSize(1);
    assertThat(ok.vpcId()).isEqualTo(VPC.id());
    // ...but only if the endpoint allows it; the VPC's own CIDR is not enough.
    Resolution refused =
        (Resolution) resolve(new Resolver(), "10.0.1.1", inbound, "www.corp.example.");
    assertThat(refused.rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.edeCode()).isEqualTo(org.xbill.DNS.ExtendedErrorCodeOption.PROHIBITED);
    assertThat(refused.edeText()).contains(IN.id());
  }

  @Test
  void aNodeServesOnlyItsRegions() throws Exception {
    Snapshot westOnly = snapshot(Set.of("us-west-2"));
    assertThat(westOnly.vpcsById()).containsOnlyKeys(WEST.id());
    assertThat(westOnly.listeners()).isEmpty();
    // Only INBOUND addresses are listened on; an OUTBOUND endpoint's are source addresses.
    assertThat(SNAPSHOT.listeners().keySet())
        .containsExactlyInAnyOrderElementsOf(
            IN.ipAddresses().stream().map(TargetAddress::socketAddress).toList());
  }

  private static void switchOn(Outcome outcome, String expected) {
    if (expected.startsWith("zone:")) {
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Resolution.class,
              r -> {
                assertThat(r.authoritative()).isTrue();
                assertThat(r.answer()).hasSize(1);
                assertThat(r.routeId()).isEqualTo(expected.substring(5));
              });
    } else if (expected.startsWith("forward:")) {
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Forwarding.class,
              f -> {
                assertThat(f.scope()).isEqualTo(expected.substring(8));
                assertThat(f.route()).isEqualTo(RouteKind.FORWARD);
              });
    } else {
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Resolution.class,
              r -> {
                assertThat(r.rcode()).isEqualTo(Rcode.REFUSED);
                assertThat(r.edeCode()).isEqualTo(org.xbill.DNS.ExtendedErrorCodeOption.PROHIBITED);
              });
    }
  }

  private static Outcome resolve(
      Resolver resolver, String source, InetSocketAddress local, String name) throws Exception {
    return resolver.resolve(
        SNAPSHOT,
        new InetSocketAddress(InetAddress.getByName(source), 40000),
        local,
        Name.fromString(name),
        Type.A);
  }

  private static ZoneData data(HostedZone zone, String records) {
    return new ZoneData(zone, ZoneText.parse(zone.name(), SOA + records), List.of(VPC.id()));
  }

  private static ResolverRule forward(String id, String domain, String target) {
    return new ResolverRule(
        id,
        OWNER,
        id,
        domain,
        ResolverRule.RuleType.FORWARD,
        List.of(new TargetAddress(target, 53)),
        OUT.id(),
        "us-east-1");
  }
}
