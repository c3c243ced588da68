package io.isthmus.route;

import io.isthmus.config.Cidr;
import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetList;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.zone.CompiledZone;
import io.isthmus.zone.HealthSignal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Compiles {@link ConfigData} into a {@link Snapshot}. Zones whose data did not change since the
 * previous compilation are reused rather than parsed again, so a change to one zone costs that zone
 * plus the route tables. Health is not part of the snapshot's data: each compiled zone holds the
 * {@link HealthSignal} of every health check its record sets name, and reads it per query
 * (docs/spec/resolution.md section 8, docs/style.md "State"), so a health flip needs no
 * recompilation. Not thread-safe: one compiler per refresher thread.
 */
public final class SnapshotCompiler {
  private final Clock clock;
  private final Set<String> regions;
  private final Function<String, HealthSignal> health;
  private Map<String, CompiledEntry> previous = Map.of();
  private Snapshot last;

  /** A compiler for a node serving every region, every record set healthy. */
  public SnapshotCompiler(Clock clock) {
    this(clock, Set.of());
  }

  /**
   * A compiler whose record sets are all healthy (no health module: tests, benchmarks).
   *
   * @param regions the regions whose VPCs this node serves ({@code isthmus.regions}); empty = all
   */
  public SnapshotCompiler(Clock clock, Set<String> regions) {
    this(clock, regions, checkId -> HealthSignal.ALWAYS_HEALTHY);
  }

  /**
   * @param regions the regions whose VPCs this node serves ({@code isthmus.regions}); empty = all
   * @param health the signal of a health check id, asked while compiling a zone, never per query;
   *     it must return the same object for the same id across compilations, and should know every
   *     check of the {@link ConfigData} being compiled (an unknown id, null, counts as healthy
   *     until the zone is compiled again)
   */
  public SnapshotCompiler(Clock clock, Set<String> regions, Function<String, HealthSignal> health) {
    this.clock = clock;
    this.regions = Set.copyOf(regions);
    this.health = health;
  }

  private record CompiledEntry(ZoneData data, CompiledZone zone) {}

  /**
   * A VPC's route table with what it was built from: kept as it is by the next compilation when
   * none of that changed, so that a structure change rebuilds the tables of the VPCs it touches.
   */
  private record VpcEntry(
      Vpc vpc, Map<Name, Route.HostedZone> zones, Map<Name, Route> rules, VpcRoutes routes) {}

  private Map<String, VpcEntry> previousVpcs = Map.of();

  /**
   * Compiles {@code data}. Throws {@link IllegalArgumentException} if some stored data cannot be
   * compiled; the caller keeps serving the previous snapshot.
   */
  public Snapshot compile(ConfigData data) {
    return compile(
        data,
        (zoneData, entry) -> {
          // A reused zone keeps the health signals it was compiled with. That is correct because a
          // signal is stable per check id (the health module flips its state in place) and
          // unchanged record sets name the same ids; the signal check only catches a check whose
          // signal did not exist yet when the zone was last compiled (it was taken as always
          // healthy then).
          if (entry != null
              && sameContent(entry.data(), zoneData)
              && entry.zone().sameHealthSignals(health)) {
            // The record sets as the last compilation keeps them (shared with the zone).
            return new CompiledEntry(
                new ZoneData(zoneData.zone(), entry.data().recordSets(), zoneData.vpcIds()),
                entry.zone());
          }
          return whole(zoneData);
        });
  }

