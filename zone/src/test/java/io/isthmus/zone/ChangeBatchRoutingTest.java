package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingFields;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RoutingPolicy.Role;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Change batches with routing policies, health checks and aliases (docs/spec/resolution.md sections
 * 3 and 4).
 */
class ChangeBatchRoutingTest {
  static final String ZONE = "example.com.";

  static final List<RecordSet> EXISTING =
      RoutedZoneText.parse(
          ZONE,
          """
          www 300 A 10.0.0.1
          fo   60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-1
          fo   60 A 10.0.1.2 | id=s failover=SECONDARY
          w    60 A 10.0.2.1 | id=a weight=1
          w    60 A 10.0.2.2 | id=b weight=0
          @       A          | alias=www
          api     A          | alias=fo
          """);

  /** The caller's own health checks. */
  static final Predicate<String> CHECKS = id -> id.equals("hc-1") || id.equals("hc-2");

  static ChangeBatch.Result apply(RecordChange... changes) {
    return ChangeBatch.apply(ZONE, EXISTING, List.of(changes), CHECKS);
  }

  static List<FieldError> errors(ChangeBatch.Result result) {
    assertThat(result.ok()).isFalse();
    // Nothing of a rejected batch is applied.
    assertThat(result.recordSets()).isEqualTo(EXISTING);
    assertThat(result.deleted()).isEmpty();
    assertThat(result.put()).isEmpty();
    return result.errors();
  }

  /** A record set under construction: the API's fields, immutable, with withers. */
  record R(
      String name,
      String type,
      Long ttl,
      List<String> records,
      String id,
      String failover,
      Integer weight,
      Boolean multi,
      String region,
      String health,
      AliasTarget alias) {

    static R of(String name, String type, long ttl, String... records) {
      return new R(name, type, ttl, List.of(records), null, null, null, null, null, null, null);
    }

    static R alias(String name, String type, String target, boolean evaluateTargetHealth) {
      return new R(
          name,
          type,
          null,
          List.of(),
          null,
          null,
          null,
          null,
          null,
          null,
          new AliasTarget(target, evaluateTargetHealth));
    }

    R id(String id) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R failover(String failover) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R weight(int weight) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R multi(boolean multi) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R region(String region) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R health(String health) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R ttl(Long ttl) {
      return new R(name, type, ttl, records, id, failover, weight, multi, region, health, alias);
    }

    R records(String... records) {
      return new R(
          name, type, ttl, List.of(records), id, failover, weight, multi, region, health, alias);
    }

    RecordSetSpec set() {
      return new RecordSetSpec(
          name,
          type,
          ttl,
          records,
          id,
          new RoutingFields(failover, weight, multi, region),
          health,
          alias);
    }

    RecordChange create() {
      return new RecordChange("CREATE", set());
    }

    RecordChange upsert() {
      return new RecordChange("UPSERT", set());
    }

    RecordChange delete() {
      return new RecordChange("DELETE", set());
    }
  }

  static final R FO_P = R.of("fo.example.com.", "A", 60, "10.0.1.1").id("p").failover("PRIMARY");
  static final R FO_S = R.of("fo.example.com.", "A", 60, "10.0.1.2").id("s").failover("SECONDARY");

  // --- accepted ----------------------------------------------------------------------------------

