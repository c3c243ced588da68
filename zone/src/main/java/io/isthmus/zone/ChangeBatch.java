package io.isthmus.zone;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingFields;
import io.isthmus.config.RoutingPolicy.Role;
import io.isthmus.zone.RoutingGroups.Key;
import io.isthmus.zone.RoutingGroups.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Validation and application of a change batch ({@code POST /v1/hostedzones/{id}/rrsets/changes},
 * docs/spec/admin-api.md "Record sets"). The changes are applied in order to a working copy of the
 * zone's record sets; the batch succeeds as a whole or not at all, and every problem found is
 * reported, each with the path of the offending field ({@code changes[2].rrset.records[0]}).
 *
 * <p>RDATA is read in zone-file presentation format. <b>Relative names inside RDATA</b> (an MX
 * exchange written {@code mail}) are taken as relative to the zone origin, exactly as a zone file
 * with {@code $ORIGIN} set to the zone would read them (RFC 1035 section 5.1); they are stored
 * absolute. Stored records are canonical: dnsjava's presentation of the record after a round trip
 * through the canonical wire form of RFC 4034 section 6.2, so domain names inside RDATA are lower
 * case and {@code "10 Mail.Example.com."} and {@code "10 mail.example.com."} are the same record.
 *
 * <p><b>Routing policies</b> (docs/spec/resolution.md section 4). A name and type holds either one
 * simple record set or a group of routed record sets, each with a set identifier (1..128
 * characters) unique within the group and exactly one policy: {@code failover} (PRIMARY or
 * SECONDARY, at most one of each per group; a group may hold just one of them), {@code weight}
 * (0..255) or {@code multiValueAnswer} (true; false is rejected rather than read as "no policy").
 * Policies do not mix at one name and type, nor do simple and routed sets. Latency routing ({@code
 * region}) is rejected. Group rules are checked on the batch's final working copy, so DELETE then
 * CREATE of a failover primary works in one batch. SOA and NS record sets are never routed or
 * aliased (they belong to the zone apex and to delegation data). A multivalue answer cannot be a
 * CNAME (a name has one CNAME, RFC 2181 section 10.1) nor an alias (Route 53 has no multivalue
 * alias records); failover and weighted CNAME groups are allowed and, like a simple CNAME, exclude
 * other types at the name.
 *
 * <p><b>Health checks.</b> {@code healthCheckId} must name a check for which {@code
 * healthCheckExists} holds (the caller passes its own checks only); it is not looked up for a
 * DELETE, whose values must match the stored set anyway. A <em>simple</em> record set may carry a
 * health check, as Route 53 allows: it never changes that set's own answer (there is nothing to
 * fail over to), but it is the health an alias with {@code evaluateTargetHealth} sees when it
 * targets the set.
 *
 * <p><b>Alias record sets</b> (docs/spec/resolution.md section 3) carry an {@code aliasTarget} and
 * neither ttl nor records. The target name must hold a record set of the same type in this zone in
 * the final working copy (a routed group is fine: the alias answers with its selection). An alias
 * never targets its own name, and <b>aliases are not chained</b>: the target group may not contain
 * an alias, so no loop can form and a query follows at most one alias. This holds both ways: an
 * alias to a group holding an alias, and an alias put into a group another alias targets, are
 * rejected. DELETE of the last record set an alias still targets is rejected too.
 *
 * <p>DELETE must repeat the stored values: ttl and records, and also the routing policy, health
 * check and alias target of a routed or alias set (Route 53 deletes only what the client has seen).
 * Stateless and thread-safe.
 */
public final class ChangeBatch {
  /** The most records one batch may carry, counted over all its changes (Route 53's quota). */
  public static final int MAX_RECORDS = 1000;

  /** TTLs are unsigned 32-bit numbers whose top bit must be zero (RFC 2181 section 8). */
  private static final long MAX_TTL = Integer.MAX_VALUE;

  /** The record types a hosted zone holds (docs/spec/resolution.md section 3). */
  private static final Set<String> SUPPORTED_TYPES =
      Set.of(
          "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "CAA", "NS", "SOA", "NAPTR", "SPF",
          "SSHFP", "TLSA", "SVCB", "HTTPS", "DS");

  /** Route 53's limit on a set identifier's length. */
  static final int MAX_SET_IDENTIFIER_LENGTH = 128;

  private enum Action {
    CREATE,
    DELETE,
    UPSERT
  }

  /**
   * A change whose action, name and type are valid, so its effect on the working copy is known.
   * {@code complete} is false when the ttl, records or routing fields have errors.
   */
  private record Checked(Action action, RecordSetSpec rrset, boolean complete) {}

