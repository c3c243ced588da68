package io.isthmus.zone;

import static io.isthmus.zone.CompiledZoneTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.zone.CompiledZoneRoutingTest.Checks;
import io.isthmus.zone.CompiledZoneRoutingTest.Flag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@link CompiledZone#withRecordSetsAt}, case by case: empty non-terminals and wildcards as names
 * come and go, aliases compiled again when their target changes, the apex, refused changes, health
 * signals, and what the new zone shares with the old. {@link IncrementalZoneProperties} compares it
 * with a full compile on random zones.
 */
class ZoneUpdateTest {
  static final String ORIGIN = "example.com.";
  static final HostedZone ZONE = new HostedZone("Z1", ORIGIN, "111111111111", null);
  static final Function<String, HealthSignal> ALL_HEALTHY = id -> HealthSignal.ALWAYS_HEALTHY;

  static CompiledZone zone(String text) {
    return CompiledZone.compile(ZONE, RoutedZoneText.parse(ORIGIN, text));
  }

  /**
   * The record sets of {@code text} (in {@link RoutedZoneText} syntax) by name: the apex left out.
   */
  static Map<String, List<RecordSet>> sets(String text) {
    List<RecordSet> apex = ApexRecords.defaults(ORIGIN);
    Map<String, List<RecordSet>> byName = new LinkedHashMap<>();
    for (RecordSet rrset : RoutedZoneText.parse(ORIGIN, text)) {
      if (!apex.contains(rrset)) {
        byName.computeIfAbsent(rrset.name(), name -> new ArrayList<>()).add(rrset);
      }
    }
    return byName;
  }

  /** A change that removes every record set at each name (relative to the origin). */
  static Map<String, List<RecordSet>> cleared(String... names) {
    Map<String, List<RecordSet>> change = new LinkedHashMap<>();
    for (String name : names) {
      change.put(absolute(name), List.of());
    }
    return change;
  }

  static CompiledZone change(CompiledZone zone, String text) {
    return zone.withRecordSetsAt(sets(text), ALL_HEALTHY);
  }

  static CompiledZone clear(CompiledZone zone, String... names) {
    return zone.withRecordSetsAt(cleared(names), ALL_HEALTHY);
  }

  static String absolute(String name) {
    return name.equals("@") ? ORIGIN : name + "." + ORIGIN;
  }

  /** The rendered answer for a name relative to the origin. */
  static String answer(CompiledZone zone, String name, String qtype) {
    return render(zone.answer(Name.fromConstantString(absolute(name)), Type.value(qtype)));
  }

  /** The answer's kind alone: ANSWER, CNAME, NODATA or NXDOMAIN. */
  static String kind(CompiledZone zone, String name) {
    return answer(zone, name, "A").split(" ")[0];
  }

  // --- names, empty non-terminals and wildcards --------------------------------------------------

  @Test
  void aNewDeepNameBringsItsEmptyNonTerminals() {
    CompiledZone zone = change(zone("www 60 A 10.0.0.1"), "a.b.c 60 A 10.0.0.3");

    assertThat(answer(zone, "a.b.c", "A")).isEqualTo("ANSWER a.b.c.example.com. 60 A 10.0.0.3");
    assertThat(kind(zone, "b.c")).isEqualTo("NODATA");
    assertThat(kind(zone, "c")).isEqualTo("NODATA");
    assertThat(kind(zone, "x.c")).isEqualTo("NXDOMAIN");
    assertThat(kind(zone, "www")).isEqualTo("ANSWER");
  }

  @Test
  void removingTheLastNameBelowAnEmptyNonTerminalRemovesIt() {
    CompiledZone zone = zone("a.b.c 60 A 10.0.0.3\nx.c 60 A 10.0.0.4");

    CompiledZone withoutDeep = clear(zone, "a.b.c");
    CompiledZone withoutBoth = clear(withoutDeep, "x.c");

    assertThat(kind(withoutDeep, "a.b.c")).isEqualTo("NXDOMAIN");
    assertThat(kind(withoutDeep, "b.c")).isEqualTo("NXDOMAIN");
    assertThat(kind(withoutDeep, "c")).as("x.c is still below it").isEqualTo("NODATA");
    assertThat(kind(withoutBoth, "c")).isEqualTo("NXDOMAIN");
    assertThat(kind(withoutBoth, "@")).as("the origin stays").isEqualTo("NODATA");
    assertThat(kind(zone, "a.b.c")).as("the old zone is unchanged").isEqualTo("ANSWER");
  }