  @Test
  void acceptsRoutedGroupsHealthChecksAndAliases() {
    List<RecordChange> changes =
        List.of(
            R.of("n.example.com.", "A", 60, "10.1.0.1")
                .id("one")
                .failover("PRIMARY")
                .health("hc-1")
                .create(),
            R.of("n.example.com.", "A", 60, "10.1.0.2").id("two").failover("SECONDARY").create(),
            R.of("n.example.com.", "AAAA", 60, "fd00::1").id("x").weight(255).create(),
            R.of("n.example.com.", "AAAA", 60, "fd00::2").id("y").weight(0).create(),
            R.of("m.example.com.", "TXT", 60, "\"a\"").id("a").multi(true).health("hc-2").create(),
            R.of("m.example.com.", "TXT", 60, "\"b\"").id("b").multi(true).create(),
            R.of("c.example.com.", "CNAME", 60, "blue.example.net.").id("b").weight(1).create(),
            R.of("c.example.com.", "CNAME", 60, "green.example.net.").id("g").weight(1).create(),
            R.of("simple.example.com.", "A", 60, "10.1.0.9").health("hc-1").create(),
            R.alias("to-simple.example.com.", "A", "www.example.com", false).create(),
            R.alias("to-group.example.com.", "AAAA", "N.example.com.", true).create(),
            R.alias("svc.example.com.", "A", "w.example.com.", true)
                .id("p")
                .failover("PRIMARY")
                .create(),
            R.of("svc.example.com.", "A", 60, "10.9.9.9").id("s").failover("SECONDARY").create(),
            R.of("id.example.com.", "A", 60, "10.1.0.7").id("x".repeat(128)).weight(1).create());

    ChangeBatch.Result result = ChangeBatch.apply(ZONE, EXISTING, changes, CHECKS);

    assertThat(result.errors()).isEmpty();
    assertThat(result.put()).hasSize(changes.size());
    // Alias target names are normalized like every other name.
    assertThat(result.put())
        .filteredOn(set -> set.name().equals("to-group.example.com."))
        .singleElement()
        .extracting(RecordSet::aliasTarget)
        .isEqualTo(new AliasTarget("n.example.com.", true));
    // The result compiles: the data plane accepts whatever the batch accepts.
    CompiledZone.compile(
        new io.isthmus.config.HostedZone("Z1", ZONE, "111111111111", null), result.recordSets());
  }

  // --- one record set's fields
  // ---------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rejectsFields(String label, R rrset, List<FieldError> expected) {
    assertThat(errors(apply(rrset.create()))).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> rejectsFields() {
    R r = R.of("r.example.com.", "A", 60, "10.0.0.1");
    return Stream.of(
        row("empty setIdentifier", r.id("").weight(1), "setIdentifier", ID_LENGTH),
        row("setIdentifier too long", r.id("x".repeat(129)).weight(1), "setIdentifier", ID_LENGTH),
        row(
            "unknown failover role",
            r.id("a").failover("TERTIARY"),
            "failover",
            "failover must be PRIMARY or SECONDARY"),
        row("negative weight", r.id("a").weight(-1), "weight", "weight must be within 0..255"),
        row("weight above 255", r.id("a").weight(256), "weight", "weight must be within 0..255"),
        row(
            "multiValueAnswer false",
            r.id("a").multi(false),
            "multiValueAnswer",
            "multiValueAnswer must be true; leave it out for other record sets"),
        row(
            "latency routing",
            r.id("a").region("eu-west-1"),
            "region",
            "latency routing is not supported"),
        row(
            "policy without setIdentifier",
            r.weight(1),
            "setIdentifier",
            "setIdentifier is required with a routing policy"),
        row(
            "setIdentifier without policy",
            r.id("a"),
            "setIdentifier",
            "a record set with a setIdentifier needs a routing policy:"
                + " failover, weight or multiValueAnswer"),
        row(
            "two policies",
            r.id("a").failover("PRIMARY").weight(1),
            "",
            "a record set has one routing policy, not failover and weight"),
        row("unknown health check", r.health("hc-other"), "healthCheckId", "unknown health check"),
        row(
            "multivalue CNAME",
            R.of("r.example.com.", "CNAME", 60, "x.example.net.").id("a").multi(true),
            "multiValueAnswer",
            "a CNAME record set cannot be a multivalue answer"),
        row(
            "routed NS",
            R.of("sub.example.com.", "NS", 60, "ns.example.net.").id("a").weight(1),
            "type",
            "NS record sets cannot have a routing policy"),
        row(
            "alias with ttl and records",
            R.alias("r.example.com.", "A", "www.example.com.", false).ttl(60L).records("10.0.0.1"),
            List.of(
                error("ttl", "an alias record set has no ttl: it answers with its target's"),
                error("records", "an alias record set has no records"))),
        row(
            "NS alias",
            R.alias("sub.example.com.", "NS", "www.example.com.", false),
            List.of(
                error("aliasTarget", "NS record sets cannot be aliases"),
                error("aliasTarget.dnsName", "no NS record set at www.example.com. in this zone"))),
        row(
            "multivalue alias",
            R.alias("r.example.com.", "A", "www.example.com.", false).id("a").multi(true),
            "aliasTarget",
            "a multivalue answer record set cannot be an alias"),
        row(
            "alias without dnsName",
            R.alias("r.example.com.", "A", null, false),
            "aliasTarget.dnsName",
            "dnsName is required"),
        row(
            "alias to an invalid name",
            R.alias("r.example.com.", "A", "bad..name", false),
            "aliasTarget.dnsName",
            "invalid DNS name"),
        row(
            "alias outside the zone",
            R.alias("r.example.com.", "A", "www.example.org.", false),
            "aliasTarget.dnsName",
            "alias target outside the zone example.com."),
        row(
            "alias to itself",
            R.alias("r.example.com.", "A", "R.example.com", false),
            "aliasTarget.dnsName",
            "an alias cannot target its own name"),
        row(
            "alias to a missing name",
            R.alias("r.example.com.", "A", "nope.example.com.", false),
            "aliasTarget.dnsName",
            "no A record set at nope.example.com. in this zone"),
        row(
            "alias to another type",
            R.alias("r.example.com.", "AAAA", "www.example.com.", false),
            "aliasTarget.dnsName",
            "no AAAA record set at www.example.com. in this zone"),
        row(
            "alias to an alias",
            R.alias("r.example.com.", "A", "example.com.", false),
            "aliasTarget.dnsName",
            "example.com. A is an alias; an alias cannot target another alias"));
  }

