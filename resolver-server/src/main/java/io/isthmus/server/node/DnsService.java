package io.isthmus.server.node;

import io.isthmus.config.ConfigStore;
import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.server.dns.DnsServer;
import io.isthmus.server.dns.DnsServerOptions;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotQueryResolver;
import io.isthmus.server.snapshot.SnapshotRefresher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Brings the node's data plane up in the order operations.md asks for: (demo) → load the store and
 * compile the first snapshot → open the DNS sockets. Spring's readiness state turns to
 * ACCEPTING_TRAFFIC only after every lifecycle bean has started, so readiness waits for both.
 */
public final class DnsService implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(DnsService.class);

  /** How often a node checks the store for writes made by other nodes. */
  private static final Duration STORE_POLL = Duration.ofMillis(500);

  private final IsthmusProperties properties;
  private final NodeIdentity node;
  private final ConfigStore store;
  private final SnapshotHolder holder;
  private final SnapshotRefresher refresher;
  private final Clock clock;
  private volatile DnsServer server;

  public DnsService(
      IsthmusProperties properties,
      NodeIdentity node,
      ConfigStore store,
      SnapshotHolder holder,
      SnapshotRefresher refresher,
      Clock clock) {
    this.properties = properties;
    this.node = node;
    this.store = store;
    this.holder = holder;
    this.refresher = refresher;
    this.clock = clock;
  }

  @Override
  public void start() {
    try {
      boolean demoLoaded = properties.demo() && DemoConfiguration.loadIfEmpty(store, clock);
      refresher.start(STORE_POLL);
      QueryPipeline pipeline = new QueryPipeline(node.nodeId(), new SnapshotQueryResolver(holder));
      server = DnsServer.start(listenAddresses(), pipeline, DnsServerOptions.defaults());
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
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  private List<InetSocketAddress> listenAddresses() throws UnknownHostException {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String entry : properties.dns().listen()) {
      String text = entry.trim();
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("isthmus.dns.listen entry needs ip:port: " + text);
      }
      String host = text.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(text.substring(colon + 1));
      addresses.add(new InetSocketAddress(InetAddress.getByName(host), port));
    }
    return addresses;
  }
}
