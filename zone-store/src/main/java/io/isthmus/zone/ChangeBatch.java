package io.isthmus.zone;

import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Validation and application of a change batch ({@code POST /v1/hostedzones/{id}/rrsets/changes},
 * admin-api.md "Record sets"). The changes are applied in order to a working copy of the zone's
 * record sets; the batch succeeds as a whole or not at all, and every problem found is reported,
 * each with the path of the offending field ({@code changes[2].rrset.records[0]}).
 *
 * <p>RDATA is read in zone-file presentation format. <b>Relative names inside RDATA</b> (an MX
 * exchange written {@code mail}) are taken as relative to the zone origin, exactly as a zone file
 * with {@code $ORIGIN} set to the zone would read them (RFC 1035 section 5.1); they are stored
 * absolute. Stored records are canonical: dnsjava's presentation of the record after a round trip
 * through the canonical wire form of RFC 4034 section 6.2, so domain names inside RDATA are lower
 * case and {@code "10 Mail.Example.com."} and {@code "10 mail.example.com."} are the same record.
 *
 * <p>Routing policies (set identifier, failover, weight, multivalue answer, region, health check)
 * and alias targets are not supported in this release and are rejected field by field; a health
 * check that does not exist is reported as such. Because routed record sets cannot be created, a
 * name and type holds at most one record set, so "mixed routing policies at one name+type" cannot
 * arise yet and is not checked. Stateless and thread-safe.
 */
public final class ChangeBatch {
  /** The most records one batch may carry, counted over all its changes (Route 53's quota). */
  public static final int MAX_RECORDS = 1000;

  /** TTLs are unsigned 32-bit numbers whose top bit must be zero (RFC 2181 section 8). */
  private static final long MAX_TTL = Integer.MAX_VALUE;

  /** The record types a hosted zone holds (resolution.md section 3). */
  private static final Set<String> SUPPORTED_TYPES =
      Set.of(
          "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "CAA", "NS", "SOA", "NAPTR", "SPF",
          "SSHFP", "TLSA", "SVCB", "HTTPS", "DS");

  private static final String ROUTING_NOT_SUPPORTED = "routing policies are not supported yet";

  private enum Action {
    CREATE,
    DELETE,
    UPSERT
  }

  /**
   * A change whose action, name and type are valid, so its effect on the working copy is known.
   * {@code complete} is false when the ttl, records or routing fields have errors.
   */
  private record Checked(Action action, RecordSet rrset, boolean complete) {}

  private ChangeBatch() {}

  /**
   * Validates and applies changes in order on a working copy of {@code existing} (all-or-nothing).
   *
   * @param zoneName the zone's name, normalized here (trailing dot, case and IDN do not matter)
   * @param existing the zone's current record sets, as stored (normalized, canonical records)
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
    String zone =
        DnsNames.normalize(zoneName)
            .orElseThrow(() -> new IllegalArgumentException("invalid zone name: " + zoneName));
    Name origin = Name.fromConstantString(zone);
    Map<RecordSetKey, RecordSet> before = new LinkedHashMap<>();
    existing.forEach(rrset -> before.put(rrset.key(), rrset));
    Map<RecordSetKey, RecordSet> working = new LinkedHashMap<>(before);
    List<FieldError> errors = new ArrayList<>();

    if (changes == null || changes.isEmpty()) {
      errors.add(new FieldError("changes", "at least one change is required"));
    } else {
      // Names where this batch put a record set, with the index of the last such change: the
      // only names where the batch can have created a CNAME conflict.
      Map<String, Integer> lastPut = new LinkedHashMap<>();
      int recordCount = 0;
      for (int i = 0; i < changes.size(); i++) {
        RecordChange change = changes.get(i);
        String path = "changes[" + i + "]";
        if (change == null) {
          errors.add(new FieldError(path, "change is required"));
          continue;
        }
        if (change.rrset() != null) {
          recordCount += change.rrset().records().size();
        }
        Optional<Checked> checked = check(path, change, zone, origin, healthCheckExists, errors);
        if (checked.isPresent() && applyTo(working, path, checked.get(), zone, errors)) {
          lastPut.put(checked.get().rrset().name(), i);
        }
      }
      if (recordCount > MAX_RECORDS) {
        errors.add(
            new FieldError(
                "changes", "more than " + MAX_RECORDS + " records in one batch: " + recordCount));
      }
      lastPut.forEach((name, index) -> checkCnameAlone(working, name, index, zone, errors));
    }

    if (!errors.isEmpty()) {
      return new Result(errors, existing, List.of(), List.of());
    }
    List<RecordSetKey> deleted = new ArrayList<>();
    before.keySet().stream().filter(key -> !working.containsKey(key)).forEach(deleted::add);
    List<RecordSet> put = new ArrayList<>();
    working.forEach(
        (key, rrset) -> {
          if (!rrset.equals(before.get(key))) {
            put.add(rrset);
          }
        });
    return new Result(List.of(), List.copyOf(working.values()), deleted, put);
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
    RecordSet rrset = change.rrset();
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
    checkRouting(at, rrset, healthCheckExists, errors);
    List<String> records = List.of();
    // An alias record set carries neither ttl nor records (resolution.md section 3).
    if (rrset.aliasTarget() == null) {
      checkTtl(at, rrset.ttl(), errors);
      if (name != null && type != null) {
        records = checkRecords(at, rrset, name, type, origin, errors);
      }
    }
    if (action == null || name == null || type == null) {
      return Optional.empty();
    }
    RecordSet normalized =
        new RecordSet(
            name,
            type,
            rrset.ttl(),
            records,
            rrset.setIdentifier(),
            rrset.failover(),
            rrset.weight(),
            rrset.multiValueAnswer(),
            rrset.region(),
            rrset.healthCheckId(),
            rrset.aliasTarget());
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

  private static void checkRouting(
      String at, RecordSet rrset, Predicate<String> healthCheckExists, List<FieldError> errors) {
    rejectIfSet(at + ".setIdentifier", rrset.setIdentifier(), errors);
    rejectIfSet(at + ".failover", rrset.failover(), errors);
    rejectIfSet(at + ".weight", rrset.weight(), errors);
    rejectIfSet(at + ".multiValueAnswer", rrset.multiValueAnswer(), errors);
    rejectIfSet(at + ".region", rrset.region(), errors);
    if (rrset.healthCheckId() != null) {
      boolean exists = healthCheckExists.test(rrset.healthCheckId());
      errors.add(
          new FieldError(
              at + ".healthCheckId", exists ? ROUTING_NOT_SUPPORTED : "unknown health check"));
    }
    if (rrset.aliasTarget() != null) {
      errors.add(new FieldError(at + ".aliasTarget", "alias records are not supported yet"));
    }
  }

  private static void rejectIfSet(String field, Object value, List<FieldError> errors) {
    if (value != null) {
      errors.add(new FieldError(field, ROUTING_NOT_SUPPORTED));
    }
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
      String at, RecordSet rrset, String name, String type, Name origin, List<FieldError> errors) {
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
    Name owner = Name.fromConstantString(name);
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
    Record parsed = Record.fromString(owner, type, DClass.IN, ttl, rdata, origin);
    return Record.newRecord(owner, type, DClass.IN, ttl, parsed.rdataToWireCanonical())
        .rdataToString();
  }

  /** dnsjava's message without the tokenizer's "{@code <none>:1: }" position prefix. */
  private static String reason(Exception e) {
    String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    return message.replaceFirst("^<none>:\\d+: ", "");
  }

