package io.isthmus.server.node;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.admin.AppliedVersion;
import io.isthmus.admin.auth.OperatorToken;
import io.isthmus.admin.endpoints.EndpointStatuses;
import io.isthmus.config.ConfigStore;
import io.isthmus.route.Resolver;
import io.isthmus.route.SnapshotCompiler;
import io.isthmus.server.dns.DnsServerOptions;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.ForwarderOptions;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotQueryResolver;
import io.isthmus.server.snapshot.SnapshotRefresher;
import java.time.Clock;
import java.util.Set;
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
    return NodeIdentity.from(properties);
  }

  @Bean
  OperatorToken operatorToken(IsthmusProperties properties) {
    return OperatorTokens.load(properties);
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
  SnapshotRefresher snapshotRefresher(
      ConfigStore store, SnapshotHolder holder, Clock clock, IsthmusProperties properties) {
    return new SnapshotRefresher(
        store, holder, new SnapshotCompiler(clock, Set.copyOf(properties.regions())));
  }

  @Bean
  Resolver resolver(IsthmusProperties properties) {
    return new Resolver(
        DefaultUpstreams.resolve(
            properties.dns().defaultUpstreams(), DnsService.listenAddresses(properties)));
  }

  @Bean(destroyMethod = "close")
  Forwarder forwarder() {
    return new Forwarder(ForwarderOptions.defaults(), Ticker.systemTicker());
  }

  @Bean
  QueryPipeline queryPipeline(
      NodeIdentity node, SnapshotHolder holder, Resolver resolver, Forwarder forwarder) {
    return new QueryPipeline(node.nodeId(), new SnapshotQueryResolver(holder, resolver, forwarder));
  }

  /** Inbound endpoints get a small listener each: one event loop serves both protocols. */
  @Bean
  InboundListeners inboundListeners(QueryPipeline pipeline) {
    return new InboundListeners(pipeline, DnsServerOptions.defaults().withEventLoopThreads(1));
  }

  /** The admin API's view of whether this node serves an endpoint. */
  @Bean
  EndpointStatuses endpointStatuses(InboundListeners inbound) {
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
      InboundListeners inbound,
      Clock clock) {
    return new DnsService(properties, node, store, refresher, pipeline, inbound, clock);
  }
}
