package io.isthmus.route;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole configuration as the data plane sees it, compiled off the query path and published with
 * one atomic reference write. Deeply immutable: readers never lock.
 *
 * @param version configuration version it was compiled from
 * @param compiledAt when it was compiled
 * @param vpcsBySource source address → VPC (longest CIDR)
 * @param vpcsById VPC id → VPC routes
 * @param inbound listener address (ip:port) → the inbound endpoint listening there
 */
public record Snapshot(
    long version,
    Instant compiledAt,
    VpcTable<VpcRoutes> vpcsBySource,
    Map<String, VpcRoutes> vpcsById,
    Map<InetSocketAddress, InboundEndpoint> inbound) {

  public Snapshot {
    vpcsById = Collections.unmodifiableMap(new HashMap<>(vpcsById));
    inbound = Collections.unmodifiableMap(new HashMap<>(inbound));
  }

  /** The VPC whose CIDR holds {@code source}, or null. */
  public VpcRoutes vpcFor(InetAddress source) {
    return vpcsBySource.lookup(source);
  }
}