  @Test
  void aNameWithNamesBelowItStaysAsAnEmptyNonTerminal() {
    CompiledZone zone = zone("b.c 60 A 10.0.0.2\na.b.c 60 A 10.0.0.3");

    CompiledZone emptied = clear(zone, "b.c");

    assertThat(kind(emptied, "b.c")).isEqualTo("NODATA");
    assertThat(kind(emptied, "a.b.c")).isEqualTo("ANSWER");
    assertThat(emptied.recordSetsFor(Name.fromConstantString(absolute("b.c")))).isEmpty();
    CompiledZone gone = clear(emptied, "a.b.c");
    assertThat(kind(gone, "b.c")).isEqualTo("NXDOMAIN");
    assertThat(kind(gone, "c")).isEqualTo("NXDOMAIN");
  }

  @Test
  void aNameTakesItsChildrenAlongWhenItGoesAndComesBackInOneChange() {
    CompiledZone zone = zone("a.b 60 A 10.0.0.1\nb 60 A 10.0.0.2");
    Map<String, List<RecordSet>> change = cleared("a.b", "b");
    change.putAll(sets("b 60 A 10.0.0.3\nx.y.b 60 A 10.0.0.4"));

    CompiledZone changed = zone.withRecordSetsAt(change, ALL_HEALTHY);

    assertThat(answer(changed, "b", "A")).isEqualTo("ANSWER b.example.com. 60 A 10.0.0.3");
    assertThat(kind(changed, "a.b")).isEqualTo("NXDOMAIN");
    assertThat(kind(changed, "y.b")).isEqualTo("NODATA");
    CompiledZone rest = clear(changed, "x.y.b");
    assertThat(kind(rest, "y.b")).isEqualTo("NXDOMAIN");
    assertThat(kind(clear(rest, "b"), "b")).isEqualTo("NXDOMAIN");
  }

  @Test
  void clearingANameThatHoldsNothingChangesNothing() {
    CompiledZone zone = zone("a.b 60 A 10.0.0.1");

    CompiledZone same = zone.withRecordSetsAt(cleared("b", "nothing", "x.y"), ALL_HEALTHY);
    CompiledZone outside =
        zone.withRecordSetsAt(Map.of("www.example.net.", List.of()), ALL_HEALTHY);

    assertThat(kind(same, "b")).isEqualTo("NODATA");
    assertThat(kind(same, "nothing")).isEqualTo("NXDOMAIN");
    assertThat(kind(same, "y")).isEqualTo("NXDOMAIN");
    assertThat(kind(outside, "a.b")).isEqualTo("ANSWER");
  }

  @Test
  void wildcardsComeAndGo() {
    CompiledZone zone = zone("www 60 A 10.0.0.1");

    CompiledZone wild = change(zone, "*.w 60 A 10.0.0.7");
    CompiledZone tame = clear(wild, "*.w");

    assertThat(answer(wild, "x.w", "A")).isEqualTo("ANSWER x.w.example.com. 60 A 10.0.0.7");
    assertThat(answer(wild, "x.y.w", "TXT")).isEqualTo("NODATA example.com. 900");
    assertThat(kind(tame, "x.w")).isEqualTo("NXDOMAIN");
    assertThat(kind(tame, "w")).isEqualTo("NXDOMAIN");
  }

