package io.isthmus.server.snapshot;

import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.RouteKind;
import io.isthmus.route.Snapshot;
import io.isthmus.server.dns.QueryResolver;
import java.net.InetSocketAddress;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The data plane's entry into resolution: reads the current snapshot once per query and resolves in
 * the VPC of the source address. Before the first snapshot: SERVFAIL + EDE 14 "Not Ready".
 */
public final class SnapshotQueryResolver implements QueryResolver {
  private static final int EDE_NOT_READY = 14;

  private final SnapshotHolder holder;
  private final Resolver resolver = new Resolver();

  public SnapshotQueryResolver(SnapshotHolder holder) {
    this.holder = holder;
  }

  @Override
  public Resolution resolve(
      InetSocketAddress source, InetSocketAddress local, Name qname, int qtype) {
    Snapshot snapshot = holder.current();
    if (snapshot == null) {
      return Resolution.failure(
          Rcode.SERVFAIL, EDE_NOT_READY, "configuration not loaded yet", RouteKind.REFUSED);
    }
    return resolver.resolve(snapshot, source.getAddress(), qname, qtype);
  }
}
