package io.isthmus.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.server.IsthmusApplication;
import io.isthmus.server.query.QueryEvents;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.querylog.QueryLogRouting;
import io.isthmus.server.querylog.QueryLogTarget;
import io.isthmus.server.querylog.QueryLogWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole node: the observation beans are wired, the pipeline's observer is one bean, and the DNS
 * meters reach {@code /actuator/prometheus}.
 */
class ObservabilityConfigurationIT {

  @TempDir Path dataDir;

  @Test
  void dnsMetersAreScrapedFromTheActuator() throws Exception {
    try (ConfigurableApplicationContext context =
        SpringApplication.run(
            IsthmusApplication.class,
            "--isthmus.data-dir=" + dataDir,
            "--isthmus.dns.listen=127.0.0.1:0",
            "--isthmus.node-id=observe-it",
            "--isthmus.admin.operator-token=operator-token-for-tests",
            "--isthmus.dns.default-upstreams=",
            "--server.port=0")) {
      QueryObserver observer = context.getBean(QueryObserver.class);
      // Through the observer bean the pipeline is given: counted and logged.
      context
          .getBean(QueryLogRouting.class)
          .update(
              Map.of(
                  "vpc-1", List.of(new QueryLogTarget("rqlc-1", "111122223333", "file:spring"))));
      observer.onQuery(QueryEvents.event().vpc("vpc-1").build());
      context.getBean(QueryLogWriter.class).close();

      String port = context.getEnvironment().getProperty("local.server.port");
      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("isthmus_dns_queries_total{")
          .contains("vpc=\"vpc-1\"")
          .contains("isthmus_dns_query_latency_seconds_bucket{")
          .contains("isthmus_dns_snapshot_generation ")
          .contains("isthmus_dns_snapshot_age_seconds ")
          .contains("isthmus_dns_cache_evictions_total ")
          .contains("isthmus_dns_cache_entries ")
          .contains("isthmus_dns_listener_errors_total{kind=\"udp\"} 0.0")
          .contains("isthmus_dns_querylog_dropped_total{reason=\"queue_full\"} 0.0")
          .contains("isthmus_dns_querylog_written_total 1.0");
      assertThat(dataDir.resolve("query-logs").resolve("111122223333").resolve("spring.jsonl"))
          .content()
          .contains("\"node_id\":\"observe-it\"");
    }
  }

  @Test
  void theQueryLogAndMetricLimitsComeFromTheConfiguration() throws Exception {
    try (ConfigurableApplicationContext context =
        SpringApplication.run(
            IsthmusApplication.class,
            "--isthmus.data-dir=" + dataDir,
            "--isthmus.dns.listen=127.0.0.1:0",
            "--isthmus.node-id=observe-it",
            "--isthmus.admin.operator-token=operator-token-for-tests",
            "--isthmus.dns.default-upstreams=",
            "--server.port=0",
            "--isthmus.query-log.queue-capacity=3",
            "--isthmus.query-log.rotate-size=1KB",
            "--isthmus.query-log.keep-files=1",
            "--isthmus.metrics.max-vpc-tags=0")) {
      QueryLogWriter writer = context.getBean(QueryLogWriter.class);
      assertThat(writer.queueCapacity()).isEqualTo(3);
      context
          .getBean(QueryLogRouting.class)
          .update(
              Map.of("vpc-1", List.of(new QueryLogTarget("rqlc-1", "111122223333", "file:small"))));
      QueryObserver observer = context.getBean(QueryObserver.class);
      for (int i = 0; i < 10; i++) {
        observer.onQuery(QueryEvents.event().vpc("vpc-1").qname("q" + i + ".example.").build());
        // Slower than the writer: none of the ten is dropped by the small queue.
        Thread.sleep(50);
      }
      writer.close();

      Path logs = dataDir.resolve("query-logs").resolve("111122223333");
      // About 480 bytes a line: 1 KiB files of two lines, one rotated file kept.
      assertThat(logs.resolve("small.jsonl")).exists();
      assertThat(logs.resolve("small.jsonl.1")).exists();
      assertThat(logs.resolve("small.jsonl.2")).doesNotExist();
      assertThat(java.nio.file.Files.size(logs.resolve("small.jsonl.1"))).isLessThanOrEqualTo(1024);

      String port = context.getEnvironment().getProperty("local.server.port");
      String scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(scrape).contains("vpc=\"other\"").doesNotContain("vpc=\"vpc-1\"");
    }
  }

  @Test
  void aBadLimitStopsTheNodeNamingTheKey() {
    assertThatThrownBy(
            () ->
                SpringApplication.run(
                        IsthmusApplication.class,
                        "--isthmus.data-dir=" + dataDir,
                        "--isthmus.dns.listen=127.0.0.1:0",
                        "--isthmus.admin.operator-token=operator-token-for-tests",
                        "--isthmus.dns.default-upstreams=",
                        "--server.port=0",
                        "--isthmus.query-log.queue-capacity=0")
                    .close())
        .hasStackTraceContaining("isthmus.query-log.queue-capacity must be positive: 0");
  }
}
