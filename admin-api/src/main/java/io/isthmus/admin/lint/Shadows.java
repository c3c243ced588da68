package io.isthmus.admin.lint;

import io.isthmus.admin.auth.Caller;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.DnsNames;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link ShadowLint} over the stored configuration. Called inside the write that made the change,
 * so it sees the VPC as the change left it, and reads the record names only of the zones that can
 * lose names to the change: a VPC's other zones are looked at by name only. Stateless.
 */
public final class Shadows {
  private Shadows() {}

  /** After a rule was associated with a VPC: the zones it takes names from. */
  public static List<LintWarning> ofRuleAssociation(
      ConfigReader reader, Caller caller, ResolverRule rule, String vpcId) {
    // Only a zone at or above the rule's domain can lose names to it.
    ShadowLint.Vpc vpc =
        vpc(
            reader,
            caller,
            vpcId,
            zone ->
                DnsNames.isAtOrBelow(rule.domainName(), zone.name())
                    ? recordNames(reader, zone.id())
                    : List.of());
    return ShadowLint.ruleAssociated(vpc, rule.id());
  }

  /**
   * After a zone was associated with a VPC (or created in it): the names of the zone that the VPC's
   * rules and more specific zones take, and the names the zone takes from less specific ones.
   */
  public static List<LintWarning> ofZoneAssociation(
      ConfigReader reader, Caller caller, HostedZone zone, String vpcId) {
    // The zone's own names matter only if a rule or another zone of the VPC claims names at or
    // below its apex: most zones have none, and a zone of half a million names is not read for
    // nothing.
    boolean claimedBelow =
        otherDomains(reader, vpcId, zone.id()).stream()
            .anyMatch(domain -> DnsNames.isAtOrBelow(domain, zone.name()));
    ShadowLint.Vpc vpc =
        vpc(
            reader,
            caller,
            vpcId,
            other ->
                DnsNames.isAtOrBelow(zone.name(), other.name())
                        && (claimedBelow || !other.id().equals(zone.id()))
                    ? recordNames(reader, other.id())
                    : List.of());
    return ShadowLint.zoneAssociated(vpc, zone.id());
  }

  /**
   * After a change batch put record sets of these names into the zone: which of them a rule or a
   * more specific zone answers instead, in each VPC of the zone.
   */
  public static List<LintWarning> ofRecordSets(
      ConfigReader reader, Caller caller, HostedZone zone, Collection<String> names) {
    List<LintWarning> warnings = new ArrayList<>();
    List<String> claimable = claimable(reader, zone, names);
    if (claimable.isEmpty()) {
      return warnings;
    }
    for (String vpcId : reader.associatedVpcIds(zone.id())) {
      ShadowLint.Vpc vpc =
          vpc(reader, caller, vpcId, other -> other.id().equals(zone.id()) ? claimable : List.of());
      warnings.addAll(ShadowLint.recordsPut(vpc, zone.id()));
    }
    return warnings;
  }

  /**
   * The names of {@code names} that some zone below the zone's apex, or some FORWARD rule at or
   * below it, could take in a VPC: only they can be hidden. Most zones have no such claimant, and
   * then the lint reads nothing per VPC (a zone in a hundred VPCs costs one read, not a thousand,
   * per change).
   */
  private static List<String> claimable(
      ConfigReader reader, HostedZone zone, Collection<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    Set<String> claimants = reader.domainsClaimingBelow(zone.name());
    if (claimants.isEmpty()) {
      return List.of();
    }
    return names.stream()
        .filter(name -> claimants.stream().anyMatch(domain -> DnsNames.isAtOrBelow(name, domain)))
        .toList();
  }

  /** The VPC's zones in name order, each with the record names {@code names} gives it. */
  private static ShadowLint.Vpc vpc(
      ConfigReader reader,
      Caller caller,
      String vpcId,
      Function<HostedZone, Collection<String>> names) {
    List<ShadowLint.Zone> zones =
        reader.associatedZoneIds(vpcId).stream()
            .map(reader::zone)
            .flatMap(Optional::stream)
            .sorted(Comparator.comparing(HostedZone::name).thenComparing(HostedZone::id))
            .map(
                zone ->
                    new ShadowLint.Zone(
                        zone.id(),
                        zone.name(),
                        caller.canRead(zone.accountId()),
                        names.apply(zone)))
            .toList();
    List<ShadowLint.Rule> rules = new ArrayList<>();
    for (RuleAssociation association : reader.ruleAssociations(vpcId)) {
      reader
          .rule(association.ruleId())
          .ifPresent(
              rule ->
                  rules.add(
                      new ShadowLint.Rule(
                          rule.id(),
                          rule.domainName(),
                          rule.ruleType(),
                          caller.canRead(rule.ownerId()) || isSharedWith(reader, rule, caller))));
    }
    return new ShadowLint.Vpc(vpcId, zones, rules);
  }

  /** The domains of the VPC's rules and of its zones other than {@code zoneId}. */
  private static List<String> otherDomains(ConfigReader reader, String vpcId, String zoneId) {
    List<String> domains = new ArrayList<>();
    for (String other : reader.associatedZoneIds(vpcId)) {
      if (!other.equals(zoneId)) {
        reader.zone(other).ifPresent(zone -> domains.add(zone.name()));
      }
    }
    for (RuleAssociation association : reader.ruleAssociations(vpcId)) {
      reader.rule(association.ruleId()).ifPresent(rule -> domains.add(rule.domainName()));
    }
    return domains;
  }

  private static boolean isSharedWith(ConfigReader reader, ResolverRule rule, Caller caller) {
    return !caller.isOperator() && reader.ruleShares(rule.id()).contains(caller.account().id());
  }

  private static List<String> recordNames(ConfigReader reader, String zoneId) {
    return reader.recordSets(zoneId).stream().map(RecordSet::name).distinct().toList();
  }
}
