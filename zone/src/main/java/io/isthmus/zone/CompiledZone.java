package io.isthmus.zone;

import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.zone.RoutingGroups.Member;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A private hosted zone compiled for answering queries (docs/spec/resolution.md sections 3 and 4).
 * Every owner name and every empty non-terminal maps to a node holding ready-made answers per type,
 * so the answer for an existing name with simple record sets is one hash lookup and one short scan,
 * without allocation. Deeply immutable and thread-safe: built once off the query path, then shared
 * by all query threads without locks.
 *
 * <p>Answers for names that exist are the stored records, owned by the stored (lower-case) owner
 * name, which equals the query name ignoring case. They are not rewritten to the query's spelling:
 * that would cost an allocation per record and query, and DNS 0x20 resolvers check the case of the
 * question section, which the server echoes (docs/spec/resolution.md section 7). Wildcard answers
 * are synthesized per query and owned by the query name as given (RFC 4592 section 3.4).
 *
 * <p><b>Routed record sets and aliases</b> (docs/spec/resolution.md section 4): a name and type
 * with a routing policy is answered by a {@link RecordSetSelector} that picks, per query, one of
 * the answers rendered at compile time, reading each record set's {@link HealthSignal} (resolved
 * from its health check id here, once) so a health flip shows on the next query without
 * recompiling. Randomness comes from {@link ThreadLocalRandom} unless a test injects a seeded
 * generator. A CNAME group behaves like a CNAME. An alias is answered with its target's selected
 * records and TTLs under the alias's own name and type, never as a CNAME; aliases to simple record
 * sets are resolved here and cost nothing per query. An ANY query returns, per type, what one
 * selection of that type gives.
 *
 * <p>NS record sets below the apex are plain data: no delegation (docs/spec/resolution.md section
 * 3).
 */
public final class CompiledZone {
  /** The query path's randomness: per thread, no contention, no allocation. */
  private static final Supplier<RandomGenerator> THREAD_LOCAL_RANDOM = ThreadLocalRandom::current;

  private final String id;
  private final Name origin;
  private final SOARecord soa;
  private final Map<Name, Node> nodes;

  /**
   * Wildcard nodes ({@code *.x}) keyed by their parent {@code x}, the closest encloser they serve.
   */
  private final Map<Name, Node> wildcards;

  private final ZoneAnswer.NoData noData;
  private final ZoneAnswer.NxDomain nxDomain;

  /** The health signal of every health check id the record sets name, as resolved at compile. */
  private final Map<String, HealthSignal> signals;

  /**
   * The record sets as stored, for {@link #recordSetsFor}: explanations only, never the query path
   * (the list is the caller's immutable one, so keeping it costs a reference, not a copy).
   */
  private final List<RecordSet> recordSets;

  private final Supplier<RandomGenerator> random;

  private CompiledZone(
      String id,
      Name origin,
      SOARecord soa,
      Map<Name, Node> nodes,
      Map<Name, Node> wildcards,
      Map<String, HealthSignal> signals,
      List<RecordSet> recordSets,
      Supplier<RandomGenerator> random) {
    this.id = id;
    this.origin = origin;
    this.soa = soa;
    this.nodes = nodes;
    this.wildcards = wildcards;
    this.signals = signals;
    this.recordSets = recordSets;
    this.random = random;
    // The SOA of a negative answer is cached for min(SOA TTL, MINIMUM) (RFC 2308 section 3).
    SOARecord negative =
        new SOARecord(
            soa.getName(),
            DClass.IN,
            Math.min(soa.getTTL(), soa.getMinimum()),
            soa.getHost(),
            soa.getAdmin(),
            soa.getSerial(),
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum());
    this.noData = new ZoneAnswer.NoData(negative);
    this.nxDomain = new ZoneAnswer.NxDomain(negative);
  }

  /**
   * Compiles a zone whose record sets are all healthy (tests, benchmarks, zones without health
   * checks): {@link #compile(HostedZone, List, Function)} with {@link HealthSignal#ALWAYS_HEALTHY}
   * for every check.
   */
  public static CompiledZone compile(HostedZone zone, List<RecordSet> recordSets) {
    return compile(zone, recordSets, checkId -> HealthSignal.ALWAYS_HEALTHY);
  }

