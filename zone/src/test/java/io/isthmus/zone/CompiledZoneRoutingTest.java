package io.isthmus.zone;

import static io.isthmus.zone.CompiledZoneTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Answer selection of routed record sets and aliases (docs/spec/resolution.md sections 3 and 4),
 * with health checks as mutable test signals and a seeded random generator.
 */
class CompiledZoneRoutingTest {
  static final String ORIGIN = "example.com.";
  static final long SEED = 20_240_611L;

  /** Health checks whose state a test flips; every check starts healthy. */
  static final class Checks implements Function<String, HealthSignal> {
    final Map<String, Flag> flags = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public HealthSignal apply(String id) {
      lookups.incrementAndGet();
      return flags.computeIfAbsent(id, key -> new Flag());
    }

    Checks set(String id, boolean healthy) {
      flags.computeIfAbsent(id, key -> new Flag()).healthy = healthy;
      return this;
    }
  }

  static final class Flag implements HealthSignal {
    volatile boolean healthy = true;

    @Override
    public boolean healthy() {
      return healthy;
    }
  }

  static CompiledZone compile(String text, Checks checks) {
    RandomGenerator random = new SplittableRandom(SEED);
    return CompiledZone.compile(
        new HostedZone("Z1", ORIGIN, "111111111111", null),
        RoutedZoneText.parse(ORIGIN, text),
        checks,
        () -> random);
  }

  static String answer(CompiledZone zone, String qname, String qtype) {
    return render(zone.answer(Name.fromConstantString(qname), Type.value(qtype)));
  }

  /** The RDATA of the answer's records, in order. */
  static List<String> rdata(CompiledZone zone, String qname, String qtype) {
    ZoneAnswer answer = zone.answer(Name.fromConstantString(qname), Type.value(qtype));
    assertThat(answer).isInstanceOf(ZoneAnswer.Answer.class);
    return ((ZoneAnswer.Answer) answer).records().stream().map(Record::rdataToString).toList();
  }

