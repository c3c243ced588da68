package io.isthmus.admin.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.lint.ShadowLint.Rule;
import io.isthmus.admin.lint.ShadowLint.Vpc;
import io.isthmus.admin.lint.ShadowLint.Zone;
import io.isthmus.config.ResolverRule.RuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lint on plain data: each case is a VPC (zones with their record names, rules), the change the
 * request made, and the warnings expected, as code and the names listed.
 */
class ShadowLintTest {
  private static final String VPC = "vpc-0000000000000000a";

  private static Zone zone(String id, String name, String... records) {
    return new Zone(id, name, true, List.of(records));
  }

  private static Rule forward(String id, String domain) {
    return new Rule(id, domain, RuleType.FORWARD, true);
  }

  private static Rule system(String id, String domain) {
    return new Rule(id, domain, RuleType.SYSTEM, true);
  }

  /** The parent and child zones of the spec's example. */
  private static final Zone AWS =
      zone(
          "ZAWS",
          "aws.customer.local.",
          "aws.customer.local.",
          "x.aws.customer.local.",
          "host.app1.aws.customer.local.",
          "app1.aws.customer.local.",
          "deep.db.app1.aws.customer.local.");

  private static final Zone APP1 =
      zone("ZAPP1", "app1.aws.customer.local.", "app1.aws.customer.local.");