  /**
   * Compiles {@code data}, which is the data of the last compilation with {@code changes} applied
   * ({@link ConfigChanges#applyTo}), touching only what changed: a zone changed at some names gets
   * those names replaced ({@link CompiledZone#withRecordSetsAt}), and when nothing but record sets
   * changed the VPCs' route tables of the last snapshot are kept as they are.
   *
   * @throws IllegalArgumentException if the changes do not start from the last compilation, or some
   *     changed data cannot be compiled; the caller loads everything and calls {@link #compile}
   */
  public Snapshot apply(ConfigData data, ConfigChanges changes) {
    if (last == null || last.version() != changes.fromVersion()) {
      throw new IllegalArgumentException(
          "changes from version "
              + changes.fromVersion()
              + " but the last compilation is "
              + (last == null ? "none" : "of version " + last.version()));
    }
    Set<String> changedZones = changes.changedZoneIds();
    if (!changes.recordSetsOnly()) {
      return compile(
          data,
          (zoneData, entry) -> {
            String id = zoneData.zone().id();
            if (entry == null || changedZones.contains(id)) {
              return changed(zoneData, entry, changes);
            }
            return entry.zone().sameHealthSignals(health)
                ? new CompiledEntry(zoneData, entry.zone())
                : whole(zoneData);
          });
    }
    Map<String, ZoneData> byId = new HashMap<>();
    data.zones().forEach(zone -> byId.put(zone.zone().id(), zone));
    Map<String, CompiledEntry> compiled = new HashMap<>(previous);
    Map<String, CompiledZone> replaced = new HashMap<>();
    for (String id : changedZones) {
      ZoneData zoneData = byId.get(id);
      if (zoneData == null) {
        // Changed, then deleted: a deletion is a structure change, so this is a log that does not
        // match the data.
        throw new IllegalArgumentException("record sets changed in zone " + id + ", which is gone");
      }
      CompiledEntry entry = changed(zoneData, previous.get(id), changes);
      compiled.put(id, entry);
      replaced.put(id, entry.zone());
    }
    previous = compiled;
    last = last.withZones(data.version(), clock.instant(), replaced);
    return last;
  }

  /** The zone compiled again: whole when it was read whole or is new, else at its changed names. */
  private CompiledEntry changed(ZoneData zoneData, CompiledEntry entry, ConfigChanges changes) {
    String id = zoneData.zone().id();
    Map<String, List<RecordSet>> names = changes.recordSetsByName().get(id);
    if (entry == null || names == null) {
      return whole(zoneData);
    }
    // The data's record sets are the last compilation's with the changed names replaced
    // (ConfigChanges#applyTo): kept as they are, they share what they shared.
    return new CompiledEntry(zoneData, entry.zone().withRecordSetsAt(names, health));
  }

  /** The zone compiled whole, its record sets kept in the form shared with it. */
  private CompiledEntry whole(ZoneData zoneData) {
    CompiledZone.Compiled compiled =
        CompiledZone.compileSharing(
            zoneData.zone(), RecordSetList.of(zoneData.recordSets()), health);
    return new CompiledEntry(
        new ZoneData(zoneData.zone(), compiled.recordSets(), zoneData.vpcIds()), compiled.zone());
  }

  /**
   * {@code data}, the configuration of the last compilation, with each zone's record sets as that
   * compilation keeps them: equal, but most held as the compiled zone's nodes ({@link
   * CompiledZone#compileSharing}). Keep this instead of {@code data}, whose record sets would
   * otherwise be held twice; {@link #apply} to it keeps the sharing.
   *
   * @throws IllegalArgumentException if {@code data} is not of the last compilation's version
   */
  public ConfigData sharing(ConfigData data) {
    if (last == null || last.version() != data.version()) {
      throw new IllegalArgumentException(
          "data of version " + data.version() + " is not the last compilation's");
    }
    List<ZoneData> zones = new ArrayList<>(data.zones().size());
    for (ZoneData zone : data.zones()) {
      CompiledEntry entry = previous.get(zone.zone().id());
      zones.add(
          entry == null || entry.data().recordSets() == zone.recordSets()
              ? zone
              : new ZoneData(zone.zone(), entry.data().recordSets(), zone.vpcIds()));
    }
    return new ConfigData(
        data.version(),
        data.vpcs(),
        zones,
        data.endpoints(),
        data.rules(),
        data.ruleAssociations(),
        data.healthChecks(),
        data.queryLogConfigs(),
        data.queryLogAssociations());
  }

  /** How a zone of the data is compiled, given what the last compilation made of it (or null). */
  private interface ZoneCompilation {
    CompiledEntry compile(ZoneData zoneData, CompiledEntry previous);
  }

