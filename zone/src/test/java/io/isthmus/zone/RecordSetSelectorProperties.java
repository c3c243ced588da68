package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * docs/spec/resolution.md section 4 as invariants over random groups, health states and seeds: what
 * may be chosen, never how often (the distributions are in {@link CompiledZoneRoutingTest}).
 */
class RecordSetSelectorProperties {
  static final String ORIGIN = "example.com.";
  static final HostedZone ZONE = new HostedZone("Z1", ORIGIN, "111111111111", null);
  static final Name QNAME = Name.fromConstantString("r.example.com.");

  /** One member: its weight (weighted only) and whether its health check is healthy. */
  record Member(int weight, boolean healthy) {}

  @Provide
  Arbitrary<List<Member>> groups() {
    Arbitrary<Integer> weights =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0)), Tuple.of(3, Arbitraries.integers().between(1, 255)));
    return Combinators.combine(weights, Arbitraries.of(true, false))
        .as(Member::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(20);
  }

  /** Member i answers 10.0.0.i and has the health check hc-i. */
  static List<RecordSet> group(List<Member> members, String policy) {
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(ORIGIN));
    for (int i = 0; i < members.size(); i++) {
      sets.add(
          RecordSet.routed(
              QNAME.toString(),
              "A",
              60L,
              List.of("10.0.0." + i),
              "s" + i,
              policy.equals("weighted")
                  ? new RoutingPolicy.Weighted(members.get(i).weight())
                  : RoutingPolicy.MULTI_VALUE,
              "hc-" + i));
    }
    return sets;
  }

  static CompiledZone compile(List<RecordSet> sets, List<Member> members, long seed) {
    RandomGenerator random = new SplittableRandom(seed);
    return CompiledZone.compile(
        ZONE,
        sets,
        id -> {
          boolean healthy = members.get(Integer.parseInt(id.substring(3))).healthy();
          return () -> healthy;
        },
        () -> random);
  }

  /** Indexes of the members whose records form the answer. */
  static List<Integer> chosen(CompiledZone zone, Name qname) {
    ZoneAnswer answer = zone.answer(qname, Type.A);
    assertThat(answer).isInstanceOf(ZoneAnswer.Answer.class);
    return ((ZoneAnswer.Answer) answer)
        .records().stream()
            .map(Record::rdataToString)
            .map(rdata -> Integer.parseInt(rdata.substring("10.0.0.".length())))
            .toList();
  }

  @Property
  void weightedChoosesFromTheRightTier(@ForAll("groups") List<Member> members, @ForAll long seed) {
    CompiledZone zone = compile(group(members, "weighted"), members, seed);

    int chosen = chosen(zone, QNAME).get(0);

    Member member = members.get(chosen);
    boolean healthyNonZero = members.stream().anyMatch(m -> m.healthy() && m.weight() > 0);
    boolean healthyZero = members.stream().anyMatch(m -> m.healthy() && m.weight() == 0);
    boolean anyNonZero = members.stream().anyMatch(m -> m.weight() > 0);
    if (healthyNonZero) {
      assertThat(member.healthy() && member.weight() > 0).isTrue();
    } else if (healthyZero) {
      assertThat(member.healthy()).isTrue();
    } else if (anyNonZero) {
      assertThat(member.weight()).isPositive();
    }
  }

  @Property
  void multivalueAnswersMinOfEightAndTheHealthySets(
      @ForAll("groups") List<Member> members, @ForAll long seed) {
    CompiledZone zone = compile(group(members, "multivalue"), members, seed);

    List<Integer> chosen = chosen(zone, QNAME);

    long healthy = members.stream().filter(Member::healthy).count();
    assertThat(chosen).doesNotHaveDuplicates();
    if (healthy > 0) {
      assertThat(chosen).hasSize((int) Math.min(8, healthy));
      assertThat(chosen).allMatch(i -> members.get(i).healthy());
    } else {
      assertThat(chosen).hasSize(Math.min(8, members.size()));
    }
  }

  @Property
  void failoverFollowsTheDecisionTable(
      @ForAll boolean hasPrimary,
      @ForAll boolean hasSecondary,
      @ForAll boolean primaryHealthy,
      @ForAll boolean secondaryHealthy) {
    if (!hasPrimary && !hasSecondary) {
      return;
    }
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(ORIGIN));
    List<Member> members = List.of(new Member(0, primaryHealthy), new Member(0, secondaryHealthy));
    if (hasPrimary) {
      sets.add(failover(0, "PRIMARY"));
    }
    if (hasSecondary) {
      sets.add(failover(1, "SECONDARY"));
    }
    CompiledZone zone = compile(sets, members, 0);

    int expected;
    if (!hasSecondary) {
      expected = 0;
    } else if (!hasPrimary) {
      expected = 1;
    } else if (primaryHealthy || !secondaryHealthy) {
      expected = 0; // primary healthy, or both unhealthy
    } else {
      expected = 1;
    }
    assertThat(chosen(zone, QNAME)).containsExactly(expected);
  }

  private static RecordSet failover(int index, String role) {
    return RecordSet.routed(
        QNAME.toString(),
        "A",
        60L,
        List.of("10.0.0." + index),
        role.toLowerCase(java.util.Locale.ROOT),
        new RoutingPolicy.Failover(RoutingPolicy.Role.valueOf(role)),
        "hc-" + index);
  }

  /**
   * An alias answers exactly what its target would, under its own name: the same selection for the
   * same health and the same random draws.
   */
  @Property
  void anAliasAnswersAsItsTargetDoes(
      @ForAll("groups") List<Member> members, @ForAll boolean multivalue, @ForAll long seed) {
    List<RecordSet> sets = group(members, multivalue ? "multivalue" : "weighted");
    sets.add(
        new RecordSet(
            "alias.example.com.",
            "A",
            null,
            List.of(),
            null,
            RoutingPolicy.SIMPLE,
            null,
            new AliasTarget(QNAME.toString(), false)));

    ZoneAnswer target = compile(sets, members, seed).answer(QNAME, Type.A);
    ZoneAnswer alias =
        compile(sets, members, seed).answer(Name.fromConstantString("alias.example.com."), Type.A);

    assertThat(render(alias))
        .isEqualTo(render(target).replace("r.example.com.", "alias.example.com."));
    assertThat(((ZoneAnswer.Answer) alias).wire()).isEqualTo(((ZoneAnswer.Answer) target).wire());
  }

  private static String render(ZoneAnswer answer) {
    return ((ZoneAnswer.Answer) answer)
        .records().stream()
            .map(r -> r.getName() + " " + r.getTTL() + " " + r.rdataToString())
            .collect(Collectors.joining("\n"));
  }
}