  enum Change {
    RULE,
    ZONE,
    RECORDS
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // (a) a FORWARD rule at the zone's own name takes the whole zone.
        Arguments.of(
            "forward rule at the zone's name",
            List.of(AWS),
            List.of(forward("R1", "aws.customer.local.")),
            Change.RULE,
            "R1",
            List.of("RuleOverridesZone")),
        // A SYSTEM rule resolves as if no rule existed: the zone answers all the same.
        Arguments.of(
            "system rule at the zone's name",
            List.of(AWS),
            List.of(system("R1", "aws.customer.local.")),
            Change.RULE,
            "R1",
            List.of()),
        Arguments.of(
            "forward rule above the zone",
            List.of(AWS),
            List.of(forward("R1", "customer.local.")),
            Change.RULE,
            "R1",
            List.of()),
        Arguments.of(
            "forward rule below the zone takes the names at or below it",
            List.of(AWS),
            List.of(forward("R1", "app1.aws.customer.local.")),
            Change.RULE,
            "R1",
            List.of(
                "RuleHidesRecords:app1.aws.customer.local.,deep.db.app1.aws.customer.local.,"
                    + "host.app1.aws.customer.local.")),
        Arguments.of(
            "forward rule for a domain the zone has no names under",
            List.of(AWS),
            List.of(forward("R1", "nothing.aws.customer.local.")),
            Change.RULE,
            "R1",
            List.of()),
        Arguments.of(
            "unrelated forward rule",
            List.of(AWS),
            List.of(forward("R1", "corp.example.")),
            Change.RULE,
            "R1",
            List.of()),
        // (b) the same, seen from the zone associated later.
        Arguments.of(
            "zone associated where a forward rule has its name",
            List.of(AWS),
            List.of(forward("R1", "aws.customer.local.")),
            Change.ZONE,
            "ZAWS",
            List.of("RuleOverridesZone")),
        // (c) a more specific zone hides the parent's names below it, seen from both zones.
        Arguments.of(
            "parent associated where the child zone is",
            List.of(AWS, APP1),
            List.of(),
            Change.ZONE,
            "ZAWS",
            List.of(
                "ZoneHidesRecords:app1.aws.customer.local.,deep.db.app1.aws.customer.local.,"
                    + "host.app1.aws.customer.local.")),
        Arguments.of(
            "child associated where the parent zone is",
            List.of(AWS, APP1),
            List.of(),
            Change.ZONE,
            "ZAPP1",
            List.of(
                "ZoneHidesRecords:app1.aws.customer.local.,deep.db.app1.aws.customer.local.,"
                    + "host.app1.aws.customer.local.")),
        Arguments.of(
            "sibling zones hide nothing",
            List.of(zone("ZA", "a.example.", "x.a.example."), zone("ZB", "b.example.")),
            List.of(),
            Change.ZONE,
            "ZA",
            List.of()),
        Arguments.of(
            "child zone under a parent without names below it",
            List.of(zone("ZP", "example.", "example.", "www.example."), zone("ZC", "c.example.")),
            List.of(),
            Change.ZONE,
            "ZC",
            List.of()),
        // A name is blamed on the most specific candidate: the grandchild, not the child.
        Arguments.of(
            "names go to the most specific zone",
            List.of(AWS, APP1, zone("ZDB", "db.app1.aws.customer.local.")),
            List.of(),
            Change.ZONE,
            "ZAWS",
            List.of(
                "ZoneHidesRecords:app1.aws.customer.local.,host.app1.aws.customer.local.",
                "ZoneHidesRecords:deep.db.app1.aws.customer.local.")),
        // At one domain a rule beats a zone.
        Arguments.of(
            "forward rule and child zone at one domain: the rule wins",
            List.of(AWS, APP1),
            List.of(forward("R1", "app1.aws.customer.local.")),
            Change.ZONE,
            "ZAWS",
            List.of(
                "RuleHidesRecords:app1.aws.customer.local.,deep.db.app1.aws.customer.local.,"
                    + "host.app1.aws.customer.local.")),
        // A SYSTEM rule below a FORWARD rule hands its names back to the zones.
        Arguments.of(
            "system rule under a forward rule gives the names back",
            List.of(AWS),
            List.of(
                forward("R1", "app1.aws.customer.local."),
                system("R2", "db.app1.aws.customer.local.")),
            Change.RULE,
            "R1",
            List.of("RuleHidesRecords:app1.aws.customer.local.,host.app1.aws.customer.local.")),
        Arguments.of(
            "system rule under a forward rule at the apex",
            List.of(AWS),
            List.of(
                forward("R1", "aws.customer.local."), system("R2", "db.app1.aws.customer.local.")),
            Change.RECORDS,
            "ZAWS",
            List.of(
                "RuleOverridesZone:app1.aws.customer.local.,aws.customer.local.,"
                    + "host.app1.aws.customer.local.,x.aws.customer.local.")),
        // (d) record names put into a zone: only those are checked.
        Arguments.of(
            "records put under a more specific zone",
            List.of(zone("ZAWS", "aws.customer.local.", "host.app1.aws.customer.local."), APP1),
            List.of(),
            Change.RECORDS,
            "ZAWS",
            List.of("ZoneHidesRecords:host.app1.aws.customer.local.")),
        Arguments.of(
            "records put elsewhere in the zone",
            List.of(zone("ZAWS", "aws.customer.local.", "www.aws.customer.local."), APP1),
            List.of(),
            Change.RECORDS,
            "ZAWS",
            List.of()),
        Arguments.of(
            "nothing put",
            List.of(zone("ZAWS", "aws.customer.local."), APP1),
            List.of(forward("R1", "aws.customer.local.")),
            Change.RECORDS,
            "ZAWS",
            List.of()),
        Arguments.of(
            "records put into a zone a forward rule overrides",
            List.of(zone("ZAWS", "aws.customer.local.", "www.aws.customer.local.")),
            List.of(forward("R1", "aws.customer.local.")),
            Change.RECORDS,
            "ZAWS",
            List.of("RuleOverridesZone:www.aws.customer.local.")),
        Arguments.of(
            "the root forward rule hides no zone",
            List.of(AWS),
            List.of(forward("R1", ".")),
            Change.RULE,
            "R1",
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void warnsOfWhatIsHidden(
      String name,
      List<Zone> zones,
      List<Rule> rules,
      Change change,
      String changedId,
      List<String> expected) {
    Vpc vpc = new Vpc(VPC, zones, rules);
    List<LintWarning> warnings =
        switch (change) {
          case RULE -> ShadowLint.ruleAssociated(vpc, changedId);
          case ZONE -> ShadowLint.zoneAssociated(vpc, changedId);
          case RECORDS -> ShadowLint.recordsPut(vpc, changedId);
        };
    assertThat(warnings).extracting(w -> summary(w, change)).containsExactlyElementsOf(expected);
    warnings.forEach(w -> assertThat(w.message()).contains(VPC));
  }

  /**
   * Code and the names the message lists (after the last ": "); a whole-zone override lists names
   * only for records put.
   */
  private static String summary(LintWarning warning, Change change) {
    if (warning.code().equals(ShadowLint.RULE_OVERRIDES_ZONE) && change != Change.RECORDS) {
      return warning.code();
    }
    String message = warning.message();
    String listed = message.substring(message.lastIndexOf(": ") + 2, message.length() - 1);
    return warning.code() + ":" + listed.replace(", ", ",");
  }

  @Test
  void messagesNameTheResourcesAndTheNames() {
    Vpc vpc = new Vpc(VPC, List.of(AWS, APP1), List.of(forward("R1", "aws.customer.local.")));

    assertThat(ShadowLint.zoneAssociated(vpc, "ZAPP1"))
        .extracting(LintWarning::message)
        .containsExactly(
            "In VPC "
                + VPC
                + ", hosted zone ZAPP1 (app1.aws.customer.local.) answers every name in"
                + " app1.aws.customer.local.: 3 record names of hosted zone ZAWS"
                + " (aws.customer.local.) at or below app1.aws.customer.local. are unreachable"
                + " there: app1.aws.customer.local., deep.db.app1.aws.customer.local.,"
                + " host.app1.aws.customer.local..");
    assertThat(ShadowLint.ruleAssociated(vpc, "R1"))
        .extracting(LintWarning::message)
        .containsExactly(
            "In VPC "
                + VPC
                + ", resolver rule R1 forwards every name in aws.customer.local.: it takes"
                + " precedence over hosted zone ZAWS (aws.customer.local.), which is not"
                + " answered there.");
  }

  @Test
  void whatTheCallerMayNotReadIsNotDisclosed() {
    Zone foreign =
        new Zone(
            "ZFOREIGN",
            "aws.customer.local.",
            false,
            List.of("host.app1.aws.customer.local.", "a.app1.aws.customer.local."));
    Rule foreignRule = new Rule("R9", "aws.customer.local.", RuleType.FORWARD, false);
    Vpc vpc = new Vpc(VPC, List.of(foreign, APP1), List.of(foreignRule));

    List<LintWarning> warnings = ShadowLint.zoneAssociated(vpc, "ZAPP1");
    assertThat(warnings).extracting(LintWarning::code).containsExactly("ZoneHidesRecords");
    assertThat(warnings.get(0).message())
        .contains("2 record names of a hosted zone of another account (aws.customer.local.)")
        .doesNotContain("ZFOREIGN")
        .doesNotContain("host.app1")
        .endsWith("are unreachable there.");

    List<LintWarning> overridden = ShadowLint.zoneAssociated(vpc, "ZFOREIGN");
    assertThat(overridden.get(0).message())
        .contains("a resolver rule of another account forwards")
        .doesNotContain("R9");
  }

  @Test
  void atMostTenNamesAreListed() {
    List<String> names = new ArrayList<>();
    IntStream.range(0, 25).forEach(i -> names.add("h" + (char) ('a' + i) + ".app1.example."));
    Vpc vpc =
        new Vpc(
            VPC,
            List.of(
                new Zone("ZP", "example.", true, names),
                zone("ZC", "app1.example.", "app1.example.")),
            List.of());

    LintWarning warning = ShadowLint.zoneAssociated(vpc, "ZC").get(0);
    assertThat(warning.message())
        .contains("25 record names")
        .contains("ha.app1.example., hb.app1.example.")
        .contains("hj.app1.example. (and 15 more).")
        .doesNotContain("hk.app1.example.");
  }

  @Test
  void aZoneAndARuleAtOneDomainEachTakeTheNamesTheyAnswer() {
    // The rule at a.example. forwards y.a.example.; below the SYSTEM rule, x.b.a.example. goes to
    // the most specific zone, which is ZA at the rule's domain. Each is blamed on its own answerer.
    Vpc vpc =
        new Vpc(
            VPC,
            List.of(
                zone("ZEX", "example.", "x.b.a.example.", "y.a.example."),
                zone("ZA", "a.example.")),
            List.of(forward("R1", "a.example."), system("R2", "b.a.example.")));

    assertThat(ShadowLint.zoneAssociated(vpc, "ZEX"))
        .extracting(LintWarning::code, LintWarning::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RuleHidesRecords",
                "In VPC "
                    + VPC
                    + ", resolver rule R1 forwards every name in a.example.: 1 record name of"
                    + " hosted zone ZEX (example.) at or below a.example. is unreachable there:"
                    + " y.a.example.."),
            org.assertj.core.groups.Tuple.tuple(
                "ZoneHidesRecords",
                "In VPC "
                    + VPC
                    + ", hosted zone ZA (a.example.) answers every name in a.example.: 1 record"
                    + " name of hosted zone ZEX (example.) at or below a.example. is unreachable"
                    + " there: x.b.a.example.."));
  }

  @Test
  void anEscapedDotIsPartOfALabelNotASeparator() {
    // "a\\.b.example." is one label under example.: a rule for b.example. does not cover it.
    Vpc vpc =
        new Vpc(
            VPC,
            List.of(zone("ZEX", "example.", "a\\.b.example.", "c.b.example.")),
            List.of(forward("R1", "b.example.")));

    assertThat(ShadowLint.ruleAssociated(vpc, "R1"))
        .extracting(LintWarning::message)
        .singleElement()
        .asString()
        .contains("1 record name of hosted zone ZEX (example.)")
        .endsWith(": c.b.example..");
  }
}