  /**
   * Indexes of the last change that did something, for errors found in the final working copy: the
   * change that put a record set per name and per group, that put an alias record set per key (only
   * aliases are looked up by key), and that deleted one per group.
   */
  private static final class Touched {
    final Map<String, Integer> putByName;
    final Map<Key, Integer> putByGroup;
    final Map<RecordSetKey, Integer> aliasPutByKey = new HashMap<>();
    final Map<Key, Integer> deletedByGroup = new HashMap<>();

    Touched(int changes) {
      putByName = new LinkedHashMap<>(capacity(changes));
      putByGroup = new LinkedHashMap<>(capacity(changes));
    }
  }

  /** The initial capacity of a hash map that holds {@code entries} without growing. */
  private static int capacity(int entries) {
    return (int) (entries / 0.75f) + 1;
  }

  private ChangeBatch() {}

  /**
   * The owner names whose record sets {@link #apply} reads for {@code changes}: the names the
   * changes put or delete at and the names their aliases target. Stored data is valid, so nothing
   * elsewhere in the zone can decide the batch but the aliases that target these names: {@code
   * existing} may hold just the record sets {@link #inScope} of these names instead of the whole
   * zone, which keeps a change to a zone of a million records as cheap as one to a small zone.
   * Names that are invalid or outside the zone are left out ({@link #apply} reports them).
   */
  public static Set<String> namesRead(String zoneName, List<RecordChange> changes) {
    String zone =
        DnsNames.normalize(zoneName)
            .orElseThrow(() -> new IllegalArgumentException("invalid zone name: " + zoneName));
    Set<String> names = new HashSet<>();
    for (RecordChange change : changes == null ? List.<RecordChange>of() : changes) {
      RecordSetSpec rrset = change == null ? null : change.rrset();
      if (rrset == null) {
        continue;
      }
      addInZone(rrset.name(), zone, names);
      if (rrset.aliasTarget() != null) {
        addInZone(rrset.aliasTarget().dnsName(), zone, names);
      }
    }
    return names;
  }

  private static void addInZone(String input, String zone, Set<String> names) {
    if (input != null) {
      DnsNames.normalize(input)
          .filter(name -> DnsNames.isAtOrBelow(name, zone))
          .ifPresent(names::add);
    }
  }

  /**
   * Whether {@link #apply} needs the stored record set for a batch that reads {@code names} ({@link
   * #namesRead}): it is at one of them, or an alias that targets one.
   */
  public static boolean inScope(RecordSet recordSet, Set<String> names) {
    return names.contains(recordSet.name())
        || (recordSet.aliasTarget() != null && names.contains(recordSet.aliasTarget().dnsName()));
  }

  /**
   * Validates and applies changes in order on a working copy of {@code existing} (all-or-nothing).
   *
   * @param zoneName the zone's name, normalized here (trailing dot, case and IDN do not matter)
   * @param existing the zone's current record sets, as stored (normalized, canonical records): all
   *     of them, or those {@link #inScope} of {@link #namesRead} (then {@link Result#recordSets}
   *     holds only those too)
   * @param changes the client's changes, in order; null entries and fields are reported as errors
   * @param healthCheckExists whether a health check id names an existing health check
   * @return errors, or the new full list of record sets with the minimal diff the store applies
   * @throws IllegalArgumentException if {@code zoneName} is not a valid DNS name (a server bug)
   */
  public static Result apply(
      String zoneName,
      List<RecordSet> existing,
      List<RecordChange> changes,
      Predicate<String> healthCheckExists) {
    return apply(zoneName, existing, changes, healthCheckExists, MAX_RECORDS, false);
  }

  /**
   * The batch of a zone file import ({@link #apply(String, List, List, Predicate)} otherwise): no
   * limit on its records (the caller bounds the file), no health checks (a master file cannot name
   * one), and each change checked on its own on all cores once there are {@value
   * #CONCURRENT_CHECKS} or more. The checks of one change do not depend on another's (their order
   * only matters to the working copy, still built in order, and to the order of the errors, kept);
   * on two cores they took half their time off a 500,000-record import.
   */
  public static Result applyZoneFile(
      String zoneName, List<RecordSet> existing, List<RecordChange> changes) {
    return apply(
        zoneName,
        existing,
        changes,
        id -> false,
        Integer.MAX_VALUE,
        changes != null && changes.size() >= CONCURRENT_CHECKS);
  }

  /** How many changes a zone file's batch needs to be checked on several threads. */
  static final int CONCURRENT_CHECKS = 4096;

