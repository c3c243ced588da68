package io.isthmus.server.node;

import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.TargetAddress;
import io.isthmus.server.dns.DnsEventLoops;
import io.isthmus.server.dns.DnsServer;
import io.isthmus.server.dns.DnsServerOptions;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.dns.TcpConnections;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP+TCP listeners that decide the VPC of their queries: the addresses of inbound endpoints
 * and the resolver addresses of VPCs (docs/spec/resolution.md section 1), opened and closed at run
 * time as the configuration changes (no restart). One listener per address, so one address that
 * cannot be bound does not keep the others down; its failure is logged, retried at the next
 * snapshot, and kept as an endpoint's ACTION_NEEDED reason. Thread-safe: reconciled on the snapshot
 * thread, read by the admin API.
 */
public final class VpcListeners implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VpcListeners.class);

  private final QueryPipeline pipeline;
  private final DnsServerOptions options;
  private final DnsEventLoops loops;
  private final TcpConnections connections;
  private final Map<InetSocketAddress, DnsServer> open = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, String> failures = new ConcurrentHashMap<>();

  public VpcListeners(QueryPipeline pipeline, DnsServerOptions options, DnsEventLoops loops) {
    this(pipeline, options, loops, TcpConnections.of(options));
  }

  /** With the TCP connection caps shared with the node's other listeners. */
  public VpcListeners(
      QueryPipeline pipeline,
      DnsServerOptions options,
      DnsEventLoops loops,
      TcpConnections connections) {
    this.pipeline = pipeline;
    this.options = options;
    this.loops = loops;
    this.connections = connections;
  }

  /** Opens listeners on new addresses (retrying earlier failures) and closes the ones gone. */
  public synchronized void reconcile(Set<InetSocketAddress> wanted) {
    for (InetSocketAddress address : Set.copyOf(open.keySet())) {
      if (!wanted.contains(address)) {
        open.remove(address).close();
        log.info("Listener {} closed", address);
      }
    }
    failures.keySet().retainAll(wanted);
    Set<InetSocketAddress> toOpen = new HashSet<>(wanted);
    toOpen.removeAll(open.keySet());
    for (InetSocketAddress address : toOpen) {
      try {
        open.put(address, DnsServer.start(List.of(address), pipeline, options, loops, connections));
        failures.remove(address);
        log.info("Listener {} open (UDP and TCP)", address);
      } catch (RuntimeException e) {
        String reason = "cannot listen on " + address + ": " + rootMessage(e);
        if (!reason.equals(failures.put(address, reason))) {
          log.warn("Listener of an inbound endpoint or VPC resolver: {}", reason);
        }
      }
    }
  }

  /** Why an endpoint's addresses are not all served, or empty when they are. */
  public Optional<String> problem(ResolverEndpoint endpoint) {
    if (endpoint.direction() != ResolverEndpoint.Direction.INBOUND) {
      return Optional.empty();
    }
    for (TargetAddress address : endpoint.ipAddresses()) {
      String failure = failures.get(address.socketAddress());
      if (failure != null) {
        return Optional.of(failure);
      }
    }
    return Optional.empty();
  }

  /** The addresses listened on now. */
  public Set<InetSocketAddress> listening() {
    return Set.copyOf(open.keySet());
  }

  @Override
  public synchronized void close() {
    open.values().forEach(DnsServer::close);
    open.clear();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
