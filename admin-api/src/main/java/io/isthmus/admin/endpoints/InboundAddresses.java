package io.isthmus.admin.endpoints;

import io.isthmus.config.ConfigReader;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverEndpoint.Direction;
import io.isthmus.config.TargetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The addresses a VPC's INBOUND endpoints listen on. A rule associated with the VPC must not
 * forward to one of them: the query would come back in through the endpoint, match the same rule
 * and go out again (docs/spec/resolution.md section 5). Stateless.
 */
public final class InboundAddresses {
  private InboundAddresses() {}

  /** Each listening ip:port of the VPC with its endpoint. */
  public static Map<TargetAddress, ResolverEndpoint> of(ConfigReader reader, String vpcId) {
    Map<TargetAddress, ResolverEndpoint> listeners = new HashMap<>();
    for (ResolverEndpoint endpoint : reader.endpoints()) {
      if (endpoint.direction() == Direction.INBOUND && endpoint.vpcId().equals(vpcId)) {
        endpoint.ipAddresses().forEach(address -> listeners.put(address, endpoint));
      }
    }
    return listeners;
  }
}
