package io.isthmus.server.app;

import io.isthmus.server.dns.ResponseRateLimiter;
import io.isthmus.server.dns.TcpConnections;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.metrics.DnsMetrics;
import io.isthmus.server.metrics.ForwardTargetMetrics;
import io.isthmus.server.node.NodeIdentity;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.querylog.QueryLogDirectory;
import io.isthmus.server.querylog.QueryLogRouting;
import io.isthmus.server.querylog.QueryLogWriter;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotRefresher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Observation of the query path wired into the node: {@link DnsMetrics} and the {@link
 * QueryLogWriter}, both listening to the one {@link QueryObserver} the query pipeline reports to
 * (the {@code @Primary} composite), plus the forwarder's per-target meters, sampled on a scheduler
 * thread. {@link QueryLogRouting} is filled by whoever owns the query-log configurations.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

  /** How often the forwarder's target states are turned into meters. */
  static final long TARGET_SAMPLE_SECONDS = 10;

  @Bean
  QueryLogRouting queryLogRouting() {
    return new QueryLogRouting();
  }

  @Bean(destroyMethod = "close")
  QueryLogWriter queryLogWriter(
      IsthmusProperties properties,
      NodeIdentity node,
      QueryLogRouting routing,
      SnapshotHolder holder) {
    IsthmusProperties.QueryLog queryLog = properties.queryLog();
    return new QueryLogWriter(
            routing,
            QueryLogDirectory.of(holder),
            properties.dataDir(),
            node.nodeId(),
            queryLog.queueCapacity(),
            queryLog.rotateSize().toBytes(),
            queryLog.keepFiles(),
            System.out)
        .start();
  }

  @Bean
  DnsMetrics dnsMetrics(
      MeterRegistry registry,
      SnapshotHolder holder,
      Forwarder forwarder,
      QueryLogWriter queryLog,
      IsthmusProperties properties,
      Clock clock,
      ResponseRateLimiter rateLimiter,
      TcpConnections tcpConnections) {
    return new DnsMetrics(registry, properties.metrics().maxVpcTags())
        .bindSnapshot(holder, clock)
        .bindForwarder(forwarder)
        .bindQueryLog(queryLog)
        .bindRateLimiter(rateLimiter)
        .bindTcp(tcpConnections);
  }

  /**
   * What the query pipeline reports to: the metrics first, then the query log; nothing with {@code
   * isthmus.dns.observe=false}.
   */
  @Bean
  @Primary
  QueryObserver queryObserver(
      DnsMetrics metrics, QueryLogWriter queryLog, IsthmusProperties properties) {
    if (!properties.dns().observe()) {
      return QueryObserver.NONE;
    }
    return QueryObserver.composite(List.of(metrics, queryLog));
  }

  /**
   * Samples the forwarder's targets every {@value #TARGET_SAMPLE_SECONDS} s, and after each new
   * snapshot (whose publication made the forwarder forget unused targets: their meters go at once);
   * stopped on close.
   */
  @Bean(destroyMethod = "close")
  ForwardTargetMetrics forwardTargetMetrics(
      MeterRegistry registry, Forwarder forwarder, SnapshotRefresher refresher) {
    ForwardTargetMetrics metrics = new ForwardTargetMetrics(registry, forwarder::targetStates);
    refresher.onPublish(snapshot -> metrics.sample());
    return metrics.start(Duration.ofSeconds(TARGET_SAMPLE_SECONDS));
  }
}
