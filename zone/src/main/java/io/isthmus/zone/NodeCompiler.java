package io.isthmus.zone;

import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.zone.RoutingGroups.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Compiles the record sets stored at one name into a {@link ZoneNode} (docs/spec/resolution.md
 * sections 3 and 4): parses them, asserts the group rules, and builds one {@link RecordSetSelector}
 * per type, compiling each alias's target group under the alias's name. It reads the rest of the
 * zone only through the alias targets, so a zone compiles name by name and an update compiles only
 * the names it changes and the aliases to them. Stateless.
 */
final class NodeCompiler {
  private NodeCompiler() {}

  /**
   * Parses the record sets stored at {@code owner}, in their order.
   *
   * @param signalOf the health signal of a check id (null for none)
   * @throws IllegalArgumentException on data that cannot be parsed, an owner outside the zone, a
   *     name+type+set identifier given twice, or a group that breaks the rules of {@link
   *     RoutingGroups}
   */
  static List<ParsedRecordSet> parse(
      Name owner,
      List<RecordSet> recordSets,
      Name origin,
      Function<String, HealthSignal> signalOf) {
    if (!owner.subdomain(origin)) {
      throw new IllegalArgumentException(owner + " is outside the zone " + origin);
    }
    Set<RecordSetKey> keys = new HashSet<>();
    List<ParsedRecordSet> parsed = new ArrayList<>(recordSets.size());
    for (RecordSet rrset : recordSets) {
      if (!keys.add(rrset.key())) {
        throw new IllegalArgumentException("record set given twice: " + rrset.key());
      }
      parsed.add(parse(owner, rrset, origin, signalOf));
    }
    groups(parsed).forEach((type, group) -> checkGroup(owner, type, group));
    return List.copyOf(parsed);
  }

