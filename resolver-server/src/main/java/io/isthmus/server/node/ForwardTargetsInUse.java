package io.isthmus.server.node;

import io.isthmus.route.Route;
import io.isthmus.route.Snapshot;
import io.isthmus.route.VpcRoutes;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The upstream targets a snapshot can forward to: every FORWARD rule's targets in the VPCs this
 * node serves, plus the default upstreams. The forwarder keeps state for these and forgets the rest
 * when the snapshot is published.
 */
public final class ForwardTargetsInUse {

  private ForwardTargetsInUse() {}

  public static Set<InetSocketAddress> of(
      Snapshot snapshot, List<InetSocketAddress> defaultUpstreams) {
    Set<InetSocketAddress> targets = new HashSet<>(defaultUpstreams);
    for (VpcRoutes vpc : snapshot.vpcsById().values()) {
      for (Route route : vpc.routes().deciding()) {
        if (route instanceof Route.Forward forward) {
          targets.addAll(forward.targets());
        }
      }
    }
    return Set.copyOf(targets);
  }
}
