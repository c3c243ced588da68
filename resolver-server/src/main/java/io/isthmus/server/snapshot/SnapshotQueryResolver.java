package io.isthmus.server.snapshot;

import io.isthmus.route.Forwarding;
import io.isthmus.route.Outcome;
import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.RouteKind;
import io.isthmus.route.Snapshot;
import io.isthmus.server.dns.QueryResolver;
import io.isthmus.server.forward.Forwarder;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The data plane's entry into resolution: reads the current snapshot once per query, resolves in
 * the VPC's context, and hands names that a FORWARD rule or default resolution decided to the
 * forwarder. Local answers complete before this returns. Before the first snapshot: SERVFAIL + EDE
 * 14 "Not Ready". Thread-safe.
 */
public final class SnapshotQueryResolver implements QueryResolver {
  private final SnapshotHolder holder;
  private final Resolver resolver;
  private final DebugSources debugSources;
  private final UpstreamChain upstreamChain;

  /** A resolver whose answers carry no provenance ({@link DebugSources#NONE}). */
  public SnapshotQueryResolver(SnapshotHolder holder, Resolver resolver, Forwarder forwarder) {
    this(holder, resolver, forwarder, DebugSources.NONE);
  }

  /**
   * @param debugSources clients whose successful answers name the zone or rule that answered, in an
   *     EDE 0 "Other" ({@code isthmus.dns.debug-sources})
   */
  public SnapshotQueryResolver(
      SnapshotHolder holder, Resolver resolver, Forwarder forwarder, DebugSources debugSources) {
    this.holder = holder;
    this.resolver = resolver;
    this.debugSources = debugSources;
    this.upstreamChain = new UpstreamChain(resolver, forwarder);
  }

  @Override
  public CompletionStage<Resolution> resolve(
      InetSocketAddress source, InetSocketAddress local, Name qname, int qtype) {
    Snapshot snapshot = holder.current();
    if (snapshot == null) {
      return CompletableFuture.completedFuture(
          Resolution.failure(
              Rcode.SERVFAIL,
              ExtendedErrorCodeOption.NOT_READY,
              "configuration not loaded yet",
              RouteKind.REFUSED));
    }
    Outcome outcome = resolver.resolve(snapshot, source, local, qname, qtype);
    // One check against a tiny table (a constant false without debug sources): other clients'
    // queries take the path below unchanged.
    if (debugSources.contains(source.getAddress())) {
      return answer(snapshot, outcome)
          .thenApply(resolution -> Provenance.annotate(snapshot, resolution, qname, qtype));
    }
    return answer(snapshot, outcome);
  }

  /**
   * The resolution itself, or the forwarder's answer completed with the CNAME chain before it and
   * its own CNAMEs chased in the VPC's context where the upstream may not decide them ({@link
   * UpstreamChain}).
   */
  private CompletionStage<Resolution> answer(Snapshot snapshot, Outcome outcome) {
    if (outcome instanceof Resolution resolution) {
      return CompletableFuture.completedFuture(resolution);
    }
    Forwarding forwarding = (Forwarding) outcome;
    return upstreamChain.complete(snapshot, forwarding);
  }
}
