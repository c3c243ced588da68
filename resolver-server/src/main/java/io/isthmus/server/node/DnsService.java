package io.isthmus.server.node;

import io.isthmus.config.ConfigStore;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.route.Snapshot;
import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.server.dns.DnsEventLoops;
import io.isthmus.server.dns.DnsServer;
import io.isthmus.server.dns.DnsServerOptions;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.dns.TcpConnections;
import io.isthmus.server.snapshot.SnapshotRefresher;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Brings the node's data plane up in the order docs/spec/operations.md asks for: (demo) → load the
 * store and compile the first snapshot → open the DNS sockets, then keeps the inbound endpoints'
 * listeners in step with each new snapshot. Spring's readiness state turns to ACCEPTING_TRAFFIC
 * only after every lifecycle bean has started, so readiness waits for the snapshot and sockets.
 */
public final class DnsService implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DnsService.class);

  /** How often a node checks the store for writes made by other nodes. */
  private static final Duration STORE_POLL = Duration.ofMillis(500);

  private final List<InetSocketAddress> listen;
  private final boolean demo;
  private final NodeIdentity node;
  private final ConfigStore store;
  private final SnapshotRefresher refresher;
  private final QueryPipeline pipeline;
  private final VpcListeners inbound;
  private final DnsEventLoops loops;
  private final DnsServerOptions options;
  private final TcpConnections connections;
  private final Clock clock;
  private volatile DnsServer server;

  /**
   * @param listen the resolver listeners' addresses ({@code isthmus.dns.listen})
   * @param demo whether to load the demo configuration into an empty store ({@code isthmus.demo})
   */
  public DnsService(
      List<InetSocketAddress> listen,
      boolean demo,
      NodeIdentity node,
      ConfigStore store,
      SnapshotRefresher refresher,
      QueryPipeline pipeline,
      VpcListeners inbound,
      DnsEventLoops loops,
      DnsServerOptions options,
      TcpConnections connections,
      Clock clock) {
    this.listen = List.copyOf(listen);
    this.demo = demo;
    this.node = node;
    this.store = store;
    this.refresher = refresher;
    this.pipeline = pipeline;
    this.inbound = inbound;
    this.loops = loops;
    this.options = options;
    this.connections = connections;
    this.clock = clock;
  }

  @Override
  public void start() {
    try {
      boolean demoLoaded = demo && loadDemo();
      refresher.onPublish(this::openVpcListeners);
      refresher.start(STORE_POLL);
      server = DnsServer.start(listen, pipeline, options, loops, connections);
      log.info(
          "DNS listening on {} (UDP and TCP) as node {}", server.boundAddresses(), node.nodeId());
      if (demoLoaded) {
        log.info("Try the demo from a VPC source address:");
        DemoConfiguration.digExamples(server.boundAddresses().get(0).getPort())
            .forEach(line -> log.info("  {}", line));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the DNS service", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the DNS service: " + e.getMessage(), e);
    }
  }

  private boolean loadDemo() {
    try {
      return DemoConfiguration.loadIfEmpty(store, clock);
    } catch (StoreUnavailableException e) {
      log.warn("Demo configuration not loaded: {}", e.getMessage());
      return false;
    }
  }

  private void openVpcListeners(Snapshot snapshot) {
    inbound.reconcile(snapshot.listeners().keySet());
  }

  /** The addresses actually bound (port 0 in the configuration becomes the real port). */
  public List<InetSocketAddress> boundAddresses() {
    DnsServer running = server;
    return running == null ? List.of() : running.boundAddresses();
  }

  @Override
  public void stop() {
    DnsServer running = server;
    server = null;
    if (running != null) {
      running.close();
    }
    refresher.close();
    inbound.close();
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }
}
