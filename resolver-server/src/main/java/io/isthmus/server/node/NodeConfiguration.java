package io.isthmus.server.node;

import io.isthmus.admin.AppliedVersion;
import io.isthmus.admin.auth.OperatorToken;
import io.isthmus.config.ConfigStore;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotRefresher;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of one node: identity, operator token, snapshot, DNS service. */
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
  SnapshotRefresher snapshotRefresher(ConfigStore store, SnapshotHolder holder, Clock clock) {
    return new SnapshotRefresher(store, holder, clock);
  }

  @Bean
  DnsService dnsService(
      IsthmusProperties properties,
      NodeIdentity node,
      ConfigStore store,
      SnapshotHolder holder,
      SnapshotRefresher refresher,
      Clock clock) {
    return new DnsService(properties, node, store, holder, refresher, clock);
  }
}