  static final String ID_LENGTH = "setIdentifier must be 1..128 characters";

  static Arguments row(String label, R rrset, String field, String message) {
    return row(label, rrset, List.of(error(field, message)));
  }

  static Arguments row(String label, R rrset, List<FieldError> expected) {
    return Arguments.of(label, rrset, expected);
  }

  static FieldError error(String field, String message) {
    return new FieldError(
        field.isEmpty() ? "changes[0].rrset" : "changes[0].rrset." + field, message);
  }

  // --- groups in the final state
  // -------------------------------------------------------------------

  @Test
  void aSimpleAndARoutedSetCannotShareANameAndType() {
    assertThat(
            errors(
                apply(
                    R.of("www.example.com.", "A", 60, "10.0.0.2").id("b").weight(1).create(),
                    R.of("fo.example.com.", "A", 60, "10.0.1.3").create())))
        .containsExactly(
            new FieldError(
                "changes[0].rrset.setIdentifier",
                "a simple record set and routed record sets cannot share www.example.com. A"),
            new FieldError(
                "changes[1].rrset.setIdentifier",
                "a simple record set and routed record sets cannot share fo.example.com. A"));
  }

  @Test
  void policiesDoNotMixAtOneNameAndType() {
    assertThat(
            errors(apply(R.of("fo.example.com.", "A", 60, "10.0.1.3").id("w").weight(1).create())))
        .containsExactly(
            new FieldError(
                "changes[0].rrset",
                "mixed routing policies at fo.example.com. A: failover, weighted"));
  }