  @Test
  void anEmptyNonTerminalWildcardAnswersNoData() {
    // RFC 4592 section 4.2: "*.e" exists only because of "x.*.e", and still synthesizes.
    CompiledZone zone = change(zone("www 60 A 10.0.0.1"), "x.*.e 60 A 10.0.0.6");

    assertThat(kind(zone, "y.e")).isEqualTo("NODATA");
    assertThat(kind(clear(zone, "x.*.e"), "y.e")).isEqualTo("NXDOMAIN");
    CompiledZone filled = change(zone, "*.e 60 A 10.0.0.8");
    assertThat(answer(filled, "y.e", "A")).isEqualTo("ANSWER y.e.example.com. 60 A 10.0.0.8");
    assertThat(kind(clear(filled, "*.e"), "y.e")).isEqualTo("NODATA");
  }

  @Test
  void recordSetsForFollowsTheChangeInTheGivenOrder() {
    CompiledZone zone = zone("www 60 A 10.0.0.1\n*.w 60 A 10.0.0.7");

    CompiledZone changed =
        change(zone, "www 60 TXT \"first\"\nwww 60 A 10.0.0.2\n*.w 60 AAAA 2001:db8::1");

    assertThat(changed.recordSetsFor(Name.fromConstantString(absolute("www"))))
        .extracting(found -> found.recordSet().type())
        .containsExactly("TXT", "A");
    assertThat(changed.recordSetsFor(Name.fromConstantString(absolute("x.w"))))
        .extracting(found -> found.recordSet().type())
        .containsExactly("AAAA");
    assertThat(answer(changed, "www", "ANY"))
        .isEqualTo("ANSWER www.example.com. 60 TXT \"first\", www.example.com. 60 A 10.0.0.2");
    assertThat(clear(changed, "www").recordSetsFor(Name.fromConstantString(absolute("www"))))
        .isEmpty();
  }

  // --- aliases -----------------------------------------------------------------------------------

  static final String ALIASES =
      """
      www 60 A 10.0.0.1
      api 60 A 10.0.0.5
      @      A | alias=www
      svc    A | alias=www
      """;

  @Test
  void aliasesFollowTheirTarget() {
    CompiledZone zone = change(zone(ALIASES), "www 300 A 10.0.0.2");

    assertThat(answer(zone, "@", "A")).isEqualTo("ANSWER example.com. 300 A 10.0.0.2");
    assertThat(answer(zone, "svc", "A")).isEqualTo("ANSWER svc.example.com. 300 A 10.0.0.2");
    assertThat(zone.soa().getSerial()).isEqualTo(1);
  }

  @Test
  void aRetargetedAliasFollowsItsNewTarget() {
    CompiledZone zone = change(zone(ALIASES), "svc A | alias=api");

    CompiledZone apiChanged = change(zone, "api 60 A 10.0.0.6");
    CompiledZone withoutAlias = clear(change(apiChanged, "svc 60 A 10.0.0.9"), "api");

    assertThat(answer(zone, "svc", "A")).isEqualTo("ANSWER svc.example.com. 60 A 10.0.0.5");
    assertThat(answer(apiChanged, "svc", "A")).isEqualTo("ANSWER svc.example.com. 60 A 10.0.0.6");
    assertThat(answer(withoutAlias, "svc", "A")).isEqualTo("ANSWER svc.example.com. 60 A 10.0.0.9");
  }