  private static Result apply(
      String zoneName,
      List<RecordSet> existing,
      List<RecordChange> changes,
      Predicate<String> healthCheckExists,
      int maxRecords,
      boolean concurrentChecks) {
    String zone =
        DnsNames.normalize(zoneName)
            .orElseThrow(() -> new IllegalArgumentException("invalid zone name: " + zoneName));
    Name origin = Name.fromConstantString(zone);
    // Sized up front: a zone file import puts hundreds of thousands of sets, and growing these maps
    // step by step rehashed each of them about once more (4 % of such an import's time).
    int size = existing.size() + (changes == null ? 0 : changes.size());
    Map<RecordSetKey, RecordSet> before = new LinkedHashMap<>(capacity(existing.size()));
    existing.forEach(rrset -> before.put(rrset.key(), rrset));
    // The working copy holds specs: a change's routing fields are read as a policy only once the
    // whole batch is valid, and the group rules still see the policy an invalid change asks for.
    Map<RecordSetKey, RecordSetSpec> working = new LinkedHashMap<>(capacity(size));
    existing.forEach(rrset -> working.put(rrset.key(), RecordSetSpec.of(rrset)));
    List<FieldError> errors = new ArrayList<>();

    if (changes == null || changes.isEmpty()) {
      errors.add(new FieldError("changes", "at least one change is required"));
    } else {
      // Where this batch put or deleted record sets: the only places where it can have created a
      // conflict (existing data is valid).
      Touched touched = new Touched(changes.size());
      CheckOutcome[] outcomes = new CheckOutcome[changes.size()];
      IntStream indexes = IntStream.range(0, changes.size());
      (concurrentChecks ? indexes.parallel() : indexes)
          .forEach(i -> outcomes[i] = checkOne(i, changes.get(i), zone, origin, healthCheckExists));
      int recordCount = 0;
      for (int i = 0; i < outcomes.length; i++) {
        CheckOutcome outcome = outcomes[i];
        errors.addAll(outcome.errors());
        recordCount += outcome.records();
        if (outcome.checked() != null) {
          applyTo(working, "changes[" + i + "]", i, outcome.checked(), zone, touched, errors);
        }
      }
      if (recordCount > maxRecords) {
        errors.add(
            new FieldError(
                "changes", "more than " + maxRecords + " records in one batch: " + recordCount));
      }
      Map<String, Set<String>> typesByName = typesAtCnames(working, touched.putByName.keySet());
      touched.putByName.forEach(
          (name, index) -> checkCnameAlone(typesByName.get(name), name, index, zone, errors));
      Groups groups = Groups.of(working);
      touched.putByGroup.forEach(
          (group, index) -> {
            if (groups.routed.containsKey(group)) {
              checkGroup(group, groups.routed.get(group), index, errors);
            }
          });
      checkAliases(working, groups, touched, errors);
    }

    if (!errors.isEmpty()) {
      return new Result(errors, existing, List.of(), List.of());
    }
    List<RecordSetKey> deleted = new ArrayList<>();
    before.keySet().stream().filter(key -> !working.containsKey(key)).forEach(deleted::add);
    List<RecordSet> recordSets = new ArrayList<>();
    List<RecordSet> put = new ArrayList<>();
    working.forEach(
        (key, spec) -> {
          RecordSet rrset = spec.toRecordSet();
          recordSets.add(rrset);
          if (!rrset.equals(before.get(key))) {
            put.add(rrset);
          }
        });
    return new Result(List.of(), recordSets, deleted, put);
  }

  /** What {@link #checkOne} found of change {@code i}: {@code checked} null if it cannot apply. */
  private record CheckOutcome(Checked checked, List<FieldError> errors, int records) {}

  private static CheckOutcome checkOne(
      int i, RecordChange change, String zone, Name origin, Predicate<String> healthCheckExists) {
    String path = "changes[" + i + "]";
    List<FieldError> errors = new ArrayList<>(0);
    if (change == null) {
      errors.add(new FieldError(path, "change is required"));
      return new CheckOutcome(null, errors, 0);
    }
    int records = change.rrset() == null ? 0 : change.rrset().records().size();
    Checked checked = check(path, change, zone, origin, healthCheckExists, errors).orElse(null);
    return new CheckOutcome(checked, errors, records);
  }