  /**
   * Applies a checked change to the working copy, reporting a conflict with its state instead.
   *
   * @return true if the change put a record set (CREATE or UPSERT)
   */
  private static boolean applyTo(
      Map<RecordSetKey, RecordSet> working,
      String path,
      Checked change,
      String zone,
      List<FieldError> errors) {
    RecordSet rrset = change.rrset();
    RecordSet current = working.get(rrset.key());
    return switch (change.action()) {
      case CREATE -> {
        if (current != null) {
          errors.add(new FieldError(path + ".rrset", "record set already exists"));
          yield false;
        }
        working.put(rrset.key(), rrset);
        yield true;
      }
      case UPSERT -> {
        working.put(rrset.key(), rrset);
        yield true;
      }
      case DELETE -> {
        boolean apexSoaOrNs =
            rrset.name().equals(zone) && (rrset.type().equals("SOA") || rrset.type().equals("NS"));
        if (apexSoaOrNs) {
          // They live and die with the zone (resolution.md section 3); UPSERT changes them.
          errors.add(
              new FieldError(
                  path + ".action", "the apex SOA and NS record sets cannot be deleted"));
        } else if (current == null) {
          errors.add(new FieldError(path + ".rrset", "record set not found"));
        } else if (change.complete() && !sameValues(current, rrset)) {
          // Route 53 deletes only what the client has seen: ttl and records must match.
          errors.add(
              new FieldError(path + ".rrset", "ttl and records differ from the stored record set"));
        } else {
          working.remove(rrset.key());
        }
        yield false;
      }
    };
  }

  private static boolean sameValues(RecordSet stored, RecordSet given) {
    return Objects.equals(stored.ttl(), given.ttl())
        && Set.copyOf(stored.records()).equals(Set.copyOf(given.records()));
  }

  /**
   * A CNAME owner has no other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1), checked in the
   * resulting state at a name the batch put a record set at. The apex is left out: a CNAME there is
   * already reported by {@link #checkPlacement}.
   */
  private static void checkCnameAlone(
      Map<RecordSetKey, RecordSet> working,
      String name,
      int index,
      String zone,
      List<FieldError> errors) {
    Set<String> types = new HashSet<>();
    for (RecordSetKey key : working.keySet()) {
      if (key.name().equals(name)) {
        types.add(key.type());
      }
    }
    if (!name.equals(zone) && types.contains("CNAME") && types.size() > 1) {
      errors.add(
          new FieldError(
              "changes[" + index + "].rrset.type",
              "CNAME cannot coexist with other record types at " + name));
    }
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
