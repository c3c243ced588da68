package io.isthmus.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.forward.TargetState;
import io.isthmus.server.query.QueryEvents;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ForwardTargetMetricsTest {

  private static final InetSocketAddress A = QueryEvents.address("10.0.0.53", 53);
  private static final InetSocketAddress B = QueryEvents.address("2001:db8::53", 5353);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<List<TargetState>> states = new AtomicReference<>(List.of());
  private final ForwardTargetMetrics metrics = new ForwardTargetMetrics(registry, states::get);

  private double value(String name, String target) {
    var search = registry.find(name).tag("target", target);
    var gauge = search.gauge();
    return gauge != null ? gauge.value() : search.functionCounter().count();
  }

  @Test
  void gaugesPerTargetFromTheForwardersStates() {
    states.set(List.of(new TargetState(A, "UP", 1_500, 0), new TargetState(B, "DOWN", -1, 3)));
    metrics.sample();

    assertThat(value("isthmus.dns.forward.target.rtt", "10.0.0.53:53")).isEqualTo(0.0015);
    assertThat(value("isthmus.dns.forward.target.state", "10.0.0.53:53")).isEqualTo(1);
    assertThat(value("isthmus.dns.forward.target.rtt", "[2001:db8::53]:5353")).isNaN();
    assertThat(value("isthmus.dns.forward.target.state", "[2001:db8::53]:5353")).isEqualTo(0);
    assertThat(value("isthmus.dns.forward.target.timeouts", "[2001:db8::53]:5353")).isEqualTo(3);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("isthmus_dns_forward_target_rtt_seconds{target=\"10.0.0.53:53\"} 0.0015")
        .contains("isthmus_dns_forward_target_state{target=\"10.0.0.53:53\"} 1.0")
        .contains("isthmus_dns_forward_target_timeouts_total{target=\"10.0.0.53:53\"} 0.0");
  }

  @Test
  void timeoutsAccumulateAcrossFailureRuns() {
    String tag = "10.0.0.53:53";
    int[] runs = {0, 2, 5, 0, 1, 1, 4};
    for (int run : runs) {
      states.set(List.of(new TargetState(A, run >= 3 ? "DOWN" : "UP", 800, run)));
      metrics.sample();
    }
    // 2 + 3; a reply ended the run (0); then + 1, + 0, + 3.
    assertThat(value("isthmus.dns.forward.target.timeouts", tag)).isEqualTo(9);
    assertThat(value("isthmus.dns.forward.target.state", tag)).isEqualTo(0);
    assertThat(registry.find("isthmus.dns.forward.target.state").gauges()).hasSize(1);
  }

  @Test
  void aTargetTheForwarderForgotLosesItsMeters() {
    states.set(List.of(new TargetState(A, "UP", 800, 0), new TargetState(B, "DOWN", -1, 3)));
    metrics.sample();
    assertThat(registry.find("isthmus.dns.forward.target.rtt").gauges()).hasSize(2);

    states.set(List.of(new TargetState(B, "DOWN", -1, 4)));
    metrics.sample();

    assertThat(metrics.trackedTargets()).isEqualTo(1);
    for (String name :
        List.of(
            "isthmus.dns.forward.target.rtt",
            "isthmus.dns.forward.target.state",
            "isthmus.dns.forward.target.timeouts")) {
      assertThat(registry.find(name).tag("target", "10.0.0.53:53").meters()).as(name).isEmpty();
      assertThat(registry.find(name).tag("target", "[2001:db8::53]:5353").meters())
          .as(name)
          .hasSize(1);
    }
    assertThat(registry.scrape()).doesNotContain("10.0.0.53:53");
    assertThat(value("isthmus.dns.forward.target.timeouts", "[2001:db8::53]:5353")).isEqualTo(4);

    // Back in use: new meters, counting afresh.
    states.set(List.of(new TargetState(A, "UP", 800, 2)));
    metrics.sample();
    assertThat(value("isthmus.dns.forward.target.timeouts", "10.0.0.53:53")).isEqualTo(2);
    assertThat(registry.find("isthmus.dns.forward.target.rtt").gauges()).hasSize(1);
  }
}