  /**
   * Checks one change on its own and returns it normalized if its effect on the working copy can be
   * computed (valid action, name and type).
   */
  private static Optional<Checked> check(
      String path,
      RecordChange change,
      String zone,
      Name origin,
      Predicate<String> healthCheckExists,
      List<FieldError> errors) {
    int errorsBefore = errors.size();
    Action action = checkAction(path, change.action(), errors);
    RecordSetSpec rrset = change.rrset();
    if (rrset == null) {
      errors.add(new FieldError(path + ".rrset", "rrset is required"));
      return Optional.empty();
    }
    String at = path + ".rrset";
    String name = checkName(at, rrset.name(), zone, errors);
    String type = checkType(at, rrset.type(), errors);
    if (name != null && type != null) {
      checkPlacement(at, action, name, type, zone, errors);
    }
    checkRouting(at, action, rrset, type, healthCheckExists, errors);
    AliasTarget alias = checkAlias(at, rrset, name, type, zone, errors);
    List<String> records = List.of();
    // An alias record set carries neither ttl nor records (docs/spec/resolution.md section 3).
    if (rrset.aliasTarget() == null) {
      checkTtl(at, rrset.ttl(), errors);
      if (name != null && type != null) {
        records = checkRecords(at, rrset, type, origin, errors);
      }
    }
    if (action == null || name == null || type == null) {
      return Optional.empty();
    }
    RecordSetSpec normalized =
        new RecordSetSpec(
            name,
            type,
            rrset.ttl(),
            records,
            rrset.setIdentifier(),
            rrset.routing(),
            rrset.healthCheckId(),
            alias);
    return Optional.of(new Checked(action, normalized, errors.size() == errorsBefore));
  }

  private static Action checkAction(String path, String action, List<FieldError> errors) {
    if (action != null) {
      for (Action candidate : Action.values()) {
        if (candidate.name().equals(action)) {
          return candidate;
        }
      }
    }
    errors.add(new FieldError(path + ".action", "action must be CREATE, DELETE or UPSERT"));
    return null;
  }

  private static String checkName(String at, String input, String zone, List<FieldError> errors) {
    if (input == null) {
      errors.add(new FieldError(at + ".name", "name is required"));
      return null;
    }
    Optional<String> name = DnsNames.normalize(input);
    if (name.isEmpty()) {
      errors.add(new FieldError(at + ".name", "invalid DNS name"));
      return null;
    }
    if (!DnsNames.isAtOrBelow(name.get(), zone)) {
      errors.add(new FieldError(at + ".name", "name outside the zone " + zone));
      return null;
    }
    return name.get();
  }

  private static String checkType(String at, String input, List<FieldError> errors) {
    if (input == null) {
      errors.add(new FieldError(at + ".type", "type is required"));
      return null;
    }
    String type = input.trim().toUpperCase(Locale.ROOT);
    if (!SUPPORTED_TYPES.contains(type)) {
      errors.add(new FieldError(at + ".type", "unsupported record type " + input));
      return null;
    }
    return type;
  }

  /** Types that are only allowed at some names. */
  private static void checkPlacement(
      String at, Action action, String name, String type, String zone, List<FieldError> errors) {
    boolean apex = name.equals(zone);
    if (type.equals("SOA") && !apex) {
      // One SOA per zone, at its top (RFC 1035 section 5.2).
      errors.add(new FieldError(at + ".type", "SOA is only allowed at the zone apex"));
    }
    if (type.equals("CNAME") && apex && action != Action.DELETE) {
      // The apex always holds SOA and NS, and a CNAME owner has no other data (RFC 1034 3.6.2).
      errors.add(new FieldError(at + ".type", "CNAME is not allowed at the zone apex"));
    }
  }

