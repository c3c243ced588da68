package io.isthmus.zone;

import io.isthmus.config.CompactRecordSet;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
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
 * <p><b>Changes</b>: {@link #withRecordSetsAt} makes the zone after a change in time proportional
 * to the names changed, sharing everything else with this one ({@link ZoneUpdate}), so a one-record
 * change of a zone of 500,000 records does not compile it again.
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

  /** Every owner name and every empty non-terminal (see {@link ZoneIndex}). */
  private final NameIndex<ZoneNode> nodes;

  /** Wildcard nodes keyed by their parent (see {@link ZoneIndex}). */
  private final NameIndex<ZoneNode> wildcards;

  /** What the next update needs besides the nodes (see {@link ZoneIndex}). */
  private final Map<Name, Set<Name>> aliasOwners;

  private final Map<String, HealthSignal> signals;

  private final ZoneAnswer.NoData noData;
  private final ZoneAnswer.NxDomain nxDomain;
  private final Supplier<RandomGenerator> random;

  /**
   * @throws IllegalArgumentException if the apex does not hold exactly one SOA record
   */
  private CompiledZone(String id, Name origin, ZoneIndex index, Supplier<RandomGenerator> random) {
    ZoneNode apex = index.nodes().get(origin);
    ZoneAnswer.Answer soaAnswer = apex == null ? null : apex.fixedAnswer(Type.SOA);
    if (soaAnswer == null || soaAnswer.records().size() != 1) {
      throw new IllegalArgumentException("zone " + origin + " needs exactly one SOA at its apex");
    }
    SOARecord soa = (SOARecord) soaAnswer.records().get(0);
    this.id = id;
    this.origin = origin;
    this.soa = soa;
    // The index's parts are kept apart so that the query path reads them without one more hop.
    this.nodes = index.nodes();
    this.wildcards = index.wildcards();
    this.aliasOwners = index.aliasOwners();
    this.signals = index.signals();
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
    return compile(zone, recordSets, new Name[recordSets.size()], health, random);
  }

  /**
   * As {@link #compile(HostedZone, List, Function)}, noting the owner of each set in {@code
   * owners}.
   */
  private static CompiledZone compile(
      HostedZone zone,
      List<RecordSet> recordSets,
      Name[] owners,
      Function<String, HealthSignal> health,
      Supplier<RandomGenerator> random) {
    Name origin = NodeCompiler.parseName(zone.name());
    Map<Name, List<RecordSet>> byOwner = new LinkedHashMap<>();
    int i = 0;
    for (RecordSet rrset : recordSets) {
      Name owner = NodeCompiler.parseName(rrset.name());
      owners[i++] = owner;
      byOwner.computeIfAbsent(owner, key -> new ArrayList<>()).add(rrset);
    }
    return new CompiledZone(
        zone.id(), origin, ZoneUpdate.apply(origin, ZoneIndex.EMPTY, byOwner, health), random);
  }

  /**
   * A zone compiled whole, with the record sets it was compiled from in the form to keep beside it:
   * the same list, each set that a node of the zone gives back in full held as that node ({@link
   * CompactRecordSet}), so that a caller keeping both the configuration and the zone pays for most
   * sets once.
   */
  public record Compiled(CompiledZone zone, RecordSetList recordSets) {}

  /**
   * {@link #compile(HostedZone, List, Function)}, with {@code recordSets} in the form to keep
   * beside the zone.
   */
  public static Compiled compileSharing(
      HostedZone zone, RecordSetList recordSets, Function<String, HealthSignal> health) {
    Name[] owners = new Name[recordSets.size()];
    CompiledZone compiled = compile(zone, recordSets, owners, health, THREAD_LOCAL_RANDOM);
    return new Compiled(
        compiled,
        recordSets.compacted(
            i -> compiled.nodes.get(owners[i]) instanceof ZoneNode.Single single ? single : null));
  }

  /**
   * This zone with the record sets at some names replaced: answers, explanations and validation are
   * those of {@link #compile(HostedZone, List, Function)} over this zone's record sets with every
   * record set at those names replaced by the given ones, but the cost is proportional to the names
   * given (with their ancestors and the aliases that target them), not to the zone. This zone is
   * unchanged; the new one shares its unchanged parts and its randomness.
   *
   * @param recordSetsByName per owner name as stored ({@code "www.example.com."}), every record set
   *     now at that name, of every type, in stored order; an empty list removes them all
   * @param health resolves the health checks of the given record sets, as in {@link
   *     #compile(HostedZone, List, Function)}; record sets at other names keep their signals
   * @throws IllegalArgumentException if a name is invalid or given twice (in another spelling), a
   *     record set is not at the name it is listed under, or on anything {@link
   *     #compile(HostedZone, List, Function)} would reject in the resulting zone
   */
  public CompiledZone withRecordSetsAt(
      Map<String, List<RecordSet>> recordSetsByName, Function<String, HealthSignal> health) {
    Map<Name, List<RecordSet>> byOwner = new LinkedHashMap<>();
    recordSetsByName.forEach(
        (name, recordSets) -> {
          Name owner = NodeCompiler.parseName(name);
          for (RecordSet rrset : recordSets) {
            if (!NodeCompiler.parseName(rrset.name()).equals(owner)) {
              throw new IllegalArgumentException(rrset.key() + " is not at " + name);
            }
          }
          if (byOwner.put(owner, recordSets) != null) {
            throw new IllegalArgumentException("name given twice: " + name);
          }
        });
    return new CompiledZone(
        id,
        origin,
        ZoneUpdate.apply(
            origin, new ZoneIndex(nodes, wildcards, aliasOwners, signals), byOwner, health),
        random);
  }

  /**
   * True when every health check this zone reads still resolves to the signal it was compiled with.
   * Signals are stable per check id, so this normally holds; a caller reusing a compiled zone
   * across configuration changes checks it so that a check whose signal did not exist yet at
   * compile time (resolved to always healthy) is picked up once it does.
   */
  public boolean sameHealthSignals(Function<String, HealthSignal> health) {
    for (Map.Entry<String, HealthSignal> entry : signals.entrySet()) {
      if (ZoneUpdate.resolve(health, entry.getKey()) != entry.getValue()) {
        return false;
      }
    }
    return true;
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
   * explanations, not the query path.
   *
   * @throws IllegalArgumentException if {@code qname} is not at or below the origin
   */
  public List<RecordSetHealth> recordSetsFor(Name qname) {
    ZoneNode node = nodes.get(qname);
    if (node == null) {
      node = sourceOfSynthesis(qname);
    }
    if (node == null) {
      return List.of();
    }
    List<RecordSetHealth> found = new ArrayList<>();
    for (ParsedRecordSet parsed : node.recordSets()) {
      RecordSet rrset = parsed.stored();
      found.add(new RecordSetHealth(rrset, rrset.healthCheckId() == null ? null : parsed.signal()));
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
    ZoneNode node = nodes.get(qname);
    if (node != null) {
      return node.answer(qtype, noData, random);
    }
    ZoneNode source = sourceOfSynthesis(qname);
    return source == null ? nxDomain : synthesize(source.answer(qtype, noData, random), qname);
  }

  /**
   * The wildcard node that answers for {@code qname}, a name the zone does not hold, or null.
   *
   * @throws IllegalArgumentException if {@code qname} is not at or below the origin
   */
  private ZoneNode sourceOfSynthesis(Name qname) {
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
    return wildcards.get(encloser);
  }

  /** The wildcard's answer with every record owned by the query name (RFC 4592 section 3.4.1). */
  private static ZoneAnswer synthesize(ZoneAnswer answer, Name qname) {
    if (answer instanceof ZoneAnswer.Answer records) {
      return records.ownedBy(qname);
    }
    if (answer instanceof ZoneAnswer.Cname cname) {
      return new ZoneAnswer.Cname((CNAMERecord) cname.cname().withName(qname));
    }
    return answer;
  }
}