  @Test
  void aSetWithAnInvalidPolicyStillCountsInItsGroup() {
    // The set's own error, and the group it would break by the policy it asks for.
    assertThat(
            errors(
                apply(R.of("fo.example.com.", "A", 60, "10.0.1.3").id("w").weight(300).create())))
        .containsExactly(
            new FieldError("changes[0].rrset.weight", "weight must be within 0..255"),
            new FieldError(
                "changes[0].rrset",
                "mixed routing policies at fo.example.com. A: failover, weighted"));
    assertThat(
            errors(
                apply(
                    R.of("fo.example.com.", "A", 60, "10.0.1.3")
                        .id("p2")
                        .failover("PRIMARY")
                        .weight(1)
                        .create())))
        .containsExactly(
            new FieldError(
                "changes[0].rrset", "a record set has one routing policy, not failover and weight"),
            new FieldError(
                "changes[0].rrset.failover",
                "a failover group has at most one PRIMARY and one SECONDARY;"
                    + " fo.example.com. A would have 2 PRIMARY"));
  }

  @Test
  void aFailoverGroupHasOnePrimary() {
    assertThat(
            errors(
                apply(
                    R.of("fo.example.com.", "A", 60, "10.0.1.3")
                        .id("p2")
                        .failover("PRIMARY")
                        .create())))
        .containsExactly(
            new FieldError(
                "changes[0].rrset.failover",
                "a failover group has at most one PRIMARY and one SECONDARY;"
                    + " fo.example.com. A would have 2 PRIMARY"));
  }

  @Test
  void setIdentifiersAreUniquePerNameAndType() {
    assertThat(
            errors(apply(R.of("w.example.com.", "A", 60, "10.0.2.9").id("a").weight(9).create())))
        .containsExactly(new FieldError("changes[0].rrset", "record set already exists"));
  }

