package io.isthmus.route;

import io.isthmus.config.Cidr;
import io.isthmus.config.ConfigData;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.zone.CompiledZone;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Compiles {@link ConfigData} into a {@link Snapshot}. Zones whose data did not change since the
 * previous compilation are reused rather than parsed again, so a change to one zone costs that zone
 * plus the route tables. Not thread-safe: one compiler per refresher thread.
 */
public final class SnapshotCompiler {
  private final Clock clock;
  private Map<String, CompiledEntry> previous = Map.of();

  public SnapshotCompiler(Clock clock) {
    this.clock = clock;
  }

  private record CompiledEntry(ZoneData data, CompiledZone zone) {}

  /**
   * Compiles {@code data}. Throws {@link IllegalArgumentException} if some stored data cannot be
   * compiled; the caller keeps serving the previous snapshot.
   */
  public Snapshot compile(ConfigData data) {
    Map<String, CompiledEntry> compiled = new HashMap<>();
    Map<String, List<CompiledZone>> zonesByVpc = new HashMap<>();
    for (ZoneData zoneData : data.zones()) {
      CompiledEntry entry = previous.get(zoneData.zone().id());
      if (entry == null || !sameContent(entry.data(), zoneData)) {
        entry =
            new CompiledEntry(
                zoneData, CompiledZone.compile(zoneData.zone(), zoneData.recordSets()));
      }
      compiled.put(zoneData.zone().id(), entry);
      for (String vpcId : zoneData.vpcIds()) {
        zonesByVpc.computeIfAbsent(vpcId, id -> new ArrayList<>()).add(entry.zone());
      }
    }

    Map<String, VpcRoutes> byId = new HashMap<>();
    Map<Cidr, VpcRoutes> byCidr = new HashMap<>();
    for (Vpc vpc : data.vpcs()) {
      Map<Name, Route> routes = new HashMap<>();
      for (CompiledZone zone : zonesByVpc.getOrDefault(vpc.id(), List.of())) {
        Route previousRoute = routes.put(zone.origin(), new Route.HostedZone(zone));
        if (previousRoute != null) {
          // The API refuses a second zone of one name per VPC; stored data that breaks this is
          // a bug, and picking one silently would hide it.
          throw new IllegalArgumentException(
              "VPC " + vpc.id() + " has two zones named " + zone.origin());
        }
      }
      VpcRoutes vpcRoutes = new VpcRoutes(vpc, SuffixMap.of(routes));
      byId.put(vpc.id(), vpcRoutes);
      for (String cidrText : vpc.cidrs()) {
        Cidr cidr =
            Cidr.parse(cidrText)
                .orElseThrow(() -> new IllegalArgumentException("bad CIDR " + cidrText));
        byCidr.put(cidr, vpcRoutes);
      }
    }
    previous = compiled;
    return new Snapshot(data.version(), clock.instant(), VpcTable.of(byCidr), byId);
  }

  /** Same zone content: the zone itself and its record sets (associations do not matter). */
  private static boolean sameContent(ZoneData a, ZoneData b) {
    return a.zone().equals(b.zone()) && a.recordSets().equals(b.recordSets());
  }
}