  private Snapshot compile(ConfigData data, ZoneCompilation zoneCompilation) {
    Map<String, CompiledEntry> compiled = new HashMap<>();
    Map<String, CompiledZone> zonesById = new HashMap<>();
    Map<String, List<CompiledZone>> zonesByVpc = new HashMap<>();
    for (ZoneData zoneData : data.zones()) {
      String id = zoneData.zone().id();
      CompiledEntry entry = zoneCompilation.compile(zoneData, previous.get(id));
      CompiledZone zone = entry.zone();
      compiled.put(id, entry);
      zonesById.put(id, zone);
      for (String vpcId : zoneData.vpcIds()) {
        zonesByVpc.computeIfAbsent(vpcId, key -> new ArrayList<>()).add(zone);
      }
    }

    Map<String, ResolverEndpoint> endpoints = new HashMap<>();
    data.endpoints().forEach(e -> endpoints.put(e.id(), e));
    Map<String, ResolverRule> rules = new HashMap<>();
    data.rules().forEach(r -> rules.put(r.id(), r));
    Map<String, List<ResolverRule>> rulesByVpc = new HashMap<>();
    for (RuleAssociation association : data.ruleAssociations()) {
      ResolverRule rule = rules.get(association.ruleId());
      if (rule == null) {
        throw new IllegalArgumentException("association of unknown rule " + association.ruleId());
      }
      rulesByVpc.computeIfAbsent(association.vpcId(), id -> new ArrayList<>()).add(rule);
    }

    Map<String, Integer> slots = slots(zonesById.keySet());
    Map<String, VpcEntry> vpcEntries = new HashMap<>();
    Map<String, VpcRoutes> byId = new HashMap<>();
    // The CIDRs of the VPCs whose routes changed, and whether every VPC kept its CIDRs: then the
    // last source table is patched at those CIDRs instead of being built again.
    Map<Cidr, VpcRoutes> changedCidrs = new HashMap<>();
    boolean sameCidrs = last != null;
    for (Vpc vpc : data.vpcs()) {
      if (!serves(vpc.region())) {
        continue;
      }
      Map<Name, Route.HostedZone> zones = new HashMap<>();
      for (CompiledZone zone : zonesByVpc.getOrDefault(vpc.id(), List.of())) {
        if (zones.put(
                zone.origin(), new Route.HostedZone(zone.id(), zone.origin(), slots.get(zone.id())))
            != null) {
          // The API refuses a second zone of one name per VPC; stored data that breaks this is
          // a bug, and picking one silently would hide it.
          throw new IllegalArgumentException(
              "VPC " + vpc.id() + " has two zones named " + zone.origin());
        }
      }
      Map<Name, Route> ruleRoutes = new HashMap<>();
      for (ResolverRule rule : rulesByVpc.getOrDefault(vpc.id(), List.of())) {
        Route route = ruleRoute(rule, endpoints);
        if (ruleRoutes.put(route.domain(), route) != null) {
          throw new IllegalArgumentException(
              "VPC " + vpc.id() + " has two rules for " + route.domain());
        }
      }
      VpcEntry before = previousVpcs.get(vpc.id());
      VpcEntry entry =
          before != null
                  && before.vpc().equals(vpc)
                  && before.zones().equals(zones)
                  && before.rules().equals(ruleRoutes)
              ? before
              : new VpcEntry(
                  vpc, zones, ruleRoutes, new VpcRoutes(vpc, Precedence.of(zones, ruleRoutes)));
      vpcEntries.put(vpc.id(), entry);
      byId.put(vpc.id(), entry.routes());
      sameCidrs = sameCidrs && before != null && sourceCidrs(before.vpc()).equals(sourceCidrs(vpc));
      if (sameCidrs && entry != before) {
        for (String cidrText : sourceCidrs(vpc)) {
          changedCidrs.put(cidr(cidrText), entry.routes());
        }
      }
    }
    sameCidrs = sameCidrs && vpcEntries.size() == previousVpcs.size();
    VpcTable<VpcRoutes> bySource =
        sameCidrs ? last.vpcsBySource().replacing(changedCidrs) : sourceTable(vpcEntries.values());

    Map<InetSocketAddress, VpcListener> listeners = new HashMap<>();
    for (ResolverEndpoint endpoint : data.endpoints()) {
      VpcRoutes vpc = byId.get(endpoint.vpcId());
      if (endpoint.direction() != ResolverEndpoint.Direction.INBOUND || vpc == null) {
        continue;
      }
      List<Cidr> allowed =
          endpoint.allowedSourceCidrs().stream().map(SnapshotCompiler::cidr).toList();
      VpcListener listener =
          new VpcListener(VpcListener.Kind.INBOUND_ENDPOINT, endpoint.id(), vpc, allowed);
      for (TargetAddress address : endpoint.ipAddresses()) {
        listeners.put(address.socketAddress(), listener);
      }
    }
    for (VpcEntry entry : vpcEntries.values()) {
      Vpc vpc = entry.vpc();
      if (vpc.hasResolverAddresses()) {
        List<Cidr> own = vpc.cidrs().stream().map(SnapshotCompiler::cidr).toList();
        VpcListener listener =
            new VpcListener(VpcListener.Kind.VPC_RESOLVER, vpc.id(), entry.routes(), own);
        for (TargetAddress address : vpc.resolverAddresses()) {
          listeners.put(address.socketAddress(), listener);
        }
      }
    }
    previous = compiled;
    previousVpcs = vpcEntries;
    last =
        new Snapshot(
            data.version(),
            clock.instant(),
            bySource,
            byId,
            listeners,
            ZoneSlots.of(slots, zonesById));
    return last;
  }