  /**
   * Compiles a zone from its record sets, as stored (names normalized, records in presentation
   * format; relative names in RDATA are read relative to the zone origin, as {@link ChangeBatch}
   * does).
   *
   * @param health the signal of a health check id, asked once per id here and never on the query
   *     path; a null result is taken as {@link HealthSignal#ALWAYS_HEALTHY} (fail open: a check the
   *     health module does not know yet must not take answers away)
   * @throws IllegalArgumentException on data that cannot be parsed, a record set outside the zone,
   *     a name+type+set identifier given twice, routed data {@link ChangeBatch} would reject (mixed
   *     policies, latency routing, two primaries, an alias without a valid target, ...), or a zone
   *     without exactly one SOA record at its apex
   */
  public static CompiledZone compile(
      HostedZone zone, List<RecordSet> recordSets, Function<String, HealthSignal> health) {
    return compile(zone, recordSets, health, THREAD_LOCAL_RANDOM);
  }

  /**
   * As {@link #compile(HostedZone, List, Function)} with the randomness of weighted and multivalue
   * selection taken from {@code random}, called once per query that needs it (tests pass a seeded
   * generator; it must be thread-safe if queries run concurrently).
   */
  static CompiledZone compile(
      HostedZone zone,
      List<RecordSet> recordSets,
      Function<String, HealthSignal> health,
      Supplier<RandomGenerator> random) {
    Name origin = parseName(zone.name());
    Map<String, HealthSignal> signals = new HashMap<>();
    Function<String, HealthSignal> signalOf =
        checkId ->
            checkId == null
                ? HealthSignal.ALWAYS_HEALTHY
                : signals.computeIfAbsent(checkId, key -> resolve(health, key));
    Map<GroupKey, List<Parsed>> groups = new LinkedHashMap<>();
    Set<RecordSetKey> keys = new HashSet<>();
    for (RecordSet rrset : recordSets) {
      if (!keys.add(rrset.key())) {
        throw new IllegalArgumentException("record set given twice: " + rrset.key());
      }
      Parsed parsed = parse(rrset, origin, signalOf);
      groups.computeIfAbsent(parsed.key(), key -> new ArrayList<>()).add(parsed);
    }
    groups.forEach(CompiledZone::checkGroup);

    Map<Name, Map<Integer, RecordSetSelector>> owners = new LinkedHashMap<>();
    groups.forEach(
        (key, members) ->
            owners
                .computeIfAbsent(key.owner(), owner -> new LinkedHashMap<>())
                .put(key.type(), selector(key, members, key.owner(), groups)));
    RecordSetSelector soaSet = owners.getOrDefault(origin, Map.of()).get(Type.SOA);
    RecordSetSelector.Rendered soa = soaSet == null ? null : soaSet.fixed();
    if (soa == null || soa.answer().records().size() != 1) {
      throw new IllegalArgumentException("zone " + origin + " needs exactly one SOA at its apex");
    }

    Map<Name, Node> nodes = new HashMap<>();
    owners.forEach(
        (owner, types) -> {
          nodes.put(owner, Node.of(types));
          // Every name between an owner and the origin exists as an empty non-terminal: it answers
          // NODATA, not NXDOMAIN, and it is a closest encloser for wildcards (RFC 4592 2.2.2).
          for (Name name = owner; !name.equals(origin); ) {
            name = new Name(name, 1);
            nodes.putIfAbsent(name, Node.EMPTY);
          }
        });
    // An empty non-terminal wildcard is a source of synthesis too: it answers NODATA (RFC 4592
    // section 4.2).
    Map<Name, Node> wildcards = new HashMap<>();
    nodes.forEach(
        (name, node) -> {
          if (name.isWild()) {
            wildcards.put(new Name(name, 1), node);
          }
        });
    // HashMap, not Map.copyOf: dnsjava's Name hash is weak (12,000 sibling names give 9,032
    // distinct values) and the immutable maps resolve collisions by linear probing from the raw
    // hash; a HashMap lookup measured 5-20 % faster on such names.
    return new CompiledZone(
        zone.id(),
        origin,
        (SOARecord) soa.answer().records().get(0),
        Collections.unmodifiableMap(nodes),
        Collections.unmodifiableMap(wildcards),
        Collections.unmodifiableMap(signals),
        List.copyOf(recordSets),
        random);
  }

  private static HealthSignal resolve(Function<String, HealthSignal> health, String checkId) {
    HealthSignal signal = health.apply(checkId);
    return signal == null ? HealthSignal.ALWAYS_HEALTHY : signal;
  }

