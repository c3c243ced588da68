package io.isthmus.health;

import static io.isthmus.health.Checks.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.probe.NetworkProber;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The monitor with the real prober against a TCP port on loopback that is closed, then opened: the
 * status follows after exactly failureThreshold probes each way.
 */
class HealthMonitorIT {
  @Test
  void tcpCheckFollowsAPortThatClosesAndOpens() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int port;
    try (ServerSocket free = new ServerSocket(0, 50, loopback)) {
      port = free.getLocalPort();
    }
    FakeClock clock = FakeClock.at("2024-01-01T00:00:00Z");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    List<String> transitions = new ArrayList<>();
    try (NetworkProber prober = new NetworkProber();
        HealthMonitor monitor =
            new HealthMonitor(
                new MetricStore(clock),
                new HealthTable(),
                prober,
                scheduler,
                clock,
                (id, from, to, reason) -> transitions.add(from + "->" + to + ": " + reason))) {
      monitor.update(List.of(tcp("t", "127.0.0.1", port, 10, 3)));
      HealthSlot slot = monitor.table().slot("t");

      assertThat(probesUntil(monitor, clock, slot, false)).isEqualTo(3);

      try (ServerSocket open = new ServerSocket()) {
        open.setReuseAddress(true);
        open.bind(new InetSocketAddress(loopback, port));

        assertThat(probesUntil(monitor, clock, slot, true)).isEqualTo(3);
      }
      assertThat(transitions).hasSize(2);
      assertThat(transitions.get(0)).startsWith("HEALTHY->UNHEALTHY: 3 consecutive failures: TCP");
      assertThat(transitions.get(1))
          .isEqualTo(
              "UNHEALTHY->HEALTHY: 3 consecutive successes: TCP connection to 127.0.0.1:"
                  + port
                  + " opened");
    } finally {
      scheduler.shutdownNow();
    }
  }

  /**
   * Probes once per interval (the fake clock jumps; each probe is awaited with a deadline) until
   * the slot says {@code healthy}; returns how many probes it took.
   */
  static int probesUntil(HealthMonitor monitor, FakeClock clock, HealthSlot slot, boolean healthy)
      throws Exception {
    for (int probes = 1; probes <= 20; probes++) {
      clock.advance(Duration.ofSeconds(10));
      monitor.tick().get(15, TimeUnit.SECONDS);
      if (slot.healthy() == healthy) {
        return probes;
      }
    }
    throw new AssertionError("slot never became " + (healthy ? "healthy" : "unhealthy"));
  }
}