  /**
   * A slot for each of {@code ids}: the one it had in the last compilation, else the lowest free
   * one. A zone keeps its slot, so the route tables of VPCs whose zones did not change stay equal.
   */
  private Map<String, Integer> slots(Set<String> ids) {
    ZoneSlots before = last == null ? ZoneSlots.EMPTY : last.zones();
    Map<String, Integer> slots = new HashMap<>();
    BitSet taken = new BitSet();
    for (String id : ids) {
      Integer slot = before.slotOf(id);
      if (slot != null) {
        slots.put(id, slot);
        taken.set(slot);
      }
    }
    for (String id : ids) {
      if (!slots.containsKey(id)) {
        int slot = taken.nextClearBit(0);
        taken.set(slot);
        slots.put(id, slot);
      }
    }
    return slots;
  }

  private static VpcTable<VpcRoutes> sourceTable(Collection<VpcEntry> vpcs) {
    Map<Cidr, VpcRoutes> byCidr = new HashMap<>();
    for (VpcEntry entry : vpcs) {
      for (String cidrText : sourceCidrs(entry.vpc())) {
        byCidr.put(cidr(cidrText), entry.routes());
      }
    }
    return VpcTable.of(byCidr);
  }

  private boolean serves(String region) {
    return regions.isEmpty() || regions.contains(region);
  }

  private static Route ruleRoute(ResolverRule rule, Map<String, ResolverEndpoint> endpoints) {
    Name domain = name(rule.domainName());
    if (rule.ruleType() == ResolverRule.RuleType.SYSTEM) {
      return new Route.System(rule, domain);
    }
    ResolverEndpoint outbound = endpoints.get(rule.resolverEndpointId());
    if (outbound == null) {
      throw new IllegalArgumentException(
          "rule " + rule.id() + " names unknown endpoint " + rule.resolverEndpointId());
    }
    List<InetSocketAddress> targets =
        rule.targetIps().stream().map(TargetAddress::socketAddress).toList();
    List<InetAddress> sources =
        outbound.ipAddresses().stream().map(a -> a.socketAddress().getAddress()).toList();
    return new Route.Forward(rule, domain, targets, sources);
  }

  /**
   * The CIDRs that find {@code vpc} by source address: none for a VPC with resolver addresses,
   * which its listeners find instead and whose CIDRs may overlap other VPCs'.
   */
  private static List<String> sourceCidrs(Vpc vpc) {
    return vpc.hasResolverAddresses() ? List.of() : vpc.cidrs();
  }

  private static Cidr cidr(String text) {
    return Cidr.parse(text).orElseThrow(() -> new IllegalArgumentException("bad CIDR " + text));
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name " + text, e);
    }
  }

  /** Same zone content: the zone itself and its record sets (associations do not matter). */
  private static boolean sameContent(ZoneData a, ZoneData b) {
    return a.zone().equals(b.zone()) && a.recordSets().equals(b.recordSets());
  }
}