  @Test
  void aChangeThatLeavesAnAliasWithoutItsTargetIsRefused() {
    CompiledZone zone = zone(ALIASES);

    assertThatThrownBy(() -> clear(zone, "www"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which is missing");
    assertThatThrownBy(() -> change(zone, "www 60 TXT \"no A\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which is missing");
    assertThatThrownBy(() -> change(zone, "www A | alias=api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targets the alias");
    assertThatThrownBy(() -> change(zone, "new A | alias=nowhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias at new.example.com. A targets nowhere.example.com. A, which is missing");
    assertThat(answer(zone, "svc", "A")).isEqualTo("ANSWER svc.example.com. 60 A 10.0.0.1");
  }

  @Test
  void anAliasAndItsTargetCanGoTogether() {
    Map<String, List<RecordSet>> change = cleared("www", "svc");
    change.put(ORIGIN, ApexRecords.defaults(ORIGIN));

    CompiledZone zone = zone(ALIASES).withRecordSetsAt(change, ALL_HEALTHY);

    assertThat(kind(zone, "www")).isEqualTo("NXDOMAIN");
    assertThat(kind(zone, "@")).isEqualTo("NODATA");
    assertThat(kind(clear(zone, "api"), "api")).as("no alias targets api").isEqualTo("NXDOMAIN");
  }

  @Test
  void theIndexKnowsWhichAliasesTargetEachName() {
    Name origin = Name.fromConstantString(ORIGIN);
    ZoneIndex index =
        ZoneUpdate.apply(
            origin, ZoneIndex.EMPTY, byName(RoutedZoneText.parse(ORIGIN, ALIASES)), ALL_HEALTHY);
    assertThat(index.aliasOwners()).isEqualTo(Map.of(name("www"), Set.of(name("@"), name("svc"))));

    index = ZoneUpdate.apply(origin, index, byName(sets("svc A | alias=api")), ALL_HEALTHY);
    assertThat(index.aliasOwners())
        .isEqualTo(Map.of(name("www"), Set.of(name("@")), name("api"), Set.of(name("svc"))));

    Map<String, List<RecordSet>> noAliases = sets("svc 60 A 10.0.0.9");
    noAliases.put(ORIGIN, ApexRecords.defaults(ORIGIN));
    index = ZoneUpdate.apply(origin, index, byName(noAliases), ALL_HEALTHY);
    assertThat(index.aliasOwners()).isEmpty();
  }

  static Name name(String relative) {
    return Name.fromConstantString(absolute(relative));
  }

  static Map<Name, List<RecordSet>> byName(Map<String, List<RecordSet>> sets) {
    Map<Name, List<RecordSet>> byName = new LinkedHashMap<>();
    sets.forEach((name, list) -> byName.put(Name.fromConstantString(name), list));
    return byName;
  }

  static Map<Name, List<RecordSet>> byName(List<RecordSet> sets) {
    Map<Name, List<RecordSet>> byName = new LinkedHashMap<>();
    sets.forEach(
        rrset ->
            byName
                .computeIfAbsent(Name.fromConstantString(rrset.name()), name -> new ArrayList<>())
                .add(rrset));
    return byName;
  }

  // --- the apex ----------------------------------------------------------------------------------

  static List<RecordSet> apex(String... soaRdata) {
    return List.of(
        RecordSet.simple(ORIGIN, "SOA", 900, List.of(soaRdata)),
        ApexRecords.defaults(ORIGIN).get(1));
  }

  @Test
  void aNewSoaShowsInNegativeAnswers() {
    CompiledZone zone =
        zone("www 60 A 10.0.0.1")
            .withRecordSetsAt(
                Map.of(ORIGIN, apex("ns-0.isthmus.internal. h.isthmus.internal. 2 1 1 1 30")),
                ALL_HEALTHY);

    assertThat(zone.soa().getSerial()).isEqualTo(2);
    assertThat(answer(zone, "nothing", "A")).isEqualTo("NXDOMAIN example.com. 30");
    assertThat(answer(zone, "www", "TXT")).isEqualTo("NODATA example.com. 30");
  }

  @Test
  void theApexKeepsExactlyOneSoa() {
    CompiledZone zone = zone("www 60 A 10.0.0.1");
    String soa = "ns-0.isthmus.internal. h.isthmus.internal. 2 1 1 1 30";

    assertThatThrownBy(
            () -> zone.withRecordSetsAt(Map.of(ORIGIN, apex(soa, soa + "0")), ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs exactly one SOA");
    assertThatThrownBy(() -> clear(zone, "@"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs exactly one SOA");
    assertThatThrownBy(
            () -> zone.withRecordSetsAt(Map.of(ORIGIN, apex(soa).subList(1, 2)), ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs exactly one SOA");
    assertThat(zone.soa().getSerial()).isEqualTo(1);
  }

  // --- refused changes ---------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      a record set given twice   | www 60 A 10.0.0.1 // www 60 A 10.0.0.2 | given twice
      bad rdata                  | www 60 A 10.0.0.256                   | 10.0.0.256
      mixed policies             | w 60 A 10.0.0.1 // w 60 A 10.0.0.2 ; id=x weight=1 | mixed routing policies
      two primaries              | f 60 A 10.0.0.1 ; id=a failover=PRIMARY // f 60 A 10.0.0.2 ; id=b failover=PRIMARY | one PRIMARY
      a multivalue CNAME         | m 60 CNAME a ; id=a multivalue // m 60 CNAME b ; id=b multivalue | cannot hold CNAMEs
      """)
  void refusesWhatCompileRefuses(String label, String lines, String message) {
    String text = lines.replace(" // ", "\n").replace(";", "|");
    CompiledZone zone = zone("www 60 A 10.0.0.9");
    Map<String, List<RecordSet>> change = new LinkedHashMap<>();
    // Lines with the same owner, type and id are one record set in the text syntax: a set given
    // twice is written as two sets, then put under one name here.
    for (String line : text.split("\n")) {
      sets(line).forEach((name, sets) -> change.merge(name, sets, ZoneUpdateTest::concat));
    }

    assertThatThrownBy(() -> zone.withRecordSetsAt(change, ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
    assertThat(answer(zone, "www", "A")).isEqualTo("ANSWER www.example.com. 60 A 10.0.0.9");
  }

  private static List<RecordSet> concat(List<RecordSet> first, List<RecordSet> second) {
    List<RecordSet> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  @Test
  void refusesRecordSetsListedUnderAnotherNameOrOutsideTheZone() {
    CompiledZone zone = zone("www 60 A 10.0.0.1");
    RecordSet www = RecordSet.simple("www.example.com.", "A", 60, List.of("10.0.0.2"));
    RecordSet outside = RecordSet.simple("www.example.net.", "A", 60, List.of("10.0.0.2"));

    assertThatThrownBy(
            () -> zone.withRecordSetsAt(Map.of("api.example.com.", List.of(www)), ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not at api.example.com.");
    assertThatThrownBy(
            () -> zone.withRecordSetsAt(Map.of("www.example.net.", List.of(outside)), ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the zone");
    assertThatThrownBy(() -> zone.withRecordSetsAt(Map.of("not a name..", List.of()), ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOneNameGivenInTwoSpellings() {
    Map<String, List<RecordSet>> change = new LinkedHashMap<>();
    change.put("www.example.com.", List.of());
    change.put("WWW.example.com.", List.of());

    assertThatThrownBy(() -> zone("www 60 A 10.0.0.1").withRecordSetsAt(change, ALL_HEALTHY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name given twice: WWW.example.com.");
  }

  // --- health, randomness and sharing ------------------------------------------------------------

  static final String ROUTED =
      """
      fo 60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-p
      fo 60 A 10.0.1.2 | id=s failover=SECONDARY
      www 60 A 10.0.0.1
      """;

  static CompiledZone routed(Checks checks) {
    return CompiledZone.compile(ZONE, RoutedZoneText.parse(ORIGIN, ROUTED), checks);
  }

  @Test
  void changedRecordSetsResolveTheirChecksOnceAndOthersKeepTheirs() {
    Checks checks = new Checks();
    CompiledZone zone = routed(checks);
    int lookups = checks.lookups.get();

    CompiledZone changed =
        zone.withRecordSetsAt(
            sets(
                """
                w 60 A 10.0.2.1 | id=a weight=1 health=hc-a
                w 60 A 10.0.2.2 | id=b weight=1 health=hc-a
                """),
            checks);

    assertThat(checks.lookups.get() - lookups).isEqualTo(1);
    assertThat(changed.sameHealthSignals(checks)).isTrue();
    assertThat(changed.recordSetsFor(Name.fromConstantString(absolute("w"))))
        .extracting(CompiledZone.RecordSetHealth::signal)
        .containsExactly(checks.flags.get("hc-a"), checks.flags.get("hc-a"));
    checks.set("hc-p", false);
    assertThat(answer(changed, "fo", "A")).isEqualTo("ANSWER fo.example.com. 60 A 10.0.1.2");
    assertThat(zone.sameHealthSignals(checks)).isTrue();
  }

  @Test
  void aCheckNewToTheZoneJoinsItsSignals() {
    CompiledZone zone = zone("www 60 A 10.0.0.1");
    Checks checks = new Checks();

    CompiledZone changed =
        zone.withRecordSetsAt(sets("w 60 A 10.0.2.1 | id=a weight=1 health=hc-a"), checks);

    assertThat(changed.sameHealthSignals(checks)).isTrue();
    assertThat(changed.sameHealthSignals(ALL_HEALTHY)).isFalse();
    assertThat(zone.sameHealthSignals(ALL_HEALTHY)).isTrue();
  }

  @Test
  void aCheckReadWithTwoSignalsNeverCountsAsTheSame() {
    Checks checks = new Checks();
    CompiledZone zone = routed(checks);
    Checks others = new Checks();

    CompiledZone changed =
        zone.withRecordSetsAt(sets("w 60 A 10.0.2.1 | id=a weight=1 health=hc-p"), others);

    // fo reads checks' hc-p, w reads others' hc-p: neither function gives both.
    others.set("hc-p", false);
    assertThat(answer(changed, "fo", "A")).isEqualTo("ANSWER fo.example.com. 60 A 10.0.1.1");
    assertThat(changed.sameHealthSignals(checks)).isFalse();
    assertThat(changed.sameHealthSignals(others)).isFalse();
    assertThat(
            changed.withRecordSetsAt(sets("www 60 A 10.0.0.2"), checks).sameHealthSignals(checks))
        .isFalse();
  }

  @Test
  void theChangedZoneKeepsTheRandomnessOfTheOld() {
    AtomicInteger draws = new AtomicInteger();
    SplittableRandom random = new SplittableRandom(1);
    CompiledZone zone =
        CompiledZone.compile(
            ZONE,
            RoutedZoneText.parse(ORIGIN, "www 60 A 10.0.0.1"),
            ALL_HEALTHY,
            () -> {
              draws.incrementAndGet();
              return random;
            });

    CompiledZone changed =
        change(zone, "w 60 A 10.0.2.1 | id=a weight=1\nw 60 A 10.0.2.2 | id=b weight=1");
    changed.answer(Name.fromConstantString(absolute("w")), Type.A);

    assertThat(draws.get()).isEqualTo(1);
  }

  @Test
  void untouchedNamesKeepTheirAnswersAndTheOldZoneStaysAsItWas() {
    CompiledZone zone = zone("www 60 A 10.0.0.1\napi 60 A 10.0.0.5");

    CompiledZone changed = change(zone, "api 60 A 10.0.0.6");

    Name www = Name.fromConstantString(absolute("www"));
    assertThat(changed.answer(www, Type.A)).isSameAs(zone.answer(www, Type.A));
    assertThat(answer(zone, "api", "A")).isEqualTo("ANSWER api.example.com. 60 A 10.0.0.5");
    assertThat(changed.id()).isEqualTo(zone.id());
    assertThat(changed.origin()).isEqualTo(zone.origin());
  }

  @Test
  void anUnknownCheckIsHealthyAndNoCheckHasNoSignal() {
    CompiledZone zone = zone("www 60 A 10.0.0.1");

    CompiledZone changed =
        zone.withRecordSetsAt(
            sets("w 60 A 10.0.2.1 | id=a weight=0 health=hc-x\nw 60 A 10.0.2.2 | id=b weight=0"),
            id -> null);

    assertThat(changed.recordSetsFor(Name.fromConstantString(absolute("w"))))
        .extracting(CompiledZone.RecordSetHealth::signal)
        .containsExactly(HealthSignal.ALWAYS_HEALTHY, null);
    assertThat(changed.sameHealthSignals(id -> null)).isTrue();
    assertThat(changed.sameHealthSignals(id -> new Flag())).isFalse();
  }
}
