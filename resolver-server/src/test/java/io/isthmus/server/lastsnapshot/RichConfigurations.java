package io.isthmus.server.lastsnapshot;

import io.isthmus.config.Account;
import io.isthmus.config.AliasTarget;
import io.isthmus.config.ConfigData;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HostedZone;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.server.demo.DemoConfiguration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Configurations that use every field of the model, for round trips through the file. */
final class RichConfigurations {
  private RichConfigurations() {}

  /** The demo's configuration, as the store loads it. */
  static ConfigData demo(Path dir) {
    try (JdbcConfigStore store = JdbcConfigStore.openEmbedded(dir)) {
      DemoConfiguration.loadIfEmpty(
          store, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
      return store.load();
    }
  }

  /** Every record type and every variant, each field set to a value a lossy mapping would lose. */
  static ConfigData everyField() {
    HealthCheck metric =
        new HealthCheck(
            "hc-metric",
            "111111111111",
            HealthCheck.Type.METRIC,
            new HealthCheck.MetricAlarm(
                "App/Web",
                "Latency p99",
                Map.of("Host", "web-1", "Zone=Ä", "a,b \"q\"\nline"),
                HealthCheck.Statistic.SAMPLE_COUNT,
                60,
                5,
                3,
                HealthCheck.Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                0.1 + 0.2),
            null,
            null,
            null,
            10,
            1,
            HealthCheck.InsufficientData.UNHEALTHY,
            true,
            true);
    HealthCheck tcp =
        new HealthCheck(
            "hc-tcp",
            "111111111111",
            HealthCheck.Type.TCP,
            null,
            new HealthCheck.TcpTarget("10.0.0.7", 5432),
            null,
            null,
            30,
            3,
            HealthCheck.InsufficientData.LAST_KNOWN_STATUS,
            false,
            false);
    HealthCheck http =
        new HealthCheck(
            "hc-http",
            "111111111111",
            HealthCheck.Type.HTTPS,
            null,
            null,
            new HealthCheck.HttpTarget("https://app.example/health", "OK"),
            null,
            30,
            3,
            HealthCheck.InsufficientData.HEALTHY,
            false,
            false);
    HealthCheck calculated =
        new HealthCheck(
            "hc-calc",
            "111111111111",
            HealthCheck.Type.CALCULATED,
            null,
            null,
            null,
            new HealthCheck.Calculated(List.of("hc-tcp", "hc-http"), 1),
            30,
            3,
            HealthCheck.InsufficientData.HEALTHY,
            false,
            false);
    List<RecordSet> records =
        List.of(
            new RecordSet(
                "a.zone.example.",
                "A",
                null,
                List.of(),
                null,
                RoutingPolicy.SIMPLE,
                null,
                new AliasTarget("b.zone.example.", true)),
            RecordSet.simple("b.zone.example.", "TXT", 60, List.of("\"v=1; x\"", "\"é\"")),
            RecordSet.routed(
                "f.zone.example.",
                "A",
                30,
                List.of("10.0.0.1"),
                "primary",
                new RoutingPolicy.Failover(RoutingPolicy.Role.PRIMARY),
                "hc-metric"),
            RecordSet.routed(
                "f.zone.example.",
                "A",
                30,
                List.of("10.0.0.2"),
                "secondary",
                new RoutingPolicy.Failover(RoutingPolicy.Role.SECONDARY),
                null),
            RecordSet.routed(
                "w.zone.example.",
                "A",
                30,
                List.of("10.0.0.3"),
                "w1",
                new RoutingPolicy.Weighted(0),
                null),
            RecordSet.routed(
                "w.zone.example.",
                "A",
                30,
                List.of("10.0.0.4"),
                "w2",
                new RoutingPolicy.Weighted(255),
                "hc-calc"),
            RecordSet.routed(
                "m.zone.example.",
                "AAAA",
                30,
                List.of("fd00::1"),
                "m1",
                RoutingPolicy.MULTI_VALUE,
                "hc-http"));
    return new ConfigData(
        42,
        List.of(
            new Vpc(
                "vpc-1",
                "111111111111",
                "net",
                "us-east-1",
                List.of("127.77.0.0/24", "fd00::/64"),
                List.of(new TargetAddress("127.77.0.2", 5353), new TargetAddress("fd00::2", 53)))),
        List.of(
            new ZoneData(
                new HostedZone("Z1", "zone.example.", "111111111111", "a comment"),
                records,
                List.of("vpc-1"))),
        List.of(
            new ResolverEndpoint(
                "rslvr-in-1",
                "111111111111",
                "in",
                ResolverEndpoint.Direction.INBOUND,
                "vpc-1",
                List.of(new TargetAddress("127.77.0.53", 5353)),
                List.of("10.0.0.0/8"))),
        List.of(
            new ResolverRule(
                "rslvr-rr-1",
                "111111111111",
                "onprem",
                "corp.example.",
                ResolverRule.RuleType.FORWARD,
                List.of(new TargetAddress("192.0.2.1", 53)),
                "rslvr-out-1",
                "us-west-2")),
        List.of(new RuleAssociation("rslvr-rrassoc-1", "rslvr-rr-1", "vpc-1")),
        List.of(metric, tcp, http, calculated),
        List.of(
            new QueryLogConfig("qlc-1", "111111111111", "logs", "file:app.jsonl"),
            new QueryLogConfig("qlc-2", null, "ops", QueryLogConfig.STDOUT)),
        List.of(new QueryLogAssociation("qla-1", "qlc-1", "vpc-1")));
  }

  static Map<String, Account> tokens() {
    return Map.of(
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        new Account("111111111111", "networking"),
        "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        new Account("222222222222", "app one"));
  }
}