  /**
   * The routing fields of one record set on their own: a set identifier with exactly one valid
   * policy ({@link RoutingFields#errors()}), or neither; a known health check. Group rules are
   * checked later on the final state.
   */
  private static void checkRouting(
      String at,
      Action action,
      RecordSetSpec rrset,
      String type,
      Predicate<String> healthCheckExists,
      List<FieldError> errors) {
    String setIdentifier = rrset.setIdentifier();
    if (setIdentifier != null
        && (setIdentifier.isEmpty() || setIdentifier.length() > MAX_SET_IDENTIFIER_LENGTH)) {
      errors.add(
          new FieldError(
              at + ".setIdentifier",
              "setIdentifier must be 1.." + MAX_SET_IDENTIFIER_LENGTH + " characters"));
    }
    RoutingFields routing = rrset.routing();
    routing
        .errors()
        .forEach(error -> errors.add(new FieldError(at + "." + error.field(), error.message())));
    if (Boolean.TRUE.equals(routing.multiValueAnswer()) && "CNAME".equals(type)) {
      // A name has at most one CNAME (RFC 2181 section 10.1): merging several is not an answer.
      errors.add(
          new FieldError(
              at + ".multiValueAnswer", "a CNAME record set cannot be a multivalue answer"));
    }
    if (routing.latency()) {
      // docs/spec/resolution.md section 4: latency routing comes later.
      errors.add(new FieldError(at + ".region", RoutingFields.LATENCY_NOT_SUPPORTED));
    }
    List<String> policies = routing.policyFields();
    if (!policies.isEmpty() && setIdentifier == null) {
      errors.add(
          new FieldError(at + ".setIdentifier", "setIdentifier is required with a routing policy"));
    }
    if (setIdentifier != null && policies.isEmpty() && !routing.latency()) {
      errors.add(
          new FieldError(
              at + ".setIdentifier",
              "a record set with a setIdentifier needs a routing policy:"
                  + " failover, weight or multiValueAnswer"));
    }
    if (policies.size() > 1) {
      errors.add(
          new FieldError(
              at, "a record set has one routing policy, not " + String.join(" and ", policies)));
    }
    boolean routed = setIdentifier != null || !policies.isEmpty() || routing.latency();
    if (routed && ("SOA".equals(type) || "NS".equals(type))) {
      errors.add(new FieldError(at + ".type", type + " record sets cannot have a routing policy"));
    }
    if (rrset.healthCheckId() != null
        && action != Action.DELETE
        && !healthCheckExists.test(rrset.healthCheckId())) {
      errors.add(new FieldError(at + ".healthCheckId", "unknown health check"));
    }
  }

  /**
   * The alias fields of one record set on their own (docs/spec/resolution.md section 3): no ttl or
   * records, a target name in the zone other than its own. Whether the target exists is checked
   * later on the final state.
   *
   * @return the alias target with its name normalized; its name is null when invalid (so the final
   *     state is not checked for it again), and null without an alias target
   */
  private static AliasTarget checkAlias(
      String at,
      RecordSetSpec rrset,
      String name,
      String type,
      String zone,
      List<FieldError> errors) {
    AliasTarget alias = rrset.aliasTarget();
    if (alias == null) {
      return null;
    }
    if (rrset.ttl() != null) {
      errors.add(
          new FieldError(
              at + ".ttl", "an alias record set has no ttl: it answers with its target's"));
    }
    if (!rrset.records().isEmpty()) {
      errors.add(new FieldError(at + ".records", "an alias record set has no records"));
    }
    if ("SOA".equals(type) || "NS".equals(type)) {
      errors.add(new FieldError(at + ".aliasTarget", type + " record sets cannot be aliases"));
    }
    if (rrset.routing().multiValueAnswer() != null) {
      // Route 53 has no multivalue alias records: merging several aliases' selections is undefined.
      errors.add(
          new FieldError(at + ".aliasTarget", "a multivalue answer record set cannot be an alias"));
    }
    String field = at + ".aliasTarget.dnsName";
    AliasTarget invalid = new AliasTarget(null, alias.evaluateTargetHealth());
    if (alias.dnsName() == null) {
      errors.add(new FieldError(field, "dnsName is required"));
      return invalid;
    }
    Optional<String> target = DnsNames.normalize(alias.dnsName());
    if (target.isEmpty()) {
      errors.add(new FieldError(field, "invalid DNS name"));
      return invalid;
    }
    if (!DnsNames.isAtOrBelow(target.get(), zone)) {
      // Route 53 aliases to other record sets point into the same hosted zone.
      errors.add(new FieldError(field, "alias target outside the zone " + zone));
      return invalid;
    }
    if (target.get().equals(name)) {
      errors.add(new FieldError(field, "an alias cannot target its own name"));
    }
    return new AliasTarget(target.get(), alias.evaluateTargetHealth());
  }

  private static void checkTtl(String at, Long ttl, List<FieldError> errors) {
    if (ttl == null) {
      errors.add(new FieldError(at + ".ttl", "ttl is required"));
    } else if (ttl < 0 || ttl > MAX_TTL) {
      errors.add(new FieldError(at + ".ttl", "ttl must be within 0.." + MAX_TTL));
    }
  }

