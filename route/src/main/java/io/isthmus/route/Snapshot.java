package io.isthmus.route;

import io.isthmus.zone.CompiledZone;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;

/**
 * The whole configuration as the data plane sees it, compiled off the query path and published with
 * one atomic reference write. Deeply immutable: readers never lock.
 *
 * @param version configuration version it was compiled from
 * @param compiledAt when it was compiled
 * @param vpcsBySource source address → VPC (longest CIDR), for the VPCs without resolver addresses
 * @param vpcsById VPC id → VPC routes
 * @param listeners listener address (ip:port) → the inbound endpoint or VPC resolver listening
 *     there
 * @param zones the compiled zones, by the slots of the {@link Route.HostedZone}s of the route
 *     tables
 */
public record Snapshot(
    long version,
    Instant compiledAt,
    VpcTable<VpcRoutes> vpcsBySource,
    Map<String, VpcRoutes> vpcsById,
    Map<InetSocketAddress, VpcListener> listeners,
    ZoneSlots zones) {

  public Snapshot {
    // Map.copyOf returns an immutable map as it is: a snapshot that only replaces zones shares the
    // VPC tables of the one before.
    vpcsById = Map.copyOf(vpcsById);
    listeners = Map.copyOf(listeners);
  }

  /** The compiled zone of a {@link Route.HostedZone} of this snapshot. */
  public CompiledZone zone(Route.HostedZone route) {
    return zones.get(route.slot());
  }

  /**
   * This snapshot at {@code version} with the zones of {@code replaced} (by id) in place of the old
   * ones: what a change to record sets alone makes.
   */
  public Snapshot withZones(long version, Instant compiledAt, Map<String, CompiledZone> replaced) {
    return new Snapshot(
        version, compiledAt, vpcsBySource, vpcsById, listeners, zones.replacing(replaced));
  }

  /** The VPC without resolver addresses whose CIDR holds {@code source}, or null. */
  public VpcRoutes vpcFor(InetAddress source) {
    return vpcsBySource.lookup(source);
  }
}
