package io.isthmus.admin.lint;

import io.isthmus.config.ResolverRule.RuleType;
import io.isthmus.route.Precedence;
import io.isthmus.route.RouteKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What the most-specific-match rule of docs/spec/resolution.md section 2 hides in one VPC: the most
 * common Route 53 surprise, made visible. In a VPC the candidate with the longest domain answers a
 * name, and at the same domain a FORWARD/SYSTEM rule beats a hosted zone; a zone never falls
 * through to a parent. So:
 *
 * <ul>
 *   <li>a FORWARD rule at a zone's own name takes every name of the zone ({@value
 *       #RULE_OVERRIDES_ZONE});
 *   <li>a FORWARD rule below a zone's name takes the zone's names at or below the rule's domain
 *       ({@value #RULE_HIDES_RECORDS});
 *   <li>a zone below another zone's name answers, authoritatively and with NXDOMAIN for what it
 *       lacks, every name at or below its own: the parent's records there are unreachable ({@value
 *       #ZONE_HIDES_RECORDS}).
 * </ul>
 *
 * A SYSTEM rule hides nothing from zones: it resolves "as if no rule existed", which is the most
 * specific zone again. A hidden name is blamed on the zone or rule that actually answers it, as the
 * data plane's {@link Precedence} decides. Names are normalized (lower case, trailing dot).
 *
 * <p>What the caller may not read is not disclosed: a zone it may not read is named by its name
 * only and its record names are counted, not listed; a rule it may not read is not named. Pure
 * functions over plain data; stateless and thread-safe.
 */
public final class ShadowLint {
  public static final String RULE_OVERRIDES_ZONE = "RuleOverridesZone";
  public static final String RULE_HIDES_RECORDS = "RuleHidesRecords";
  public static final String ZONE_HIDES_RECORDS = "ZoneHidesRecords";

  /** At most this many hidden names are listed in one warning; the rest are counted. */
  public static final int MAX_NAMES = 10;

  private ShadowLint() {}

  /**
   * A hosted zone associated with the VPC.
   *
   * @param visible whether the caller may read the zone (its id and its record names)
   * @param recordNames the names of its record sets that are to be checked: all of them for a zone
   *     that may have names hidden, none for one that can only hide
   */
  public record Zone(String id, String name, boolean visible, Collection<String> recordNames) {
    public Zone {
      recordNames = List.copyOf(new TreeSet<>(recordNames));
    }
  }

  /**
   * A resolver rule associated with the VPC.
   *
   * @param visible whether the caller may read the rule (own or shared with it, or the operator)
   */
  public record Rule(String id, String domainName, RuleType ruleType, boolean visible) {}

  /** One VPC's zones and rules, as they are after the request. */
  public record Vpc(String id, List<Zone> zones, List<Rule> rules) {
    public Vpc {
      zones = List.copyOf(zones);
      rules = List.copyOf(rules);
    }
  }

  /**
   * The names of {@code victim} answered by {@code zone} or {@code rule} (exactly one is set) in
   * the VPC. {@code names} is sorted.
   */
  record Shadow(Zone victim, Zone zone, Rule rule, List<String> names) {
    String domain() {
      return zone != null ? zone.name() : rule.domainName();
    }

    boolean overridesWholeZone() {
      return rule != null && rule.domainName().equals(victim.name());
    }
  }

  /** Warnings for a rule just associated with the VPC: what it takes from the VPC's zones. */
  public static List<LintWarning> ruleAssociated(Vpc vpc, String ruleId) {
    List<LintWarning> warnings = new ArrayList<>();
    for (Shadow shadow : shadows(vpc)) {
      if (shadow.rule() != null && shadow.rule().id().equals(ruleId)) {
        warnings.add(warning(vpc, shadow, false));
      }
    }
    return warnings;
  }

  /**
   * Warnings for a zone just associated with the VPC: what rules and more specific zones take from
   * it, and what it takes from the less specific zones of the VPC.
   */
  public static List<LintWarning> zoneAssociated(Vpc vpc, String zoneId) {
    List<LintWarning> warnings = new ArrayList<>();
    for (Shadow shadow : shadows(vpc)) {
      boolean victim = shadow.victim().id().equals(zoneId);
      boolean hides = shadow.zone() != null && shadow.zone().id().equals(zoneId);
      if (victim || hides) {
        warnings.add(warning(vpc, shadow, false));
      }
    }
    return warnings;
  }

  /**
   * Warnings for record sets just put into a zone of the VPC: which of their names the VPC's rules
   * and more specific zones answer instead. The zone's {@link Zone#recordNames} are the names put;
   * nothing put, nothing to warn of.
   */
  public static List<LintWarning> recordsPut(Vpc vpc, String zoneId) {
    List<LintWarning> warnings = new ArrayList<>();
    for (Shadow shadow : shadows(vpc)) {
      if (shadow.victim().id().equals(zoneId) && !shadow.names().isEmpty()) {
        warnings.add(warning(vpc, shadow, true));
      }
    }
    return warnings;
  }

  /**
   * Every shadow in the VPC: for each zone (in the VPC's order), a FORWARD rule at its name, then
   * the more specific zones and FORWARD rules that answer some of its record names instead, by
   * domain (at one domain the rule first). Who answers a name is decided by the data plane's own
   * {@link Precedence}.
   */
  static List<Shadow> shadows(Vpc vpc) {
    Precedence<Claimant> precedence = precedence(vpc);
    List<Shadow> shadows = new ArrayList<>();
    for (Zone victim : vpc.zones()) {
      Claimant atApex = precedence.decides(name(victim.name()));
      Rule overriding = atApex != null && atApex.kind() == RouteKind.FORWARD ? atApex.rule() : null;
      List<String> apexNames = new ArrayList<>();
      Map<Claimant, List<String>> hidden = new HashMap<>();
      for (String recordName : victim.recordNames()) {
        Claimant answerer = precedence.answers(name(recordName));
        if (answerer == null || answerer.zone() == victim) {
          continue;
        }
        if (overriding != null && answerer.rule() == overriding) {
          apexNames.add(recordName);
        } else {
          hidden.computeIfAbsent(answerer, a -> new ArrayList<>()).add(recordName);
        }
      }
      if (overriding != null) {
        shadows.add(new Shadow(victim, null, overriding, apexNames));
      }
      hidden.entrySet().stream()
          .sorted(
              Comparator.comparing((Map.Entry<Claimant, List<String>> e) -> e.getKey().text())
                  .thenComparing(e -> e.getKey().zone() != null))
          .forEach(
              e ->
                  shadows.add(
                      new Shadow(victim, e.getKey().zone(), e.getKey().rule(), e.getValue())));
    }
    return shadows;
  }

  /**
   * A zone or rule of the VPC as route precedence sees it: exactly one of {@code zone} and {@code
   * rule} is set; {@code text} is its normalized name.
   */
  private record Claimant(Name domain, String text, RouteKind kind, Zone zone, Rule rule)
      implements Precedence.Claim {}

  private static Precedence<Claimant> precedence(Vpc vpc) {
    Map<Name, Claimant> zones = new HashMap<>();
    for (Zone zone : vpc.zones()) {
      Name domain = name(zone.name());
      zones.put(domain, new Claimant(domain, zone.name(), RouteKind.HOSTED_ZONE, zone, null));
    }
    Map<Name, Claimant> rules = new HashMap<>();
    for (Rule rule : vpc.rules()) {
      Name domain = name(rule.domainName());
      RouteKind kind = rule.ruleType() == RuleType.SYSTEM ? RouteKind.SYSTEM : RouteKind.FORWARD;
      rules.put(domain, new Claimant(domain, rule.domainName(), kind, null, rule));
    }
    return Precedence.of(zones, rules);
  }

  /** A normalized name as dnsjava reads it (a dot escaped with a backslash is part of a label). */
  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name " + text, e);
    }
  }

  private static LintWarning warning(Vpc vpc, Shadow shadow, boolean listNames) {
    Zone victim = shadow.victim();
    if (shadow.overridesWholeZone()) {
      return new LintWarning(
          RULE_OVERRIDES_ZONE,
          "In VPC "
              + vpc.id()
              + ", "
              + describe(shadow.rule())
              + " forwards every name in "
              + victim.name()
              + ": it takes precedence over "
              + describe(victim)
              + ", which is not answered there."
              + (listNames ? " Unreachable there: " + count(shadow.names()) + listing(shadow) : "")
              + (listNames ? "." : ""));
    }
    String answerer =
        shadow.rule() != null
            ? describe(shadow.rule()) + " forwards"
            : describe(shadow.zone()) + " answers";
    return new LintWarning(
        shadow.rule() != null ? RULE_HIDES_RECORDS : ZONE_HIDES_RECORDS,
        "In VPC "
            + vpc.id()
            + ", "
            + answerer
            + " every name in "
            + shadow.domain()
            + ": "
            + count(shadow.names())
            + " of "
            + describe(victim)
            + " at or below "
            + shadow.domain()
            + (shadow.names().size() == 1 ? " is" : " are")
            + " unreachable there"
            + listing(shadow)
            + ".");
  }

  private static String count(List<String> names) {
    return names.size() == 1 ? "1 record name" : names.size() + " record names";
  }

  /** The first names, if the caller may read the zone they are in. */
  private static String listing(Shadow shadow) {
    List<String> names = shadow.names();
    if (!shadow.victim().visible()) {
      return "";
    }
    StringBuilder out = new StringBuilder(": ");
    out.append(String.join(", ", names.subList(0, Math.min(MAX_NAMES, names.size()))));
    if (names.size() > MAX_NAMES) {
      out.append(" (and ").append(names.size() - MAX_NAMES).append(" more)");
    }
    return out.toString();
  }

  private static String describe(Zone zone) {
    return zone.visible()
        ? "hosted zone " + zone.id() + " (" + zone.name() + ")"
        : "a hosted zone of another account (" + zone.name() + ")";
  }

  private static String describe(Rule rule) {
    return rule.visible() ? "resolver rule " + rule.id() : "a resolver rule of another account";
  }
}