  /** Parses every record as RDATA of the type and returns the canonical presentations. */
  private static List<String> checkRecords(
      String at, RecordSetSpec rrset, String type, Name origin, List<FieldError> errors) {
    List<String> input = rrset.records();
    if (input.isEmpty()) {
      errors.add(new FieldError(at + ".records", "at least one record is required"));
      return List.of();
    }
    if ((type.equals("CNAME") || type.equals("SOA")) && input.size() > 1) {
      // RFC 2181 section 10.1 (one CNAME per name), RFC 1035 section 5.2 (one SOA per zone).
      errors.add(
          new FieldError(at + ".records", "a " + type + " record set has exactly one record"));
    }
    // The RDATA's presentation does not depend on its owner: the zone's name, parsed once, stands
    // in
    // (parsing every owner again was 3 % of a zone file import).
    Name owner = origin;
    int typeCode = Type.value(type);
    long ttl = rrset.ttl() == null ? 0 : Math.max(0, Math.min(rrset.ttl(), MAX_TTL));
    List<String> canonical = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int j = 0; j < input.size(); j++) {
      String field = at + ".records[" + j + "]";
      String rdata = input.get(j);
      if (rdata == null) {
        errors.add(new FieldError(field, "record is required"));
        continue;
      }
      try {
        String text = canonicalRdata(owner, typeCode, ttl, rdata, origin);
        if (seen.add(text)) {
          canonical.add(text);
        } else {
          // An RRset is a set (RFC 2181 section 5).
          errors.add(new FieldError(field, "duplicate record"));
        }
      } catch (Exception e) { // dnsjava reports bad input with checked and unchecked exceptions
        errors.add(new FieldError(field, "invalid " + type + " record: " + reason(e)));
      }
    }
    return canonical;
  }

  /**
   * dnsjava's presentation of the RDATA after a round trip through the canonical wire form (RFC
   * 4034 section 6.2), which lower-cases the domain names inside it.
   */
  static String canonicalRdata(Name owner, int type, long ttl, String rdata, Name origin)
      throws java.io.IOException {
    Record parsed = RdataText.parse(owner, type, ttl, rdata, origin);
    if (RdataText.isAddress(type)) {
      return parsed.rdataToString(); // no names inside: already canonical
    }
    return Record.newRecord(owner, type, DClass.IN, ttl, parsed.rdataToWireCanonical())
        .rdataToString();
  }

  /** dnsjava's message without the tokenizer's "{@code <none>:1: }" position prefix. */
  private static String reason(Exception e) {
    String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    return message.replaceFirst("^<none>:\\d+: ", "");
  }

  /**
   * Applies a checked change to the working copy, reporting a conflict with its state instead, and
   * notes in {@code touched} what the change did.
   */
  private static void applyTo(
      Map<RecordSetKey, RecordSetSpec> working,
      String path,
      int index,
      Checked change,
      String zone,
      Touched touched,
      List<FieldError> errors) {
    RecordSetSpec rrset = change.rrset();
    RecordSetSpec current = working.get(rrset.key());
    switch (change.action()) {
      case CREATE:
        if (current != null) {
          errors.add(new FieldError(path + ".rrset", "record set already exists"));
          return;
        }
        put(working, index, rrset, touched);
        return;
      case UPSERT:
        put(working, index, rrset, touched);
        return;
      case DELETE:
        boolean apexSoaOrNs =
            rrset.name().equals(zone) && (rrset.type().equals("SOA") || rrset.type().equals("NS"));
        if (apexSoaOrNs) {
          // They live and die with the zone (docs/spec/resolution.md section 3); UPSERT changes
          // them.
          errors.add(
              new FieldError(
                  path + ".action", "the apex SOA and NS record sets cannot be deleted"));
        } else if (current == null) {
          errors.add(new FieldError(path + ".rrset", "record set not found"));
        } else if (change.complete() && differs(current, rrset) != null) {
          // Route 53 deletes only what the client has seen.
          errors.add(new FieldError(path + ".rrset", differs(current, rrset)));
        } else {
          working.remove(rrset.key());
          touched.deletedByGroup.put(Key.of(rrset), index);
        }
        return;
      default:
        throw new IllegalStateException("unknown action " + change.action());
    }
  }

  private static void put(
      Map<RecordSetKey, RecordSetSpec> working, int index, RecordSetSpec rrset, Touched touched) {
    working.put(rrset.key(), rrset);
    touched.putByName.put(rrset.name(), index);
    touched.putByGroup.put(Key.of(rrset), index);
    if (rrset.aliasTarget() != null) {
      touched.aliasPutByKey.put(rrset.key(), index);
    }
  }

  /** Why a DELETE's values do not match the stored set, or null when they do. */
  private static String differs(RecordSetSpec stored, RecordSetSpec given) {
    if (!Objects.equals(stored.ttl(), given.ttl())
        || !Set.copyOf(stored.records()).equals(Set.copyOf(given.records()))) {
      return "ttl and records differ from the stored record set";
    }
    List<String> fields = new ArrayList<>();
    RoutingFields was = stored.routing();
    RoutingFields is = given.routing();
    if (!Objects.equals(was.failover(), is.failover())) {
      fields.add("failover");
    }
    if (!Objects.equals(was.weight(), is.weight())) {
      fields.add("weight");
    }
    if (!Objects.equals(was.multiValueAnswer(), is.multiValueAnswer())) {
      fields.add("multiValueAnswer");
    }
    if (!Objects.equals(was.region(), is.region())) {
      fields.add("region");
    }
    if (!Objects.equals(stored.healthCheckId(), given.healthCheckId())) {
      fields.add("healthCheckId");
    }
    if (!Objects.equals(stored.aliasTarget(), given.aliasTarget())) {
      fields.add("aliasTarget");
    }
    return fields.isEmpty()
        ? null
        : String.join(", ", fields) + " differ from the stored record set";
  }

  /**
   * A CNAME owner has no other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1), checked in the
   * resulting state at a name the batch put a record set at. The apex is left out: a CNAME there is
   * already reported by {@link #checkPlacement}.
   */
  private static void checkCnameAlone(
      Set<String> types, String name, int index, String zone, List<FieldError> errors) {
    if (types != null && !name.equals(zone) && types.contains("CNAME") && types.size() > 1) {
      errors.add(
          new FieldError(
              "changes[" + index + "].rrset.type",
              "CNAME cannot coexist with other record types at " + name));
    }
  }

  /**
   * The types at each of {@code names} that holds a CNAME in the working copy, the only names
   * {@link #checkCnameAlone} can object to, in two passes over it: a zone file import puts every
   * name of the zone, and neither a scan of the working copy per name (quadratic) nor a set of
   * types for each of its names (a million objects) is needed to find the few CNAME owners.
   */
  private static Map<String, Set<String>> typesAtCnames(
      Map<RecordSetKey, RecordSetSpec> working, Set<String> names) {
    Map<String, Set<String>> types = new HashMap<>();
    for (RecordSetKey key : working.keySet()) {
      if (key.type().equals("CNAME") && names.contains(key.name())) {
        types.put(key.name(), new HashSet<>());
      }
    }
    if (!types.isEmpty()) {
      for (RecordSetKey key : working.keySet()) {
        Set<String> atName = types.get(key.name());
        if (atName != null) {
          atName.add(key.type());
        }
      }
    }
    return types;
  }

  /**
   * The groups of the working copy that the group and alias rules need. A group holds more than one
   * record set only if one of them has a set identifier (keys are unique), and a group of one
   * breaks no group rule: so only the groups with a routed member are collected, and any other
   * group is its simple record set alone, looked up by key. A zone file of simple record sets then
   * costs no group object at all.
   */
  private static final class Groups {
    /** The groups with at least one member that has a set identifier: all their members. */
    final Map<Key, List<RecordSetSpec>> routed = new HashMap<>();

    private final Map<RecordSetKey, RecordSetSpec> working;

    private Groups(Map<RecordSetKey, RecordSetSpec> working) {
      this.working = working;
    }

    static Groups of(Map<RecordSetKey, RecordSetSpec> working) {
      Groups groups = new Groups(working);
      working.forEach(
          (key, rrset) -> {
            if (key.setIdentifier() != null) {
              groups.routed.computeIfAbsent(Key.of(rrset), k -> new ArrayList<>()).add(rrset);
            }
          });
      groups.routed.forEach(
          (group, members) -> {
            RecordSetSpec simple = working.get(new RecordSetKey(group.name(), group.type(), null));
            if (simple != null) {
              members.add(simple);
            }
          });
      return groups;
    }

    /** The members of {@code group}, or null if it has none. */
    List<RecordSetSpec> get(Key group) {
      List<RecordSetSpec> members = routed.get(group);
      if (members != null) {
        return members;
      }
      RecordSetSpec simple = working.get(new RecordSetKey(group.name(), group.type(), null));
      return simple == null ? null : List.of(simple);
    }
  }

  /**
   * The rules of {@link RoutingGroups} on the final state of a group the batch put a record set in,
   * reported at the last change that put a set in the group.
   */
  private static void checkGroup(
      Key group, List<RecordSetSpec> sets, int index, List<FieldError> errors) {
    if (sets == null) {
      return; // put, then deleted again
    }
    String at = "changes[" + index + "].rrset";
    List<Member> members = sets.stream().map(Member::of).toList();
    if (RoutingGroups.mixesSimpleAndRouted(members)) {
      errors.add(
          new FieldError(
              at + ".setIdentifier",
              "a simple record set and routed record sets cannot share " + group));
    }
    Set<String> policies = RoutingGroups.routedKinds(members);
    if (policies.size() > 1) {
      errors.add(
          new FieldError(
              at, "mixed routing policies at " + group + ": " + String.join(", ", policies)));
    }
    for (Map.Entry<Role, Long> role : RoutingGroups.overfilledRoles(members).entrySet()) {
      errors.add(
          new FieldError(
              at + ".failover",
              "a failover group has at most one PRIMARY and one SECONDARY; "
                  + group
                  + " would have "
                  + role.getValue()
                  + " "
                  + role.getKey()));
    }
  }

  /**
   * docs/spec/resolution.md section 3 on the final state: an alias targets an existing record set
   * of its type in the zone, and never an alias (no chains, so no loops). An alias the batch put is
   * reported at its change; an alias the batch left alone but whose target it deleted or turned
   * into an alias, at the change that did that. An alias the batch neither put nor changed the
   * target of is valid as stored, and not looked at: its target may not even be in a working copy
   * read by {@link #namesRead}.
   */
  private static void checkAliases(
      Map<RecordSetKey, RecordSetSpec> working,
      Groups groups,
      Touched touched,
      List<FieldError> errors) {
    Map<Key, Set<String>> deletedTargets = new LinkedHashMap<>();
    Map<Key, Set<String>> aliasedTargets = new LinkedHashMap<>();
    working.values().stream()
        .filter(rrset -> rrset.aliasTarget() != null && rrset.aliasTarget().dnsName() != null)
        .forEach(
            alias -> {
              Key target = new Key(alias.aliasTarget().dnsName(), alias.type());
              if (target.name().equals(alias.name())) {
                return; // reported with the change (stored data never has it)
              }
              if (!touched.aliasPutByKey.containsKey(alias.key())
                  && !touched.putByGroup.containsKey(target)
                  && !touched.deletedByGroup.containsKey(target)) {
                return;
              }
              List<RecordSetSpec> targetSets = groups.get(target);
              boolean missing = targetSets == null;
              boolean chained =
                  !missing && targetSets.stream().anyMatch(set -> set.aliasTarget() != null);
              Integer put = touched.aliasPutByKey.get(alias.key());
              if (put != null) {
                String field = "changes[" + put + "].rrset.aliasTarget.dnsName";
                if (missing) {
                  errors.add(
                      new FieldError(
                          field,
                          "no "
                              + alias.type()
                              + " record set at "
                              + target.name()
                              + " in this zone"));
                } else if (chained) {
                  errors.add(
                      new FieldError(
                          field, target + " is an alias; an alias cannot target another alias"));
                }
              } else if (missing) {
                deletedTargets.computeIfAbsent(target, k -> new TreeSet<>()).add(alias.name());
              } else if (chained) {
                aliasedTargets.computeIfAbsent(target, k -> new TreeSet<>()).add(alias.name());
              }
            });
    deletedTargets.forEach(
        (target, aliases) ->
            errors.add(
                new FieldError(
                    changePath(touched.deletedByGroup.get(target), ".rrset"),
                    target
                        + " is still the target of the alias record set(s) at "
                        + String.join(", ", aliases))));
    aliasedTargets.forEach(
        (target, aliases) ->
            errors.add(
                new FieldError(
                    changePath(touched.putByGroup.get(target), ".rrset.aliasTarget"),
                    target
                        + " is the target of the alias record set(s) at "
                        + String.join(", ", aliases)
                        + "; an alias cannot target another alias")));
  }

  private static String changePath(Integer index, String field) {
    return index == null ? "changes" : "changes[" + index + "]" + field;
  }

  /**
   * Outcome of {@link #apply}. On success {@code errors} is empty, {@code recordSets} is the zone's
   * new full list and {@code deleted}/{@code put} the minimal diff for the store: keys to delete
   * and normalized record sets to insert or replace. On failure only {@code errors} matters: {@code
   * recordSets} is {@code existing} unchanged and the diff is empty. Immutable.
   */
  public record Result(
      List<FieldError> errors,
      List<RecordSet> recordSets,
      List<RecordSetKey> deleted,
      List<RecordSet> put) {
    public Result {
      errors = List.copyOf(errors);
      recordSets = List.copyOf(recordSets);
      deleted = List.copyOf(deleted);
      put = List.copyOf(put);
    }

    /** True when the batch was valid and the diff can be applied. */
    public boolean ok() {
      return errors.isEmpty();
    }
  }
}