  private static ParsedRecordSet parse(
      Name owner, RecordSet rrset, Name origin, Function<String, HealthSignal> signalOf) {
    int type = Type.value(rrset.type());
    if (type < 0) {
      throw new IllegalArgumentException("unknown type: " + rrset);
    }
    HealthSignal signal = signalOf.apply(rrset.healthCheckId());
    if (rrset.aliasTarget() != null) {
      if (rrset.ttl() != null || !rrset.records().isEmpty()) {
        throw new IllegalArgumentException("an alias carries no ttl or records: " + rrset);
      }
      Name target = parseName(rrset.aliasTarget().dnsName());
      return new ParsedRecordSet(rrset, type, List.of(), target, signal);
    }
    if (rrset.ttl() == null || rrset.records().isEmpty()) {
      throw new IllegalArgumentException("incomplete record set: " + rrset);
    }
    List<Record> records = new ArrayList<>();
    for (String rdata : rrset.records()) {
      try {
        records.add(RdataText.parse(owner, type, rrset.ttl(), rdata, origin));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "bad " + rrset.type() + " record at " + owner + ": " + rdata, e);
      }
    }
    return new ParsedRecordSet(rrset, type, List.copyOf(records), null, signal);
  }

  /**
   * Asserts the group rules of {@link RoutingGroups} (each record set's own policy is valid by
   * construction): stored data passed {@link ChangeBatch}, so a failure here is a bug or a store
   * edited by hand, and the zone is refused rather than answered in an undefined way.
   */
  private static void checkGroup(Name owner, int type, List<ParsedRecordSet> group) {
    List<Member> members = group.stream().map(parsed -> Member.of(parsed.stored())).toList();
    if (RoutingGroups.mixesSimpleAndRouted(members)
        || RoutingGroups.routedKinds(members).size() > 1) {
      throw new IllegalArgumentException("mixed routing policies at " + describe(owner, type));
    }
    if (!RoutingGroups.overfilledRoles(members).isEmpty()) {
      throw new IllegalArgumentException(
          "a failover group has one PRIMARY and one SECONDARY at " + describe(owner, type));
    }
  }

  /**
   * The node of {@code owner} holding {@code recordSets}, parsed by {@link #parse}.
   *
   * @param recordSetsAt the parsed record sets at a name of the zone (empty where there are none),
   *     read for alias targets
   * @throws IllegalArgumentException on an alias without a valid target, or a multivalue group
   *     {@link RecordSetSelector} refuses
   */
  static ZoneNode compile(
      Name owner,
      List<ParsedRecordSet> recordSets,
      Function<Name, List<ParsedRecordSet>> recordSetsAt) {
    Map<Integer, RecordSetSelector> selectors = new LinkedHashMap<>();
    groups(recordSets)
        .forEach(
            (type, group) ->
                selectors.put(type, selector(owner, type, group, owner, recordSetsAt)));
    return ZoneNode.of(selectors, recordSets);
  }

  /** The record sets by type, types in the order they first appear. */
  private static Map<Integer, List<ParsedRecordSet>> groups(List<ParsedRecordSet> recordSets) {
    Map<Integer, List<ParsedRecordSet>> groups = new LinkedHashMap<>();
    for (ParsedRecordSet parsed : recordSets) {
      groups.computeIfAbsent(parsed.type(), type -> new ArrayList<>()).add(parsed);
    }
    return groups;
  }

  private static String describe(Name owner, int type) {
    return owner + " " + Type.string(type);
  }

  /**
   * The selector of one group, the record sets of {@code groupOwner} and {@code type}, its records
   * owned by {@code owner}: the group's own name, or the name of an alias that targets it.
   */
  private static RecordSetSelector selector(
      Name groupOwner,
      int type,
      List<ParsedRecordSet> group,
      Name owner,
      Function<Name, List<ParsedRecordSet>> recordSetsAt) {
    List<RecordSetSelector.Member> members = new ArrayList<>();
    for (ParsedRecordSet parsed : group) {
      RecordSet rrset = parsed.stored();
      RoutingPolicy policy = rrset.routing();
      int weight = policy instanceof RoutingPolicy.Weighted weighted ? weighted.weight() : 0;
      boolean primary =
          policy instanceof RoutingPolicy.Failover failover
              && failover.role() == RoutingPolicy.Role.PRIMARY;
      if (parsed.aliasTarget() == null) {
        List<Record> records = parsed.records();
        if (!owner.equals(groupOwner)) {
          records = records.stream().map(record -> record.withName(owner)).toList();
        }
        members.add(
            RecordSetSelector.Member.plain(
                rrset.setIdentifier(), weight, primary, records, parsed.signal()));
      } else {
        RecordSetSelector target = aliasTarget(groupOwner, type, parsed, owner, recordSetsAt);
        members.add(
            RecordSetSelector.Member.alias(
                rrset.setIdentifier(),
                weight,
                primary,
                target,
                parsed.signal(),
                rrset.aliasTarget().evaluateTargetHealth()));
      }
    }
    RoutingPolicy policy = group.get(0).stored().routing();
    if (policy instanceof RoutingPolicy.Simple) {
      return RecordSetSelector.single(members.get(0));
    }
    if (policy instanceof RoutingPolicy.Failover) {
      RecordSetSelector.Member primary = null;
      RecordSetSelector.Member secondary = null;
      for (RecordSetSelector.Member member : members) {
        if (member.primary) {
          primary = member;
        } else {
          secondary = member;
        }
      }
      return RecordSetSelector.failover(primary, secondary);
    }
    if (policy instanceof RoutingPolicy.Weighted) {
      return RecordSetSelector.weighted(members);
    }
    try {
      return RecordSetSelector.multiValue(members);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " at " + describe(groupOwner, type), e);
    }
  }

  /**
   * An alias's target group (same type, same zone), compiled under {@code owner}, the alias's name.
   * Aliases do not target aliases (see {@link ChangeBatch}), so this recurses once at most.
   */
  private static RecordSetSelector aliasTarget(
      Name aliasOwner,
      int type,
      ParsedRecordSet alias,
      Name owner,
      Function<Name, List<ParsedRecordSet>> recordSetsAt) {
    Name targetOwner = alias.aliasTarget();
    List<ParsedRecordSet> target =
        recordSetsAt.apply(targetOwner).stream().filter(parsed -> parsed.type() == type).toList();
    if (target.isEmpty()) {
      throw new IllegalArgumentException(
          "alias at "
              + describe(aliasOwner, type)
              + " targets "
              + describe(targetOwner, type)
              + ", which is missing");
    }
    for (ParsedRecordSet member : target) {
      if (member.aliasTarget() != null) {
        throw new IllegalArgumentException(
            "alias at "
                + describe(aliasOwner, type)
                + " targets the alias "
                + describe(targetOwner, type));
      }
    }
    return selector(targetOwner, type, target, owner, recordSetsAt);
  }

  /**
   * {@code text} as an absolute name.
   *
   * @throws IllegalArgumentException if it is not a valid absolute name
   */
  static Name parseName(String text) {
    try {
      Name name = Name.fromString(text);
      if (!name.isAbsolute()) {
        throw new IllegalArgumentException("name is not absolute: " + text);
      }
      return name;
    } catch (TextParseException e) {
      throw new IllegalArgumentException("invalid name " + text + ": " + e.getMessage(), e);
    }
  }
}
