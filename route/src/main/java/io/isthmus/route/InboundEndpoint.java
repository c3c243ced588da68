package io.isthmus.route;

import io.isthmus.config.Cidr;
import io.isthmus.config.ResolverEndpoint;
import java.net.InetAddress;
import java.util.List;

/**
 * An inbound endpoint as the data plane sees it: queries arriving on its addresses resolve in its
 * VPC's context, for sources inside {@code allowedSources} (empty: every source). Immutable.
 */
public record InboundEndpoint(ResolverEndpoint endpoint, VpcRoutes vpc, List<Cidr> allowedSources) {
  public InboundEndpoint {
    allowedSources = List.copyOf(allowedSources);
  }

  public boolean admits(InetAddress source) {
    if (allowedSources.isEmpty()) {
      return true;
    }
    for (Cidr cidr : allowedSources) {
      if (cidr.contains(source)) {
        return true;
      }
    }
    return false;
  }
}
