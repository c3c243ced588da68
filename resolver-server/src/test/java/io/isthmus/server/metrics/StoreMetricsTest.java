package io.isthmus.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.snapshot.ServingState;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The gauges of the node's place in its cluster, read at scrape time, as Prometheus names them. */
class StoreMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean storeUp = new AtomicBoolean(true);
  private final AtomicBoolean leader = new AtomicBoolean();

  StoreMetricsTest() {
    StoreMetrics.bind(
        registry,
        new SnapshotHolder(),
        new ServingState(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
        storeUp::get,
        leader::get);
  }

  private String scraped(String name) {
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith(name + " ")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return "missing";
  }

  @Test
  void theLeaderGaugeFollowsTheHealthLease() {
    assertThat(scraped("isthmus_health_leader")).isEqualTo("0.0");

    leader.set(true);
    assertThat(scraped("isthmus_health_leader")).isEqualTo("1.0");

    leader.set(false);
    assertThat(scraped("isthmus_health_leader")).isEqualTo("0.0");
  }

  @Test
  void theStoreGaugesAreReadAtScrapeTime() {
    assertThat(scraped("isthmus_store_up")).isEqualTo("1.0");
    assertThat(scraped("isthmus_config_version")).isEqualTo("-1.0");
    assertThat(scraped("isthmus_config_serving_stale")).isEqualTo("0.0");
    assertThat(scraped("isthmus_config_refresh_age_seconds")).isEqualTo("NaN");

    storeUp.set(false);
    assertThat(scraped("isthmus_store_up")).isEqualTo("0.0");
  }
}
