package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@link CompiledZone#withRecordSetsAt} agrees with {@link CompiledZone#compile} of the whole
 * changed zone, over random zones (deep names, wildcards, empty non-terminals, routed groups,
 * aliases) and random sequences of changes: every answer of every type at every name the zones
 * hold, their ancestors and names below them, and the record sets each explanation reads. A change
 * that compile would refuse must be refused too, leaving the old zone as it was. Routed answers are
 * compared with the same seeded random generator for both zones.
 */
class IncrementalZoneProperties {
  static final String ORIGIN = "example.com.";
  static final HostedZone ZONE = new HostedZone("Z1", ORIGIN, "111111111111", null);
  static final int[] QTYPES = {
    Type.A, Type.AAAA, Type.TXT, Type.CNAME, Type.MX, Type.NS, Type.SOA, Type.ANY
  };

  /** The health checks record sets name; any other id resolves to null (always healthy). */
  static final Map<String, HealthSignal> CHECKS =
      Map.of("hc-up", () -> true, "hc-down", () -> false);

  static final Function<String, HealthSignal> HEALTH = CHECKS::get;

  /** What a record set generated without its name is stored under until it is placed. */
  static final String UNPLACED = "unplaced.";

  /** One change of the sequence, resolved against the zone it applies to by {@link #batch}. */
  enum Kind {
    /** The name's record sets become {@code content}. */
    REPLACE,
    /** The name loses every record set. */
    CLEAR,
    /** The name loses one record set. */
    DROP_ONE,
    /** The name gains the first record set of {@code content}. */
    ADD_ONE
  }

  /**
   * @param target which name: a new or old one from {@code name}, the origin, or an existing owner
   * @param pick which record set to drop, which owner to take, whether aliases keep their target
   */
  record Edit(int target, String name, Kind kind, List<RecordSet> content, int pick) {}

  /** The seeded generator both zones read, reset before each query. */
  private RandomGenerator random = new SplittableRandom(0);

  private final Supplier<RandomGenerator> randomSupplier = () -> random;

  @Property(tries = 300)
  void changesAgreeWithAFullCompile(
      @ForAll("zones") Map<String, List<RecordSet>> initial,
      @ForAll("changes") List<List<Edit>> changes) {
    Statistics.label("change")
        .coverage(
            coverage -> {
              coverage.check("valid").percentage(p -> p >= 30);
              coverage.check("refused").percentage(p -> p >= 2);
            });
    Statistics.label("feature")
        .coverage(
            coverage -> {
              for (String feature : FEATURES) {
                coverage.check(feature).count(c -> c > 0);
              }
            });
    Map<String, List<RecordSet>> model = initial;
    CompiledZone expected = compile(model);
    CompiledZone zone = expected;
    for (List<Edit> change : changes) {
      Map<String, List<RecordSet>> batch = batch(model, change);
      Map<String, List<RecordSet>> next = new LinkedHashMap<>(model);
      batch.forEach((name, sets) -> next.put(name, sets));
      next.values().removeIf(List::isEmpty);
      CompiledZone nextExpected = compileOrNull(next);
      CompiledZone nextZone = withRecordSetsAtOrNull(zone, batch);
      Set<Name> names = names(model, next);

      assertThat(nextZone == null).as("refused %s", batch).isEqualTo(nextExpected == null);
      // Immutable: the old zone answers as before, whether the change was taken or refused.
      assertAgrees(zone, expected, names);
      if (nextExpected == null) {
        Statistics.label("change").collect("refused");
        continue;
      }
      Statistics.label("change").collect("valid");
      features(model, batch).forEach(Statistics.label("feature")::collect);
      assertAgrees(nextZone, nextExpected, names);
      assertThat(nextZone.sameHealthSignals(HEALTH)).isTrue();
      model = next;
      expected = nextExpected;
      zone = nextZone;
    }
  }

  static final List<String> FEATURES =
      List.of(
          "removes a name",
          "removes a name whose parent has no record sets",
          "changes a wildcard",
          "changes the target of an alias",
          "changes the apex");

  /** The cases of {@link #FEATURES} that a valid change covers, for the statistics. */
  private static List<String> features(
      Map<String, List<RecordSet>> model, Map<String, List<RecordSet>> batch) {
    Set<String> aliasTargets = new HashSet<>();
    model
        .values()
        .forEach(
            sets ->
                sets.stream()
                    .filter(rrset -> rrset.aliasTarget() != null)
                    .forEach(rrset -> aliasTargets.add(rrset.aliasTarget().dnsName())));
    List<String> found = new ArrayList<>();
    batch.forEach(
        (name, sets) -> {
          Name owner = Name.fromConstantString(name);
          if (sets.isEmpty() && model.containsKey(name)) {
            found.add(FEATURES.get(0));
            if (!model.containsKey(new Name(owner, 1).toString())) {
              found.add(FEATURES.get(1));
            }
          }
          if (owner.isWild()) {
            found.add(FEATURES.get(2));
          }
          if (aliasTargets.contains(name)) {
            found.add(FEATURES.get(3));
          }
          if (name.equals(ORIGIN)) {
            found.add(FEATURES.get(4));
          }
        });
    return found;
  }

