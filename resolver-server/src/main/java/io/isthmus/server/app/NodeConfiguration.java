package io.isthmus.server.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.admin.AppliedVersion;
import io.isthmus.admin.auth.OperatorToken;
import io.isthmus.admin.aws.AwsListener;
import io.isthmus.admin.aws.keys.SecretSealer;
import io.isthmus.admin.endpoints.EndpointStatuses;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.route.Resolver;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.route.VpcRoutes;
import io.isthmus.server.dns.DnsEventLoops;
import io.isthmus.server.dns.DnsServerOptions;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.dns.ResponseRateLimiter;
import io.isthmus.server.dns.TcpConnections;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.ForwarderOptions;
import io.isthmus.server.health.HealthService;
import io.isthmus.server.health.HealthSignals;
import io.isthmus.server.node.DefaultUpstreams;
import io.isthmus.server.node.DnsService;
import io.isthmus.server.node.ForwardTargetsInUse;
import io.isthmus.server.node.NodeHeartbeat;
import io.isthmus.server.node.NodeIdentity;
import io.isthmus.server.node.VpcListeners;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.querylog.QueryLogRoutes;
import io.isthmus.server.querylog.QueryLogRouting;
import io.isthmus.server.snapshot.DebugSources;
import io.isthmus.server.snapshot.ServingState;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotQueryResolver;
import io.isthmus.server.snapshot.SnapshotRefresher;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of one node: identity, operator token, snapshot, resolver, forwarder, DNS service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IsthmusProperties.class)
public class NodeConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  NodeIdentity nodeIdentity(IsthmusProperties properties) {
    return NodeIdentity.from(properties.nodeId());
  }

  @Bean
  OperatorToken operatorToken(IsthmusProperties properties) {
    return OperatorTokens.load(properties);
  }

  @Bean
  SecretSealer secretSealer(IsthmusProperties properties) {
    return new SecretSealer(AwsSecretKeys.load(properties));
  }

  @Bean
  AwsApiListener awsApiListener(IsthmusProperties properties, AwsListener listener) {
    return new AwsApiListener(properties.aws(), listener);
  }

  @Bean
  SnapshotHolder snapshotHolder() {
    return new SnapshotHolder();
  }

  /** A change is INSYNC on this node once the snapshot it serves was compiled from it or later. */
  @Bean
  AppliedVersion appliedVersion(SnapshotHolder holder) {
    return holder::version;
  }

  @Bean
  ServingState servingState(Clock clock) {
    return new ServingState(clock);
  }

  /**
   * Health checks reach the monitor before the snapshot naming them is compiled; query-log routes
   * follow each configuration; the last-snapshot file is wired by the store configuration.
   */
  @Bean
  SnapshotRefresher snapshotRefresher(
      ConfigStore store,
      SnapshotHolder holder,
      Clock clock,
      IsthmusProperties properties,
      HealthService health,
      HealthSignals signals,
      QueryLogRouting queryLogs,
      Forwarder forwarder,
      Resolver resolver,
      ServingState state) {
    SnapshotRefresher refresher =
        new SnapshotRefresher(
            store,
            holder,
            new SnapshotCompiler(clock, Set.copyOf(properties.regions()), signals::signal),
            state);
    refresher.onLoad(health::configurationLoaded);
    refresher.onLoad(data -> queryLogs.update(QueryLogRoutes.of(data)));
    // First of the publish listeners: the forwarder forgets unused targets before anyone samples.
    // The targets come from the route tables, which a change to record sets alone keeps as they
    // were (the same map): then there is nothing to look at in 10,000 VPCs.
    AtomicReference<Map<String, VpcRoutes>> routeTables = new AtomicReference<>();
    refresher.onPublish(
        snapshot -> {
          if (routeTables.getAndSet(snapshot.vpcsById()) != snapshot.vpcsById()) {
            forwarder.retainTargets(ForwardTargetsInUse.of(snapshot, resolver.defaultUpstreams()));
          }
        });
    return refresher;
  }

  /** Beats from start; after each new snapshot too, so changes turn INSYNC without waiting. */
  @Bean(destroyMethod = "close")
  NodeHeartbeat nodeHeartbeat(
      NodeRegistry registry,
      NodeIdentity node,
      IsthmusProperties properties,
      SnapshotHolder holder,
      SnapshotRefresher refresher,
      ServingState state,
      Clock clock) {
    NodeHeartbeat heartbeat =
        new NodeHeartbeat(
            registry,
            node.nodeId(),
            properties.regions(),
            holder::version,
            state::servingStale,
            clock);
    refresher.onPublish(snapshot -> heartbeat.beatSoon());
    heartbeat.start();
    return heartbeat;
  }

  @Bean
  Resolver resolver(IsthmusProperties properties) {
    return new Resolver(
        DefaultUpstreams.resolve(properties.dns().defaultUpstreams(), listenAddresses(properties)));
  }

  /** Closed last: the listeners and the forwarder that run on these loops are closed before. */
  @Bean(destroyMethod = "close")
  DnsEventLoops dnsEventLoops(DnsServerOptions options) {
    return new DnsEventLoops(options.eventLoopThreads());
  }

  /** The listeners' knobs, with {@code isthmus.dns.tcp.*} applied. */
  @Bean
  DnsServerOptions dnsServerOptions(IsthmusProperties properties) {
    IsthmusProperties.Tcp tcp = properties.dns().tcp();
    return DnsServerOptions.defaults()
        .withMaxTcpConnections(tcp.maxConnections())
        .withMaxTcpConnectionsPerSource(tcp.maxConnectionsPerSource())
        .withMaxTcpQueriesInFlight(tcp.maxQueriesInFlight())
        .withTcpIdleTimeout(tcp.idleTimeout());
  }

  /** One count of TCP connections for the resolver listeners and inbound endpoints together. */
  @Bean
  TcpConnections tcpConnections(DnsServerOptions options) {
    return TcpConnections.of(options);
  }

  /**
   * {@code isthmus.dns.rrl.*}: {@link ResponseRateLimiter#OFF} unless enabled; a bad exempt CIDR
   * stops the start with a message naming it.
   */
  @Bean
  ResponseRateLimiter responseRateLimiter(IsthmusProperties properties) {
    IsthmusProperties.Rrl rrl = properties.dns().rrl();
    if (!rrl.enabled()) {
      return ResponseRateLimiter.OFF;
    }
    DebugSources exempt = DebugSources.parse("isthmus.dns.rrl.exempt-clients", rrl.exemptClients());
    return new ResponseRateLimiter(
        rrl.options(), exempt.isEmpty() ? address -> false : exempt::contains, System::nanoTime);
  }

  /** {@code isthmus.forward.*}: the forwarder's resource limits. */
  @Bean(destroyMethod = "close")
  Forwarder forwarder(DnsEventLoops loops, IsthmusProperties properties) {
    IsthmusProperties.Forward limits = properties.forward();
    return new Forwarder(
        ForwarderOptions.defaults()
            .withLimits(
                limits.maxOutstanding(), limits.maxOutstandingPerTarget(), limits.maxTargets()),
        Ticker.systemTicker(),
        loops);
  }

  /** {@code isthmus.dns.debug-sources}: a bad CIDR stops the start with a message naming it. */
  @Bean
  QueryPipeline queryPipeline(
      NodeIdentity node,
      SnapshotHolder holder,
      Resolver resolver,
      Forwarder forwarder,
      IsthmusProperties properties,
      QueryObserver observer,
      ResponseRateLimiter rateLimiter) {
    return new QueryPipeline(
        node.nodeId(),
        new SnapshotQueryResolver(
            holder, resolver, forwarder, DebugSources.parse(properties.dns().debugSources())),
        observer,
        Clock.systemUTC(),
        System::nanoTime,
        rateLimiter);
  }

  /** Inbound endpoint listeners run on the shared loops too. */
  @Bean
  VpcListeners vpcListeners(
      QueryPipeline pipeline,
      DnsServerOptions options,
      DnsEventLoops loops,
      TcpConnections connections) {
    return new VpcListeners(pipeline, options, loops, connections);
  }

  /** The admin API's view of whether this node serves an endpoint. */
  @Bean
  EndpointStatuses endpointStatuses(VpcListeners inbound) {
    return endpoint ->
        inbound
            .problem(endpoint)
            .map(reason -> new EndpointStatuses.EndpointStatus("ACTION_NEEDED", reason))
            .orElseGet(() -> new EndpointStatuses.EndpointStatus("OPERATIONAL", null));
  }

  @Bean
  DnsService dnsService(
      IsthmusProperties properties,
      NodeIdentity node,
      ConfigStore store,
      SnapshotRefresher refresher,
      QueryPipeline pipeline,
      VpcListeners inbound,
      DnsEventLoops loops,
      DnsServerOptions options,
      TcpConnections connections,
      Clock clock) {
    return new DnsService(
        listenAddresses(properties),
        properties.demo(),
        node,
        store,
        refresher,
        pipeline,
        inbound,
        loops,
        options,
        connections,
        clock);
  }

  /** {@code isthmus.dns.listen}: a list of {@code ip:port} (IPv6 as {@code [ip]:port}). */
  static List<InetSocketAddress> listenAddresses(IsthmusProperties properties) {
    return properties.dns().listen().stream()
        .filter(entry -> !entry.isBlank())
        .map(entry -> DefaultUpstreams.parse(entry.trim()))
        .toList();
  }
}
