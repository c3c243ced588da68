package io.isthmus.server.querylog;

import io.isthmus.config.Vpc;
import io.isthmus.route.Snapshot;
import io.isthmus.route.VpcListener;
import io.isthmus.route.VpcRoutes;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.snapshot.SnapshotHolder;
import java.net.InetSocketAddress;

/**
 * What a query-log line needs beyond its {@link QueryEvent}: the VPC's account and region, and the
 * inbound endpoint a query arrived on. Looked up by the log writer, off the query path, only for
 * logged queries. Implementations are thread-safe.
 */
public interface QueryLogDirectory {

  /** Knows nothing: lines get null account and region and no resolver endpoint. */
  QueryLogDirectory NONE =
      new QueryLogDirectory() {
        @Override
        public Vpc vpc(String vpcId) {
          return null;
        }

        @Override
        public String inboundEndpointId(InetSocketAddress local) {
          return null;
        }
      };

  /** The VPC {@code vpcId}, or null when unknown. */
  Vpc vpc(String vpcId);

  /** The id of the inbound endpoint listening on {@code local}, or null for another listener. */
  String inboundEndpointId(InetSocketAddress local);

  /**
   * {@code local} as ip:port ({@code [ip]:port} for IPv6) when it is a VPC's resolver address,
   * which decided the VPC of the query; null for another listener.
   */
  default String vpcResolverAddress(InetSocketAddress local) {
    return null;
  }

  /**
   * Reads the snapshot being served, as the resolver did for the query (the same lookup of the
   * listener address in {@link Snapshot#listeners()}). A snapshot swapped in between the query and
   * the line describes the VPC as it is by then; VPCs' accounts and regions do not change, but an
   * endpoint deleted in that moment is left out.
   */
  static QueryLogDirectory of(SnapshotHolder holder) {
    return new QueryLogDirectory() {
      @Override
      public Vpc vpc(String vpcId) {
        Snapshot snapshot = holder.current();
        VpcRoutes routes = snapshot == null ? null : snapshot.vpcsById().get(vpcId);
        return routes == null ? null : routes.vpc();
      }

      @Override
      public String inboundEndpointId(InetSocketAddress local) {
        Snapshot snapshot = holder.current();
        VpcListener listener =
            snapshot == null || local == null ? null : snapshot.listeners().get(local);
        return listener == null ? null : listener.inboundEndpointId();
      }

      @Override
      public String vpcResolverAddress(InetSocketAddress local) {
        Snapshot snapshot = holder.current();
        VpcListener listener =
            snapshot == null || local == null ? null : snapshot.listeners().get(local);
        if (listener == null || listener.kind() != VpcListener.Kind.VPC_RESOLVER) {
          return null;
        }
        String ip = local.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + local.getPort();
      }
    };
  }
}