  private CompiledZone compile(Map<String, List<RecordSet>> model) {
    List<RecordSet> all = new ArrayList<>();
    model.values().forEach(all::addAll);
    return CompiledZone.compile(ZONE, all, HEALTH, randomSupplier);
  }

  private CompiledZone compileOrNull(Map<String, List<RecordSet>> model) {
    try {
      return compile(model);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static CompiledZone withRecordSetsAtOrNull(
      CompiledZone zone, Map<String, List<RecordSet>> batch) {
    try {
      return zone.withRecordSetsAt(batch, HEALTH);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Every name of both models with its ancestors, and below each a name that does not exist
   * (answered NXDOMAIN, or by a wildcard).
   */
  private static Set<Name> names(
      Map<String, List<RecordSet>> before, Map<String, List<RecordSet>> after) {
    Name origin = Name.fromConstantString(ORIGIN);
    Set<Name> names = new LinkedHashSet<>();
    Set<String> owners = new HashSet<>(before.keySet());
    owners.addAll(after.keySet());
    for (String owner : owners) {
      for (Name name = Name.fromConstantString(owner);
          name.subdomain(origin);
          name = new Name(name, 1)) {
        names.add(name);
      }
    }
    for (Name name : List.copyOf(names)) {
      names.add(Name.fromConstantString("zz." + name));
    }
    return names;
  }

  private void assertAgrees(CompiledZone actual, CompiledZone expected, Set<Name> names) {
    assertThat(actual.soa()).hasToString(expected.soa().toString());
    int seed = 0;
    for (Name name : names) {
      for (int qtype : QTYPES) {
        seed++;
        random = new SplittableRandom(seed);
        String want = render(expected.answer(name, qtype));
        random = new SplittableRandom(seed);
        String got = render(actual.answer(name, qtype));
        assertThat(got).as("%s %s", name, Type.string(qtype)).isEqualTo(want);
      }
      assertThat(actual.recordSetsFor(name)).as("%s", name).isEqualTo(expected.recordSetsFor(name));
    }
  }

  /** The kind of answer with every record in presentation format, TTLs included. */
  static String render(ZoneAnswer answer) {
    if (answer instanceof ZoneAnswer.Answer records) {
      return "ANSWER " + records.records();
    }
    if (answer instanceof ZoneAnswer.Cname cname) {
      return "CNAME " + cname.cname();
    }
    if (answer instanceof ZoneAnswer.NoData noData) {
      return "NODATA " + noData.soa();
    }
    return "NXDOMAIN " + ((ZoneAnswer.NxDomain) answer).soa();
  }

  // --- changes, resolved against the zone ------------------------------------------------------

  /** The names a change replaces, each with every record set it holds afterwards. */
  static Map<String, List<RecordSet>> batch(Map<String, List<RecordSet>> model, List<Edit> edits) {
    Map<String, List<RecordSet>> working = new LinkedHashMap<>(model);
    Map<String, List<RecordSet>> batch = new LinkedHashMap<>();
    for (Edit edit : edits) {
      List<String> owners = List.copyOf(working.keySet());
      String name =
          switch (edit.target() % 8) {
            case 0, 1, 2 -> edit.name();
            case 3 -> ORIGIN;
            default -> owners.get(edit.pick() % owners.size());
          };
      List<RecordSet> now = working.getOrDefault(name, List.of());
      List<RecordSet> placed = place(edit.content(), name, working, edit.pick());
      List<RecordSet> next =
          switch (edit.kind()) {
            case REPLACE -> name.equals(ORIGIN) ? apex(placed, edit.pick()) : placed;
            case CLEAR -> List.of();
            case DROP_ONE -> without(now, edit.pick());
            case ADD_ONE -> with(now, placed.get(0));
          };
      working.put(name, next);
      batch.put(name, next);
    }
    return batch;
  }

  private static List<RecordSet> without(List<RecordSet> sets, int pick) {
    List<RecordSet> result = new ArrayList<>(sets);
    if (!result.isEmpty()) {
      result.remove(pick % result.size());
    }
    return result;
  }

  private static List<RecordSet> with(List<RecordSet> sets, RecordSet extra) {
    List<RecordSet> result = new ArrayList<>(sets);
    result.add(extra);
    return result;
  }

  /**
   * The apex data of a change at the origin: SOA, NS and the content; one change in seven gives the
   * SOA set two records, which compile refuses.
   */
  private static List<RecordSet> apex(List<RecordSet> content, int pick) {
    List<RecordSet> sets = new ArrayList<>();
    List<String> soa = new ArrayList<>(List.of(soaRdata(pick % 100)));
    if (pick % 7 == 0) {
      soa.add(soaRdata(pick % 100 + 1));
    }
    sets.add(RecordSet.simple(ORIGIN, "SOA", 300, soa));
    sets.add(RecordSet.simple(ORIGIN, "NS", 300, List.of("ns-0.isthmus.internal.")));
    sets.addAll(content);
    return sets;
  }

  private static String soaRdata(int serial) {
    return "ns-0.isthmus.internal. hostmaster.isthmus.internal. " + serial + " 7200 900 1209600 60";
  }

  /**
   * The content's record sets at {@code name}. An alias keeps its generated target one time in four
   * (often missing or not an A group: refused); else it targets an A group of {@code model} that
   * holds no alias, if there is one.
   */
  static List<RecordSet> place(
      List<RecordSet> content, String name, Map<String, List<RecordSet>> model, int pick) {
    List<String> targets = aliasTargets(model);
    List<RecordSet> placed = new ArrayList<>();
    for (RecordSet rrset : content) {
      AliasTarget alias = rrset.aliasTarget();
      if (alias != null && pick % 4 != 0 && !targets.isEmpty()) {
        alias = new AliasTarget(targets.get(pick % targets.size()), alias.evaluateTargetHealth());
      }
      placed.add(
          new RecordSet(
              name,
              rrset.type(),
              rrset.ttl(),
              rrset.records(),
              rrset.setIdentifier(),
              rrset.routing(),
              rrset.healthCheckId(),
              alias));
    }
    return placed;
  }

  /** Names whose A record sets are all plain: what an A alias may target. */
  private static List<String> aliasTargets(Map<String, List<RecordSet>> model) {
    List<String> targets = new ArrayList<>();
    model.forEach(
        (name, sets) -> {
          List<RecordSet> a = sets.stream().filter(rrset -> rrset.type().equals("A")).toList();
          if (!a.isEmpty() && a.stream().allMatch(rrset -> rrset.aliasTarget() == null)) {
            targets.add(name);
          }
        });
    return targets;
  }

  // --- generators ------------------------------------------------------------------------------

  /** Names one to four labels below the origin, from few labels so names share ancestors. */
  static Arbitrary<String> names() {
    return Arbitraries.of("a", "b", "*")
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(labels -> String.join(".", labels) + "." + ORIGIN);
  }

  /**
   * Valid zones: the apex and up to ten owners. Aliases are pointed at valid targets (or dropped
   * when there is none), since compile refuses the zone otherwise.
   */
  @Provide
  Arbitrary<Map<String, List<RecordSet>>> zones() {
    return Combinators.combine(names(), content())
        .as(Tuple::of)
        .list()
        .ofMaxSize(10)
        .map(
            owners -> {
              Map<String, List<RecordSet>> zone = new LinkedHashMap<>();
              zone.put(ORIGIN, apex(List.of(), 1));
              owners.forEach(owner -> zone.putIfAbsent(owner.get1(), owner.get2()));
              // Compile refuses an alias without a valid target: point each at one, or drop
              // the aliases of a zone that has none.
              boolean anyTarget = !aliasTargets(zone).isEmpty();
              Map<String, List<RecordSet>> valid = new LinkedHashMap<>();
              zone.forEach(
                  (name, sets) -> {
                    List<RecordSet> kept =
                        anyTarget
                            ? sets
                            : sets.stream().filter(rrset -> rrset.aliasTarget() == null).toList();
                    List<RecordSet> placed = place(kept, name, zone, 1);
                    if (!placed.isEmpty()) {
                      valid.put(name, placed);
                    }
                  });
              return valid;
            });
  }

  @Provide
  Arbitrary<List<List<Edit>>> changes() {
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                names(),
                Arbitraries.of(Kind.class),
                content(),
                Arbitraries.integers().between(0, 1000))
            .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(8);
  }

  /** The record sets of one name (named {@link #UNPLACED} until placed). */
  static Arbitrary<List<RecordSet>> content() {
    Arbitrary<List<RecordSet>> simple =
        Arbitraries.of("A", "AAAA", "TXT", "MX")
            .list()
            .uniqueElements()
            .ofMinSize(1)
            .ofMaxSize(4)
            .flatMap(
                types ->
                    Combinators.combine(
                            types.stream().map(IncrementalZoneProperties::simple).toList())
                        .as(List::copyOf));
    Arbitrary<List<RecordSet>> cname =
        Arbitraries.of("a.example.com.", "www.example.net.")
            .map(target -> List.of(RecordSet.simple(UNPLACED, "CNAME", 60, List.of(target))));
    return Arbitraries.frequencyOf(
        Tuple.of(4, simple),
        Tuple.of(1, cname),
        Tuple.of(1, weighted()),
        Tuple.of(1, failover()),
        Tuple.of(1, multiValue()),
        Tuple.of(2, alias()));
  }

  private static Arbitrary<RecordSet> simple(String type) {
    return Combinators.combine(
            Arbitraries.of(60L, 300L), rdata(type).set().ofMinSize(1).ofMaxSize(3))
        .as((ttl, records) -> RecordSet.simple(UNPLACED, type, ttl, List.copyOf(records)));
  }

  private static Arbitrary<String> rdata(String type) {
    Arbitrary<Integer> n = Arbitraries.integers().between(1, 9);
    return switch (type) {
      case "A" -> n.map(i -> "192.0.2." + i);
      case "AAAA" -> n.map(i -> "2001:db8::" + i);
      case "TXT" -> n.map(i -> "\"text " + i + "\"");
      default -> n.map(i -> i + " mx" + i + ".example.net.");
    };
  }

  private static Arbitrary<String> healthCheck() {
    return Arbitraries.of("hc-up", "hc-down", "hc-unknown").injectNull(0.4);
  }

  private static RecordSet routed(
      String id, long ttl, String rdata, RoutingPolicy policy, String check) {
    return RecordSet.routed(UNPLACED, "A", ttl, List.of(rdata), id, policy, check);
  }

  private static Arbitrary<List<RecordSet>> weighted() {
    Arbitrary<RecordSet> member =
        Combinators.combine(
                Arbitraries.of("w0", "w1", "w2"),
                rdata("A"),
                Arbitraries.integers().between(0, 3),
                healthCheck())
            .as(
                (id, rdata, weight, check) ->
                    routed(id, 60, rdata, new RoutingPolicy.Weighted(weight), check));
    return member.list().ofMinSize(1).ofMaxSize(3).uniqueElements(RecordSet::setIdentifier);
  }

  private static Arbitrary<List<RecordSet>> failover() {
    return Combinators.combine(
            rdata("A"), rdata("A"), healthCheck(), healthCheck(), Arbitraries.of(true, false))
        .as(
            (primary, secondary, primaryCheck, secondaryCheck, both) -> {
              RecordSet first =
                  routed(
                      "p",
                      60,
                      primary,
                      new RoutingPolicy.Failover(RoutingPolicy.Role.PRIMARY),
                      primaryCheck);
              RecordSet second =
                  routed(
                      "s",
                      300,
                      secondary,
                      new RoutingPolicy.Failover(RoutingPolicy.Role.SECONDARY),
                      secondaryCheck);
              return both ? List.of(first, second) : List.of(first);
            });
  }

  private static Arbitrary<List<RecordSet>> multiValue() {
    Arbitrary<RecordSet> member =
        Combinators.combine(
                Arbitraries.of("m0", "m1", "m2"),
                Arbitraries.of(60L, 300L),
                rdata("A"),
                healthCheck())
            .as(
                (id, ttl, rdata, check) ->
                    routed(id, ttl, rdata, RoutingPolicy.MULTI_VALUE, check));
    return member.list().ofMinSize(1).ofMaxSize(3).uniqueElements(RecordSet::setIdentifier);
  }

  /**
   * An A alias (to a generated name, which {@link #place} usually points at a valid target), alone,
   * beside a TXT set, or as one member of a weighted group.
   */
  private static Arbitrary<List<RecordSet>> alias() {
    Arbitrary<RecordSet> plainAlias =
        Combinators.combine(names(), Arbitraries.of(true, false), healthCheck())
            .as(
                (target, evaluate, check) ->
                    new RecordSet(
                        UNPLACED,
                        "A",
                        null,
                        List.of(),
                        null,
                        RoutingPolicy.SIMPLE,
                        check,
                        new AliasTarget(target, evaluate)));
    Arbitrary<List<RecordSet>> withTxt =
        Combinators.combine(plainAlias, simple("TXT")).as((alias, txt) -> List.of(txt, alias));
    Arbitrary<List<RecordSet>> weightedMember =
        Combinators.combine(names(), rdata("A"))
            .as(
                (target, rdata) ->
                    List.of(
                        routed("w0", 60, rdata, new RoutingPolicy.Weighted(1), null),
                        new RecordSet(
                            UNPLACED,
                            "A",
                            null,
                            List.of(),
                            "w1",
                            new RoutingPolicy.Weighted(2),
                            null,
                            new AliasTarget(target, false))));
    return Arbitraries.oneOf(plainAlias.map(List::of), withTxt, weightedMember);
  }
}
