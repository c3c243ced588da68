package io.isthmus.server.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DnsServerOptionsTest {

  @Test
  void defaultsFollowTheSpec() {
    DnsServerOptions defaults = DnsServerOptions.defaults();
    assertThat(defaults.eventLoopThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(defaults.udpReceiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(defaults.tcpIdleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.maxTcpConnections()).isEqualTo(1024);
    assertThat(defaults.portBindAttempts()).isPositive();
  }

  @Test
  void withersChangeOneKnob() {
    DnsServerOptions changed =
        DnsServerOptions.defaults()
            .withMaxTcpConnections(2)
            .withEventLoopThreads(3)
            .withTcpIdleTimeout(Duration.ofMillis(500));
    assertThat(changed.maxTcpConnections()).isEqualTo(2);
    assertThat(changed.eventLoopThreads()).isEqualTo(3);
    assertThat(changed.tcpIdleTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(changed.udpReceiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
  }

  @Test
  void nonPositiveKnobsAreRejected() {
    DnsServerOptions d = DnsServerOptions.defaults();
    assertThatThrownBy(() -> d.withMaxTcpConnections(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withEventLoopThreads(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withTcpIdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsServerOptions(1, 0, Duration.ofSeconds(1), 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