  /** How often each RDATA came first in {@code draws} answers. */
  static Map<String, Integer> draw(CompiledZone zone, String qname, int draws) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < draws; i++) {
      counts.merge(rdata(zone, qname, "A").get(0), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Asserts that {@code count} of {@code draws} is a plausible binomial outcome for probability
   * {@code p}: within 5 standard deviations, sqrt(n p (1 - p)). A fair draw leaves that band with
   * probability below 6e-7 per cell, so with the fixed seed a failure means a wrong distribution,
   * not bad luck; and the band is narrow (about ±3 % of the draws at p = 1/2 for 10,000 draws).
   */
  static void assertFrequency(int count, int draws, double p) {
    double sigma = Math.sqrt(draws * p * (1 - p));
    assertThat((double) count).isCloseTo(draws * p, org.assertj.core.data.Offset.offset(5 * sigma));
  }

  // --- failover ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "primary {0}, secondary {1} -> {2}")
  @CsvSource({
    "healthy,   healthy,   PRIMARY",
    "unhealthy, healthy,   SECONDARY",
    "unhealthy, unhealthy, PRIMARY",
    "healthy,   unhealthy, PRIMARY",
    "unhealthy, no check,  SECONDARY",
    "no check,  unhealthy, PRIMARY",
    "no check,  no check,  PRIMARY",
    "unhealthy, absent,    PRIMARY",
    "absent,    unhealthy, SECONDARY",
  })
  void failoverDecisionTable(String primary, String secondary, String expected) {
    Checks checks = new Checks();
    StringBuilder text = new StringBuilder();
    text.append(failoverLine("10.0.1.1", "p", "PRIMARY", primary, checks));
    text.append(failoverLine("10.0.1.2", "s", "SECONDARY", secondary, checks));
    CompiledZone zone = compile(text.toString(), checks);

    String chosen = expected.equals("PRIMARY") ? "10.0.1.1" : "10.0.1.2";
    assertThat(answer(zone, "fo.example.com.", "A"))
        .isEqualTo("ANSWER fo.example.com. 60 A " + chosen);
  }

  private static String failoverLine(
      String address, String id, String role, String health, Checks checks) {
    if (health.equals("absent")) {
      return "";
    }
    String line = "fo 60 A " + address + " | id=" + id + " failover=" + role;
    if (!health.equals("no check")) {
      checks.set("hc-" + id, health.equals("healthy"));
      line += " health=hc-" + id;
    }
    return line + "\n";
  }

  @Test
  void aHealthFlipShowsInTheNextAnswerWithoutRecompiling() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            fo 60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-p
            fo 60 A 10.0.1.2 | id=s failover=SECONDARY health=hc-s
            """,
            checks);
    int lookupsAtCompile = checks.lookups.get();

    assertThat(rdata(zone, "fo.example.com.", "A")).containsExactly("10.0.1.1");
    checks.set("hc-p", false);
    assertThat(rdata(zone, "fo.example.com.", "A")).containsExactly("10.0.1.2");
    checks.set("hc-s", false);
    assertThat(rdata(zone, "fo.example.com.", "A")).containsExactly("10.0.1.1");
    checks.set("hc-p", true);
    assertThat(rdata(zone, "fo.example.com.", "A")).containsExactly("10.0.1.1");

    // Each check id was resolved once, at compile time; answering never looks one up.
    assertThat(lookupsAtCompile).isEqualTo(2);
    assertThat(checks.lookups.get()).isEqualTo(2);
  }

  @Test
  void failoverAnswersArePreRenderedOnce() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            fo 60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-p
            fo 60 A 10.0.1.2 | id=s failover=SECONDARY
            """,
            checks);
    Name fo = Name.fromConstantString("fo.example.com.");

    ZoneAnswer first = zone.answer(fo, Type.A);
    assertThat(zone.answer(fo, Type.A)).isSameAs(first);
    checks.set("hc-p", false);
    ZoneAnswer secondary = zone.answer(fo, Type.A);
    assertThat(zone.answer(fo, Type.A)).isSameAs(secondary);
    ZoneAnswer.Answer records = (ZoneAnswer.Answer) secondary;
    assertThat(records.wire()).isEqualTo(WireSection.ownedByQuestion(records.records()));
  }

  // --- weighted ----------------------------------------------------------------------------------

  @Test
  void weightedChoosesByWeightAmongHealthySets() {
    CompiledZone zone =
        compile(
            """
            w 60 A 10.0.2.1 | id=one weight=1
            w 60 A 10.0.2.2 | id=two weight=2
            w 60 A 10.0.2.3 | id=three weight=3
            w 60 A 10.0.2.4 | id=four weight=4
            w 60 A 10.0.2.9 | id=zero weight=0
            """,
            new Checks());
    int draws = 10_000;

    Map<String, Integer> counts = draw(zone, "w.example.com.", draws);

    assertThat(counts).doesNotContainKey("10.0.2.9");
    for (int weight = 1; weight <= 4; weight++) {
      assertFrequency(counts.getOrDefault("10.0.2." + weight, 0), draws, weight / 10.0);
    }
  }

  @Test
  void weightZeroSetsAnswerOnlyWhenNoNonZeroSetIsHealthy() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            w 60 A 10.0.2.1 | id=a weight=5 health=hc-a
            w 60 A 10.0.2.8 | id=z1 weight=0
            w 60 A 10.0.2.9 | id=z2 weight=0 health=hc-z2
            """,
            checks);

    assertThat(draw(zone, "w.example.com.", 1000)).containsOnlyKeys("10.0.2.1");

    checks.set("hc-a", false);
    Map<String, Integer> zeroes = draw(zone, "w.example.com.", 10_000);
    assertThat(zeroes).containsOnlyKeys("10.0.2.8", "10.0.2.9");
    // Among weight-0 sets, each is equally likely.
    assertFrequency(zeroes.get("10.0.2.8"), 10_000, 0.5);

    checks.set("hc-z2", false);
    assertThat(draw(zone, "w.example.com.", 1000)).containsOnlyKeys("10.0.2.8");
  }

  @Test
  void weightedChoosesByWeightAmongAllWhenNoneIsHealthy() {
    Checks checks = new Checks().set("hc-a", false).set("hc-b", false).set("hc-z", false);
    CompiledZone zone =
        compile(
            """
            w 60 A 10.0.2.1 | id=a weight=1 health=hc-a
            w 60 A 10.0.2.2 | id=b weight=3 health=hc-b
            w 60 A 10.0.2.9 | id=z weight=0 health=hc-z
            """,
            checks);

    Map<String, Integer> counts = draw(zone, "w.example.com.", 10_000);

    assertThat(counts).containsOnlyKeys("10.0.2.1", "10.0.2.2");
    assertFrequency(counts.get("10.0.2.1"), 10_000, 0.25);
  }

  @Test
  void allWeightsZeroMeansEquallyLikely() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            w 60 A 10.0.2.1 | id=a weight=0 health=hc-a
            w 60 A 10.0.2.2 | id=b weight=0
            w 60 A 10.0.2.3 | id=c weight=0
            """,
            checks);

    Map<String, Integer> counts = draw(zone, "w.example.com.", 9_000);
    assertThat(counts).hasSize(3);
    counts.values().forEach(count -> assertFrequency(count, 9_000, 1 / 3.0));

    checks.set("hc-a", false);
    assertThat(draw(zone, "w.example.com.", 1000)).containsOnlyKeys("10.0.2.2", "10.0.2.3");
  }

  @Test
  void aWeightedSetKeepsAllItsRecords() {
    CompiledZone zone =
        compile(
            """
            w 300 A 10.0.2.1 | id=a weight=1
            w 300 A 10.0.2.2 | id=a weight=1
            """,
            new Checks());

    assertThat(answer(zone, "w.example.com.", "A"))
        .isEqualTo("ANSWER w.example.com. 300 A 10.0.2.1, w.example.com. 300 A 10.0.2.2");
  }

  // --- multivalue answer -------------------------------------------------------------------------

  @Test
  void multivalueAnswersWithEveryHealthySetUpToEightMerged() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            mv 60 A 10.0.3.1 | id=a multivalue health=hc-a
            mv 60 A 10.0.3.2 | id=b multivalue
            mv 60 A 10.0.3.3 | id=b multivalue
            mv 60 A 10.0.3.2 | id=c multivalue
            mv 60 A 10.0.3.4 | id=d multivalue health=hc-d
            """,
            checks);
    Name mv = Name.fromConstantString("mv.example.com.");

    // Duplicates (10.0.3.2 in b and c) are answered once; all healthy -> the pre-rendered merge.
    assertThat(rdata(zone, "mv.example.com.", "A"))
        .containsExactly("10.0.3.1", "10.0.3.2", "10.0.3.3", "10.0.3.4");
    assertThat(zone.answer(mv, Type.A)).isSameAs(zone.answer(mv, Type.A));

    checks.set("hc-a", false);
    assertThat(rdata(zone, "mv.example.com.", "A"))
        .containsExactly("10.0.3.2", "10.0.3.3", "10.0.3.4");

    checks.set("hc-d", false);
    assertThat(rdata(zone, "mv.example.com.", "A")).containsExactly("10.0.3.2", "10.0.3.3");
  }

  @Test
  void multivalueAnswersEightRandomSetsWhenMoreAreHealthy() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      text.append("mv 60 A 10.0.3.").append(i).append(" | id=s").append(i).append(" multivalue\n");
    }
    CompiledZone zone = compile(text.toString(), new Checks());
    int draws = 3_000;
    Map<String, Integer> counts = new TreeMap<>();

    for (int i = 0; i < draws; i++) {
      List<String> answer = rdata(zone, "mv.example.com.", "A");
      assertThat(answer).hasSize(8).doesNotHaveDuplicates();
      answer.forEach(address -> counts.merge(address, 1, Integer::sum));
    }

    // A uniformly random 8-subset of 12 holds each set with probability 8/12.
    assertThat(counts).hasSize(12);
    counts.values().forEach(count -> assertFrequency(count, draws, 8 / 12.0));
  }

  @Test
  void multivalueWithNoneHealthyAnswersUpToEightOfAll() {
    Checks checks = new Checks();
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      checks.set("hc-" + i, false);
      text.append("big 60 A 10.0.4.").append(i).append(" | id=s").append(i);
      text.append(" multivalue health=hc-").append(i).append('\n');
    }
    for (int i = 1; i <= 3; i++) {
      text.append("small 60 A 10.0.5.").append(i).append(" | id=s").append(i);
      text.append(" multivalue health=hc-").append(i).append('\n');
    }
    CompiledZone zone = compile(text.toString(), checks);

    assertThat(rdata(zone, "big.example.com.", "A")).hasSize(8).doesNotHaveDuplicates();
    assertThat(rdata(zone, "small.example.com.", "A"))
        .containsExactly("10.0.5.1", "10.0.5.2", "10.0.5.3");

    // One healthy set: it alone answers.
    checks.set("hc-7", true);
    assertThat(rdata(zone, "big.example.com.", "A")).containsExactly("10.0.4.7");
  }

  @Test
  void aMergedMultivalueAnswerCarriesTheLowestTtl() {
    CompiledZone zone =
        compile(
            """
            mv 300 A 10.0.3.1 | id=a multivalue
            mv  60 A 10.0.3.2 | id=b multivalue
            """,
            new Checks());

    assertThat(answer(zone, "mv.example.com.", "A"))
        .isEqualTo("ANSWER mv.example.com. 60 A 10.0.3.1, mv.example.com. 60 A 10.0.3.2");
  }

  // --- CNAME groups, wildcards, ANY -------------------------------------------------------------

  @Test
  void aRoutedCnameGroupBehavesLikeACname() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            app 60 CNAME blue.example.com. | id=p failover=PRIMARY health=hc-p
            app 60 CNAME green.example.com. | id=s failover=SECONDARY
            """,
            checks);

    assertThat(answer(zone, "app.example.com.", "A"))
        .isEqualTo("CNAME app.example.com. 60 CNAME blue.example.com.");
    assertThat(answer(zone, "app.example.com.", "CNAME"))
        .isEqualTo("ANSWER app.example.com. 60 CNAME blue.example.com.");
    checks.set("hc-p", false);
    assertThat(answer(zone, "app.example.com.", "AAAA"))
        .isEqualTo("CNAME app.example.com. 60 CNAME green.example.com.");
    assertThat(answer(zone, "app.example.com.", "ANY"))
        .isEqualTo("ANSWER app.example.com. 60 CNAME green.example.com.");
  }

  @Test
  void aRoutedWildcardIsSynthesizedFromTheSelectedSet() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            *  60 A 10.0.6.1 | id=p failover=PRIMARY health=hc-p
            *  60 A 10.0.6.2 | id=s failover=SECONDARY
            """,
            checks);

    assertThat(answer(zone, "NoThere.example.com.", "A"))
        .isEqualTo("ANSWER NoThere.example.com. 60 A 10.0.6.1");
    checks.set("hc-p", false);
    assertThat(answer(zone, "nothere.example.com.", "A"))
        .isEqualTo("ANSWER nothere.example.com. 60 A 10.0.6.2");
    assertThat(answer(zone, "nothere.example.com.", "MX")).startsWith("NODATA");
  }

  @Test
  void anyReturnsOneSelectionPerType() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            mix 60 A    10.0.7.1 | id=p failover=PRIMARY health=hc-p
            mix 60 A    10.0.7.2 | id=s failover=SECONDARY
            mix 60 TXT  "plain"
            """,
            checks);

    assertThat(answer(zone, "mix.example.com.", "ANY"))
        .isEqualTo("ANSWER mix.example.com. 60 A 10.0.7.1, mix.example.com. 60 TXT \"plain\"");
    checks.set("hc-p", false);
    assertThat(answer(zone, "mix.example.com.", "ANY"))
        .isEqualTo("ANSWER mix.example.com. 60 A 10.0.7.2, mix.example.com. 60 TXT \"plain\"");
    assertThat(answer(zone, "mix.example.com.", "TXT"))
        .isEqualTo("ANSWER mix.example.com. 60 TXT \"plain\"");
  }

  // --- aliases
  // ------------------------------------------------------------------------------------

  @Test
  void anAliasAnswersWithItsTargetsRecordsAndTtlUnderItsOwnName() {
    CompiledZone zone =
        compile(
            """
            www 120 A 10.0.0.1
            www 120 A 10.0.0.2
            @       A | alias=www
            """,
            new Checks());
    Name apex = Name.fromConstantString(ORIGIN);

    assertThat(answer(zone, ORIGIN, "A"))
        .isEqualTo("ANSWER example.com. 120 A 10.0.0.1, example.com. 120 A 10.0.0.2");
    // An alias to a simple set is resolved at compile time: the same pre-rendered answer.
    assertThat(zone.answer(apex, Type.A)).isSameAs(zone.answer(apex, Type.A));
    ZoneAnswer.Answer records = (ZoneAnswer.Answer) zone.answer(apex, Type.A);
    assertThat(records.wire()).isEqualTo(WireSection.ownedByQuestion(records.records()));
    // Only the alias's type: never a CNAME.
    assertThat(answer(zone, ORIGIN, "AAAA")).startsWith("NODATA");
  }

  @Test
  void anAliasToARoutedGroupAnswersWithItsSelection() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            fo 60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-p
            fo 60 A 10.0.1.2 | id=s failover=SECONDARY
            api  AAAA | alias=v6
            v6  30 AAAA fd00::1
            api  A    | alias=fo
            """,
            checks);

    assertThat(answer(zone, "api.example.com.", "A"))
        .isEqualTo("ANSWER api.example.com. 60 A 10.0.1.1");
    assertThat(answer(zone, "api.example.com.", "AAAA"))
        .isEqualTo("ANSWER api.example.com. 30 AAAA fd00:0:0:0:0:0:0:1");
    checks.set("hc-p", false);
    assertThat(answer(zone, "api.example.com.", "A"))
        .isEqualTo("ANSWER api.example.com. 60 A 10.0.1.2");
  }

  @Test
  void aCnameAliasIsAnsweredAsTheTargetsCnameUnderTheAliasName() {
    CompiledZone zone =
        compile(
            """
            target 60 CNAME elsewhere.example.org.
            other     CNAME | alias=target
            """,
            new Checks());

    assertThat(answer(zone, "other.example.com.", "A"))
        .isEqualTo("CNAME other.example.com. 60 CNAME elsewhere.example.org.");
  }

  @Test
  void evaluateTargetHealthMakesAnAliasUnhealthyWhenItsWholeTargetIs() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            blue 60 A 10.1.0.1 | id=b1 weight=1 health=hc-b1
            blue 60 A 10.1.0.2 | id=b2 weight=1 health=hc-b2
            svc     A          | id=p failover=PRIMARY alias=blue eth
            svc  60 A 10.9.9.9 | id=s failover=SECONDARY
            raw     A          | id=p failover=PRIMARY alias=blue
            raw  60 A 10.9.9.9 | id=s failover=SECONDARY
            """,
            checks);

    assertThat(draw(zone, "svc.example.com.", 200)).containsOnlyKeys("10.1.0.1", "10.1.0.2");
    checks.set("hc-b1", false);
    // One healthy set in the target: the alias is healthy and answers with that set.
    assertThat(draw(zone, "svc.example.com.", 200)).containsOnlyKeys("10.1.0.2");
    checks.set("hc-b2", false);
    assertThat(draw(zone, "svc.example.com.", 200)).containsOnlyKeys("10.9.9.9");
    // Without evaluateTargetHealth the alias stays healthy: its target answers as "none healthy".
    assertThat(draw(zone, "raw.example.com.", 200)).containsOnlyKeys("10.1.0.1", "10.1.0.2");
    checks.set("hc-b1", true);
    assertThat(draw(zone, "svc.example.com.", 200)).containsOnlyKeys("10.1.0.1");
  }

  @Test
  void aHealthCheckOnASimpleSetMattersOnlyToAliasesThatEvaluateIt() {
    Checks checks = new Checks().set("hc-www", false);
    CompiledZone zone =
        compile(
            """
            www 60 A 10.0.0.1 | health=hc-www
            svc    A          | id=p failover=PRIMARY alias=www eth
            svc 60 A 10.9.9.9 | id=s failover=SECONDARY
            """,
            checks);

    assertThat(answer(zone, "www.example.com.", "A"))
        .isEqualTo("ANSWER www.example.com. 60 A 10.0.0.1");
    assertThat(answer(zone, "svc.example.com.", "A"))
        .isEqualTo("ANSWER svc.example.com. 60 A 10.9.9.9");
    checks.set("hc-www", true);
    assertThat(answer(zone, "svc.example.com.", "A"))
        .isEqualTo("ANSWER svc.example.com. 60 A 10.0.0.1");
  }

  @Test
  void anAliasWithItsOwnHealthCheckFollowsIt() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            www 60 A 10.0.0.1
            svc    A          | id=p failover=PRIMARY alias=www health=hc-alias
            svc 60 A 10.9.9.9 | id=s failover=SECONDARY
            """,
            checks);

    assertThat(rdata(zone, "svc.example.com.", "A")).containsExactly("10.0.0.1");
    checks.set("hc-alias", false);
    assertThat(rdata(zone, "svc.example.com.", "A")).containsExactly("10.9.9.9");
  }

  // --- compilation -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      latency routing    | r 60 A 10.0.0.1 ; id=a region=eu-west-1                                       | latency routing is not supported
      mixed policies     | r 60 A 10.0.0.1 ; id=a weight=1 // r 60 A 10.0.0.2 ; id=b failover=PRIMARY      | mixed routing policies
      simple and routed  | r 60 A 10.0.0.1 // r 60 A 10.0.0.2 ; id=b weight=1                            | mixed routing policies
      two primaries      | r 60 A 10.0.0.1 ; id=a failover=PRIMARY // r 60 A 10.0.0.2 ; id=b failover=PRIMARY | one PRIMARY and one SECONDARY
      missing target     | r A ; alias=nope                                                               | missing
      alias chain        | a 60 A 10.0.0.1 // b A ; alias=a // r A ; alias=b                              | targets the alias
      multivalue CNAME   | r 60 CNAME a.example.org. ; id=a multivalue                                    | cannot hold CNAMEs
      policy without id  | r 60 A 10.0.0.1 ; weight=1                                                     | needs a set identifier
      """)
  void rejectsRoutedDataTheApiWouldReject(String label, String lines, String message) {
    String text = lines.replace(" // ", "\n").replace(";", "|");

    assertThatThrownBy(() -> compile(text, new Checks()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void sameHealthSignalsTellsWhetherTheCompiledSignalsStillApply() {
    Checks checks = new Checks();
    CompiledZone zone =
        compile(
            """
            fo 60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-p
            fo 60 A 10.0.1.2 | id=s failover=SECONDARY
            """,
            checks);

    assertThat(zone.sameHealthSignals(checks)).isTrue();
    assertThat(zone.sameHealthSignals(id -> new Flag())).isFalse();
    assertThat(compile("www 60 A 10.0.0.1", new Checks()).sameHealthSignals(id -> null)).isTrue();
  }

  @Test
  void aCheckWithoutSignalCountsAsHealthy() {
    RandomGenerator random = new SplittableRandom(SEED);
    List<RecordSet> sets =
        RoutedZoneText.parse(
            ORIGIN,
            """
            fo 60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-unknown
            fo 60 A 10.0.1.2 | id=s failover=SECONDARY
            """);

    CompiledZone zone =
        CompiledZone.compile(
            new HostedZone("Z1", ORIGIN, "111111111111", null), sets, id -> null, () -> random);

    assertThat(rdata(zone, "fo.example.com.", "A")).containsExactly("10.0.1.1");
    assertThat(zone.sameHealthSignals(id -> null)).isTrue();
    assertThat(zone.sameHealthSignals(id -> HealthSignal.ALWAYS_HEALTHY)).isTrue();
  }

  @Test
  void theTwoArgumentCompileTreatsEveryCheckAsHealthy() {
    List<RecordSet> sets =
        RoutedZoneText.parse(
            ORIGIN,
            """
            w 60 A 10.0.2.1 | id=a weight=1 health=hc-a
            w 60 A 10.0.2.2 | id=b weight=1 health=hc-b
            """);
    CompiledZone zone =
        CompiledZone.compile(new HostedZone("Z1", ORIGIN, "111111111111", null), sets);
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      seen.addAll(rdata(zone, "w.example.com.", "A"));
    }

    // ThreadLocalRandom on the real query path: both sets show up.
    assertThat(seen).containsExactlyInAnyOrder("10.0.2.1", "10.0.2.2");
  }
}