  /**
   * True when every health check this zone reads still resolves to the signal it was compiled with.
   * Signals are stable per check id, so this normally holds; a caller reusing a compiled zone
   * across configuration changes checks it so that a check whose signal did not exist yet at
   * compile time (resolved to always healthy) is picked up once it does.
   */
  public boolean sameHealthSignals(Function<String, HealthSignal> health) {
    for (Map.Entry<String, HealthSignal> entry : signals.entrySet()) {
      if (resolve(health, entry.getKey()) != entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Name and type: one simple record set or one routed group ({@link RoutingGroups}), in wire form
   * (a dnsjava name compares without case, as the query path looks it up).
   */
  private record GroupKey(Name owner, int type) {}

  /** A stored record set, parsed: {@code records} is empty and {@code alias} set for an alias. */
  private record Parsed(
      RecordSet rrset, GroupKey key, List<Record> records, Name alias, HealthSignal signal) {}

  private static Parsed parse(
      RecordSet rrset, Name origin, Function<String, HealthSignal> signalOf) {
    Name owner = parseName(rrset.name());
    if (!owner.subdomain(origin)) {
      throw new IllegalArgumentException(owner + " is outside the zone " + origin);
    }
    int type = Type.value(rrset.type());
    if (type < 0) {
      throw new IllegalArgumentException("unknown type: " + rrset);
    }
    HealthSignal signal = signalOf.apply(rrset.healthCheckId());
    GroupKey key = new GroupKey(owner, type);
    if (rrset.aliasTarget() != null) {
      if (rrset.ttl() != null || !rrset.records().isEmpty()) {
        throw new IllegalArgumentException("an alias carries no ttl or records: " + rrset);
      }
      Name target = parseName(rrset.aliasTarget().dnsName());
      return new Parsed(rrset, key, List.of(), target, signal);
    }
    if (rrset.ttl() == null || rrset.records().isEmpty()) {
      throw new IllegalArgumentException("incomplete record set: " + rrset);
    }
    List<Record> records = new ArrayList<>();
    for (String rdata : rrset.records()) {
      try {
        records.add(Record.fromString(owner, type, DClass.IN, rrset.ttl(), rdata, origin));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "bad " + rrset.type() + " record at " + owner + ": " + rdata, e);
      }
    }
    return new Parsed(rrset, key, List.copyOf(records), null, signal);
  }

  /**
   * Asserts the group rules of {@link RoutingGroups} (each record set's own policy is valid by
   * construction): stored data passed {@link ChangeBatch}, so a failure here is a bug or a store
   * edited by hand, and the zone is refused rather than answered in an undefined way.
   */
  private static void checkGroup(GroupKey key, List<Parsed> group) {
    List<Member> members = group.stream().map(parsed -> Member.of(parsed.rrset())).toList();
    if (RoutingGroups.mixesSimpleAndRouted(members)
        || RoutingGroups.routedKinds(members).size() > 1) {
      throw new IllegalArgumentException("mixed routing policies at " + describe(key));
    }
    if (!RoutingGroups.overfilledRoles(members).isEmpty()) {
      throw new IllegalArgumentException(
          "a failover group has one PRIMARY and one SECONDARY at " + describe(key));
    }
  }

  private static String describe(GroupKey key) {
    return key.owner() + " " + Type.string(key.type());
  }

  /**
   * The selector of one group, its records owned by {@code owner}: the group's own name, or the
   * name of an alias that targets it.
   */
  private static RecordSetSelector selector(
      GroupKey key, List<Parsed> group, Name owner, Map<GroupKey, List<Parsed>> groups) {
    List<RecordSetSelector.Member> members = new ArrayList<>();
    for (Parsed parsed : group) {
      RecordSet rrset = parsed.rrset();
      RoutingPolicy policy = rrset.routing();
      int weight = policy instanceof RoutingPolicy.Weighted weighted ? weighted.weight() : 0;
      boolean primary =
          policy instanceof RoutingPolicy.Failover failover
              && failover.role() == RoutingPolicy.Role.PRIMARY;
      if (parsed.alias() == null) {
        List<Record> records = parsed.records();
        if (!owner.equals(key.owner())) {
          records = records.stream().map(record -> record.withName(owner)).toList();
        }
        members.add(
            RecordSetSelector.Member.plain(
                rrset.setIdentifier(), weight, primary, records, parsed.signal()));
      } else {
        RecordSetSelector target = aliasTarget(key, parsed, owner, groups);
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
    RoutingPolicy policy = group.get(0).rrset().routing();
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
      throw new IllegalArgumentException(e.getMessage() + " at " + describe(key), e);
    }
  }

  /**
   * An alias's target group (same type, same zone), compiled under {@code owner}, the alias's name.
   * Aliases do not target aliases (see {@link ChangeBatch}), so this recurses once at most.
   */
  private static RecordSetSelector aliasTarget(
      GroupKey key, Parsed alias, Name owner, Map<GroupKey, List<Parsed>> groups) {
    GroupKey targetKey = new GroupKey(alias.alias(), key.type());
    List<Parsed> target = groups.get(targetKey);
    if (target == null) {
      throw new IllegalArgumentException(
          "alias at " + describe(key) + " targets " + describe(targetKey) + ", which is missing");
    }
    for (Parsed member : target) {
      if (member.alias() != null) {
        throw new IllegalArgumentException(
            "alias at " + describe(key) + " targets the alias " + describe(targetKey));
      }
    }
    return selector(targetKey, target, owner, groups);
  }

  private static Name parseName(String text) {
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

  /** TEMPORARY until the incremental version lands: a full compile. */
  public CompiledZone withRecordSetsAt(
      Map<String, List<RecordSet>> recordSetsByName, Function<String, HealthSignal> health) {
    List<RecordSet> all = new ArrayList<>();
    for (RecordSet set : recordSets) {
      if (!recordSetsByName.containsKey(set.name())) {
        all.add(set);
      }
    }
    recordSetsByName.values().forEach(all::addAll);
    return compile(new HostedZone(id, origin.toString(), null, null), all, health, random);
  }

  /** The hosted zone's id. */
  public String id() {
    return id;
  }

  /** The zone's apex name. */
  public Name origin() {
    return origin;
  }

  /**
   * A stored record set and the health signal of its health check, null when it names none (always
   * healthy, docs/spec/resolution.md section 4). Immutable.
   */
  public record RecordSetHealth(RecordSet recordSet, HealthSignal signal) {}

  /**
   * The record sets a query for {@code qname} reads, with their health signals: those stored at the
   * name if it exists (empty for an empty non-terminal), else those of the wildcard that would
   * synthesize the answer (RFC 4592), else none (NXDOMAIN). Every type, in stored order. For
   * explanations, not the query path: a linear scan over the zone's record sets.
   *
   * @throws IllegalArgumentException if {@code qname} is not at or below the origin
   */
  public List<RecordSetHealth> recordSetsFor(Name qname) {
    if (!qname.subdomain(origin)) {
      throw new IllegalArgumentException(qname + " is not in the zone " + origin);
    }
    Name owner = qname;
    if (!nodes.containsKey(qname)) {
      Name encloser = qname;
      do {
        encloser = new Name(encloser, 1);
      } while (!nodes.containsKey(encloser));
      if (!wildcards.containsKey(encloser)) {
        return List.of();
      }
      try {
        owner = Name.concatenate(Name.fromConstantString("*"), encloser);
      } catch (NameTooLongException e) {
        return List.of();
      }
    }
    String stored = owner.toString().toLowerCase(Locale.ROOT);
    List<RecordSetHealth> found = new ArrayList<>();
    for (RecordSet rrset : recordSets) {
      if (rrset.name().toLowerCase(Locale.ROOT).equals(stored)) {
        String check = rrset.healthCheckId();
        found.add(new RecordSetHealth(rrset, check == null ? null : signals.get(check)));
      }
    }
    return List.copyOf(found);
  }

  /** The apex SOA record as stored, with its own TTL (negative answers carry a lowered copy). */
  public SOARecord soa() {
    return soa;
  }

  /**
   * What the zone says about {@code qname} and {@code qtype} (docs/spec/resolution.md sections 3
   * and 4). {@code qtype} ANY returns every record at the name (no RFC 8482 minimal answer), for a
   * routed type what one selection of that type gives.
   *
   * @param qname a name at or below {@link #origin()}, in any case
   * @throws IllegalArgumentException if {@code qname} is not at or below the origin
   */
  public ZoneAnswer answer(Name qname, int qtype) {
    Node node = nodes.get(qname);
    if (node != null) {
      return node.answer(qtype, noData, random);
    }
    if (!qname.subdomain(origin)) {
      throw new IllegalArgumentException(qname + " is not in the zone " + origin);
    }
    // RFC 4592 section 3.3.1: the closest encloser is the longest existing ancestor (empty
    // non-terminals included); only its own "*" child may answer. The loop ends at the origin,
    // which always exists.
    Name encloser = qname;
    do {
      encloser = new Name(encloser, 1);
    } while (!nodes.containsKey(encloser));
    Node source = wildcards.get(encloser);
    return source == null ? nxDomain : synthesize(source.answer(qtype, noData, random), qname);
  }

  /** The wildcard's answer with every record owned by the query name (RFC 4592 section 3.4.1). */
  private static ZoneAnswer synthesize(ZoneAnswer answer, Name qname) {
    if (answer instanceof ZoneAnswer.Answer records) {
      List<Record> owned = new ArrayList<>(records.records().size());
      for (Record record : records.records()) {
        owned.add(record.withName(qname));
      }
      return new ZoneAnswer.Answer(owned);
    }
    if (answer instanceof ZoneAnswer.Cname cname) {
      return new ZoneAnswer.Cname((CNAMERecord) cname.cname().withName(qname));
    }
    return answer;
  }

  /**
   * The data at one name: parallel arrays of types and their prebuilt answers (a node holds a few
   * types, so a linear scan beats boxing the type for a map lookup). A type whose answer depends on
   * health or chance has a selector instead of a prebuilt answer. Immutable.
   */
  private static final class Node {
    static final Node EMPTY =
        new Node(new int[0], new ZoneAnswer.Answer[0], new RecordSetSelector[0], null, null, null);

    private final int[] types;

    /** The answer per type; null where the type is routed (see {@link #selectors}). */
    private final ZoneAnswer.Answer[] answers;

    /** The selector per type where {@link #answers} has none; null elsewhere. */
    private final RecordSetSelector[] selectors;

    /**
     * The ANY answer; null for an empty non-terminal and for a name with a routed type, whose ANY
     * answer is assembled per query.
     */
    private final ZoneAnswer.Answer all;

    /** The CNAME at this name, answered for every type but CNAME itself; usually null. */
    private final ZoneAnswer.Cname cname;

    /** A routed CNAME group at this name (then {@link #cname} is null); usually null. */
    private final RecordSetSelector cnameSelector;

    private Node(
        int[] types,
        ZoneAnswer.Answer[] answers,
        RecordSetSelector[] selectors,
        ZoneAnswer.Answer all,
        ZoneAnswer.Cname cname,
        RecordSetSelector cnameSelector) {
      this.types = types;
      this.answers = answers;
      this.selectors = selectors;
      this.all = all;
      this.cname = cname;
      this.cnameSelector = cnameSelector;
    }

    static Node of(Map<Integer, RecordSetSelector> selectorsByType) {
      int[] types = new int[selectorsByType.size()];
      ZoneAnswer.Answer[] answers = new ZoneAnswer.Answer[types.length];
      RecordSetSelector[] selectors = new RecordSetSelector[types.length];
      List<Record> all = new ArrayList<>();
      boolean routed = false;
      ZoneAnswer.Cname cname = null;
      RecordSetSelector cnameSelector = null;
      int i = 0;
      for (Map.Entry<Integer, RecordSetSelector> entry : selectorsByType.entrySet()) {
        types[i] = entry.getKey();
        RecordSetSelector.Rendered fixed = entry.getValue().fixed();
        if (fixed != null) {
          answers[i] = fixed.answer();
          all.addAll(fixed.answer().records());
          if (types[i] == Type.CNAME) {
            cname = fixed.cname();
          }
        } else {
          selectors[i] = entry.getValue();
          routed = true;
          if (types[i] == Type.CNAME) {
            cnameSelector = entry.getValue();
          }
        }
        i++;
      }
      return new Node(
          types,
          answers,
          selectors,
          routed ? null : new ZoneAnswer.Answer(all),
          cname,
          cnameSelector);
    }

    ZoneAnswer answer(int qtype, ZoneAnswer.NoData noData, Supplier<RandomGenerator> random) {
      if (qtype == Type.ANY) {
        if (all != null) {
          return all;
        }
        return types.length == 0 ? noData : any(random);
      }
      if (qtype != Type.CNAME) {
        if (cname != null) {
          return cname;
        }
        if (cnameSelector != null) {
          // A routed CNAME group behaves like a CNAME: the selected set's CNAME.
          return cnameSelector.select(random).cname();
        }
      }
      for (int i = 0; i < types.length; i++) {
        if (types[i] == qtype) {
          return answers[i] != null ? answers[i] : selectors[i].select(random).answer();
        }
      }
      return noData;
    }

    /** Every type's answer, one selection per routed type. */
    private ZoneAnswer any(Supplier<RandomGenerator> random) {
      List<Record> records = new ArrayList<>();
      for (int i = 0; i < types.length; i++) {
        ZoneAnswer.Answer answer =
            answers[i] != null ? answers[i] : selectors[i].select(random).answer();
        records.addAll(answer.records());
      }
      return new ZoneAnswer.Answer(records);
    }
  }
}
