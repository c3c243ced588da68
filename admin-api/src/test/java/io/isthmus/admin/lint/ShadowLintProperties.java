package io.isthmus.admin.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResolverRule.RuleType;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.ZoneData;
import io.isthmus.route.Forwarding;
import io.isthmus.route.Outcome;
import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.Snapshot;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.route.VpcRoutes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The lint's verdict for every record name equals what the data plane does: each zone answers its
 * record names with a TXT record holding its own id, the configuration is compiled into a real
 * snapshot, and each name is resolved; whoever answers (the zone whose TXT or SOA comes back, or
 * the rule the name is forwarded by) must be who the lint says answers it.
 */
class ShadowLintProperties {
  private static final String OWNER = "111111111111";
  private static final io.isthmus.config.Vpc VPC =
      new io.isthmus.config.Vpc(
          "vpc-0000000000000000a", OWNER, "a", "us-east-1", List.of("10.0.0.0/16"));
  private static final ResolverEndpoint OUT =
      new ResolverEndpoint(
          "rslvr-out-00000000000000001",
          OWNER,
          "out",
          ResolverEndpoint.Direction.OUTBOUND,
          VPC.id(),
          List.of(new TargetAddress("127.77.0.1", 53)),
          List.of());

  /** Names under example., up to three labels below it: a, b.a, c.b.a ... */
  private static final List<String> NAMES = names();

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("example."));
    for (int depth = 0; depth < 3; depth++) {
      for (String name : List.copyOf(names)) {
        if (name.split("\\.").length == depth + 1) {
          for (String label : List.of("a", "b", "c")) {
            names.add(label + "." + name);
          }
        }
      }
    }
    return List.copyOf(names);
  }

  /** A zone of the VPC: its domain and the record names it holds (at or below it). */
  record ZoneSpec(String domain, Set<String> recordNames) {}

  /** A rule of the VPC. */
  record RuleSpec(String domain, RuleType type) {}

  @Provide
  Arbitrary<List<ZoneSpec>> zones() {
    Arbitrary<ZoneSpec> zone =
        Arbitraries.of(NAMES.stream().filter(n -> n.split("\\.").length <= 3).toList())
            .flatMap(
                domain ->
                    Arbitraries.of(NAMES.stream().filter(n -> atOrBelow(n, domain)).toList())
                        .set()
                        .ofMaxSize(8)
                        .map(names -> new ZoneSpec(domain, names)));
    return zone.list().ofMinSize(1).ofMaxSize(5).uniqueElements(ZoneSpec::domain);
  }

  @Provide
  Arbitrary<List<RuleSpec>> rules() {
    List<String> domains = new ArrayList<>(NAMES);
    domains.add(".");
    Arbitrary<RuleSpec> rule =
        Combinators.combine(Arbitraries.of(domains), Arbitraries.of(RuleType.class))
            .as(RuleSpec::new);
    return rule.list().ofMaxSize(5).uniqueElements(RuleSpec::domain);
  }

  @Property(tries = 400)
  void lintSaysWhoTheResolverSaysAnswers(
      @ForAll("zones") List<ZoneSpec> zones, @ForAll("rules") List<RuleSpec> rules) {
    Map<String, String> lint = lintVerdict(zones, rules);
    Map<String, String> resolved = resolvedVerdict(zones, rules);
    assertThat(lint).isEqualTo(resolved);
  }

  private static String zoneId(int i) {
    return "Z" + i;
  }

  private static String ruleId(int i) {
    return "rslvr-rr-0000000000000000" + i;
  }

  /** "zone id / record name" → id of the zone or rule the lint says answers it. */
  private static Map<String, String> lintVerdict(List<ZoneSpec> zones, List<RuleSpec> rules) {
    List<ShadowLint.Zone> lintZones = new ArrayList<>();
    for (int i = 0; i < zones.size(); i++) {
      ZoneSpec zone = zones.get(i);
      lintZones.add(new ShadowLint.Zone(zoneId(i), zone.domain(), true, zone.recordNames()));
    }
    List<ShadowLint.Rule> lintRules = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      RuleSpec rule = rules.get(i);
      lintRules.add(new ShadowLint.Rule(ruleId(i), rule.domain(), rule.type(), true));
    }
    Map<String, String> verdict = new TreeMap<>();
    for (ShadowLint.Zone zone : lintZones) {
      zone.recordNames().forEach(name -> verdict.put(zone.id() + " " + name, zone.id()));
    }
    for (ShadowLint.Shadow shadow :
        ShadowLint.shadows(new ShadowLint.Vpc(VPC.id(), lintZones, lintRules))) {
      String answerer = shadow.zone() != null ? shadow.zone().id() : shadow.rule().id();
      for (String name : shadow.names()) {
        verdict.put(shadow.victim().id() + " " + name, answerer);
      }
    }
    return verdict;
  }

  /** The same keys → who answers the name in a compiled snapshot. */
  private static Map<String, String> resolvedVerdict(List<ZoneSpec> zones, List<RuleSpec> rules) {
    List<ZoneData> zoneData = new ArrayList<>();
    Map<String, String> zoneIdsByName = new HashMap<>();
    for (int i = 0; i < zones.size(); i++) {
      ZoneSpec zone = zones.get(i);
      zoneIdsByName.put(zone.domain(), zoneId(i));
      List<RecordSet> sets = new ArrayList<>();
      sets.add(
          RecordSet.simple(
              zone.domain(),
              "SOA",
              900,
              List.of(
                  "ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60")));
      sets.add(RecordSet.simple(zone.domain(), "NS", 172800, List.of("ns-0.isthmus.internal.")));
      for (String name : zone.recordNames()) {
        sets.add(RecordSet.simple(name, "TXT", 60, List.of("\"" + zoneId(i) + "\"")));
      }
      zoneData.add(
          new ZoneData(
              new HostedZone(zoneId(i), zone.domain(), OWNER, null), sets, List.of(VPC.id())));
    }
    List<ResolverRule> resolverRules = new ArrayList<>();
    List<RuleAssociation> associations = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      RuleSpec rule = rules.get(i);
      boolean forward = rule.type() == RuleType.FORWARD;
      resolverRules.add(
          new ResolverRule(
              ruleId(i),
              OWNER,
              "r" + i,
              rule.domain(),
              rule.type(),
              forward ? List.of(new TargetAddress("127.77.0.9", 53)) : List.of(),
              forward ? OUT.id() : null,
              VPC.region()));
      associations.add(new RuleAssociation("rslvr-rrassoc-" + i, ruleId(i), VPC.id()));
    }
    Snapshot snapshot =
        new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
            .compile(
                new ConfigData(
                    1, List.of(VPC), zoneData, List.of(OUT), resolverRules, associations));
    VpcRoutes vpc = snapshot.vpcsById().get(VPC.id());
    Resolver resolver = new Resolver();

    Map<String, String> verdict = new TreeMap<>();
    for (int i = 0; i < zones.size(); i++) {
      for (String name : new LinkedHashSet<>(zones.get(i).recordNames())) {
        Outcome outcome = resolver.resolve(snapshot, vpc, Name.fromConstantString(name), Type.TXT);
        verdict.put(zoneId(i) + " " + name, answerer(outcome, zoneIdsByName));
      }
    }
    return verdict;
  }

  /** The rule a name is forwarded by, or the zone whose TXT or SOA answers it. */
  private static String answerer(Outcome outcome, Map<String, String> zoneIdsByName) {
    if (outcome instanceof Forwarding forwarding) {
      return forwarding.scope();
    }
    Resolution resolution = (Resolution) outcome;
    if (resolution.rcode() == Rcode.REFUSED) {
      return "nobody";
    }
    for (Record record : resolution.answer()) {
      if (record instanceof TXTRecord txt) {
        return txt.getStrings().get(0);
      }
    }
    return zoneIdsByName.get(resolution.authority().get(0).getName().toString());
  }

  private static boolean atOrBelow(String name, String domain) {
    return name.equals(domain) || name.endsWith("." + domain);
  }
}
