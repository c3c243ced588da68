package io.isthmus.config;

import java.util.List;

/**
 * A resolver endpoint of a VPC (Route 53 Resolver). INBOUND: listeners on {@code ipAddresses} that
 * resolve in the context of {@code vpcId} for sources inside {@code allowedSourceCidrs}. OUTBOUND:
 * the local source addresses of forwarded queries. Immutable.
 */
public record ResolverEndpoint(
    String id,
    String accountId,
    String name,
    Direction direction,
    String vpcId,
    List<TargetAddress> ipAddresses,
    List<String> allowedSourceCidrs) {

  public enum Direction {
    INBOUND,
    OUTBOUND
  }

  public ResolverEndpoint {
    ipAddresses = List.copyOf(ipAddresses);
    allowedSourceCidrs = allowedSourceCidrs == null ? List.of() : List.copyOf(allowedSourceCidrs);
  }
}