  @Test
  void aFailoverPrimaryCanBeReplacedByDeleteThenCreate() {
    ChangeBatch.Result result =
        apply(
            FO_P.health("hc-1").delete(),
            R.of("fo.example.com.", "A", 60, "10.0.1.9").id("p2").failover("PRIMARY").create());

    assertThat(result.errors()).isEmpty();
    assertThat(result.deleted()).containsExactly(new RecordSetKey("fo.example.com.", "A", "p"));
    assertThat(result.put())
        .extracting(RecordSet::setIdentifier, RecordSet::records)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("p2", List.of("10.0.1.9")));
  }

  @Test
  void failoverRolesCanBeSwappedInOneBatch() {
    // After the first change the group briefly has two SECONDARY sets: only the end state counts.
    ChangeBatch.Result result =
        apply(FO_P.failover("SECONDARY").upsert(), FO_S.failover("PRIMARY").upsert());

    assertThat(result.errors()).isEmpty();
    assertThat(result.put())
        .extracting(RecordSet::routing)
        .containsExactly(
            new RoutingPolicy.Failover(Role.SECONDARY), new RoutingPolicy.Failover(Role.PRIMARY));
  }

  @Test
  void aRoutedCnameGroupExcludesOtherTypes() {
    assertThat(
            errors(
                apply(
                    R.of("c.example.com.", "CNAME", 60, "a.example.net.")
                        .id("a")
                        .weight(1)
                        .create(),
                    R.of("c.example.com.", "CNAME", 60, "b.example.net.")
                        .id("b")
                        .weight(1)
                        .create(),
                    R.of("c.example.com.", "TXT", 60, "\"beside\"").create())))
        .containsExactly(
            new FieldError(
                "changes[2].rrset.type",
                "CNAME cannot coexist with other record types at c.example.com."));
  }

  // --- DELETE of routed sets and aliases
  // -----------------------------------------------------------

  @Test
  void deleteOfARoutedSetRepeatsItsRoutingFields() {
    assertThat(
            errors(
                apply(
                    R.of("w.example.com.", "A", 60, "10.0.2.1").id("a").weight(2).delete(),
                    FO_P.delete())))
        .containsExactly(
            new FieldError("changes[0].rrset", "weight differ from the stored record set"),
            new FieldError("changes[1].rrset", "healthCheckId differ from the stored record set"));
  }

  @Test
  void deleteDoesNotLookUpTheHealthCheckAgain() {
    ChangeBatch.Result result =
        ChangeBatch.apply(ZONE, EXISTING, List.of(FO_P.health("hc-1").delete()), id -> false);

    assertThat(result.errors()).isEmpty();
    assertThat(result.deleted()).containsExactly(new RecordSetKey("fo.example.com.", "A", "p"));
  }

  @Test
  void deleteOfAnAliasRepeatsItsTarget() {
    assertThat(errors(apply(R.alias("example.com.", "A", "www.example.com.", true).delete())))
        .containsExactly(
            new FieldError("changes[0].rrset", "aliasTarget differ from the stored record set"));

    ChangeBatch.Result result =
        apply(R.alias("Example.com", "A", "WWW.example.com", false).delete());
    assertThat(result.errors()).isEmpty();
    assertThat(result.deleted()).containsExactly(new RecordSetKey("example.com.", "A", null));
  }

  @Test
  void aSetAnAliasTargetsCannotBeDeleted() {
    assertThat(
            errors(
                apply(
                    R.of("www.example.com.", "A", 300, "10.0.0.1").delete(),
                    FO_P.health("hc-1").delete(),
                    FO_S.delete())))
        .containsExactly(
            new FieldError(
                "changes[0].rrset",
                "www.example.com. A is still the target of the alias record set(s) at example.com."),
            new FieldError(
                "changes[2].rrset",
                "fo.example.com. A is still the target of the alias record set(s) at api.example.com."));
  }

  @Test
  void aTargetCanBeDeletedWithItsAliasOrReplacedInTheSameBatch() {
    ChangeBatch.Result result =
        apply(
            R.of("www.example.com.", "A", 300, "10.0.0.1").delete(),
            R.alias("example.com.", "A", "www.example.com.", false).delete(),
            FO_P.health("hc-1").delete(),
            FO_S.delete(),
            R.of("fo.example.com.", "A", 60, "10.0.1.5").create());

    assertThat(result.errors()).isEmpty();
  }

  @Test
  void aSetAnAliasTargetsCannotBecomeAnAlias() {
    assertThat(errors(apply(R.alias("www.example.com.", "A", "fo.example.com.", false).upsert())))
        .containsExactly(
            new FieldError(
                "changes[0].rrset.aliasTarget",
                "www.example.com. A is the target of the alias record set(s) at example.com.;"
                    + " an alias cannot target another alias"));
  }

  @Test
  void anAliasCannotTargetARoutedGroupWithAnAliasInIt() {
    assertThat(
            errors(
                apply(
                    R.alias("w.example.com.", "A", "www.example.com.", false)
                        .id("one")
                        .weight(10)
                        .create(),
                    R.of("w.example.com.", "A", 60, "10.0.0.9").id("two").weight(20).create(),
                    R.alias("x.example.com.", "A", "w.example.com.", false).create())))
        .containsExactly(
            new FieldError(
                "changes[2].rrset.aliasTarget.dnsName",
                "w.example.com. A is an alias; an alias cannot target another alias"));
  }

  // --- the batch as a whole ----------------------------------------------------------------------

  @Test
  void listsEveryErrorAtOnceAndAppliesNothing() {
    List<FieldError> errors =
        errors(
            apply(
                R.of("ok.example.com.", "A", 60, "10.0.0.1").create(),
                R.of("r.example.com.", "A", 60, "10.0.0.1").id("a").weight(300).create(),
                R.of("fo.example.com.", "A", 60, "10.0.1.3").id("p2").failover("PRIMARY").create(),
                R.alias("x.example.com.", "A", "nope.example.com.", false).create(),
                R.of("www.example.com.", "A", 300, "10.0.0.1").delete(),
                R.of("l.example.com.", "A", 60, "10.0.0.1").id("a").region("us-east-1").create(),
                R.of("h.example.com.", "A", 60, "10.0.0.1").health("hc-nope").create()));

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "changes[1].rrset.weight",
            "changes[2].rrset.failover",
            "changes[3].rrset.aliasTarget.dnsName",
            "changes[4].rrset",
            "changes[5].rrset.region",
            "changes[6].rrset.healthCheckId");
  }
}
