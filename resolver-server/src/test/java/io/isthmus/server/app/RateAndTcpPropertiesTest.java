package io.isthmus.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.server.dns.RateLimitOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code isthmus.dns.rrl.*} and {@code isthmus.dns.tcp.*} as Spring binds them. */
class RateAndTcpPropertiesTest {

  private static IsthmusProperties.Dns bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("isthmus.dns", IsthmusProperties.Dns.class);
  }

  @Test
  void offByDefaultWithBindsDefaults() {
    IsthmusProperties.Dns dns = bind(Map.of());
    assertThat(dns.rrl().enabled()).isFalse();
    assertThat(dns.rrl().options())
        .isEqualTo(new RateLimitOptions(0, 0, 0, 0, 2, 15, 24, 56, 65_536, false));
    assertThat(dns.rrl().exemptClients()).isEmpty();
    assertThat(dns.tcp())
        .isEqualTo(new IsthmusProperties.Tcp(1024, 64, 100, Duration.ofSeconds(10)));
  }

  @Test
  void unsetCategoryRatesTakeTheResponseRate() {
    IsthmusProperties.Dns dns =
        bind(
            Map.of(
                "isthmus.dns.rrl.enabled", "true",
                "isthmus.dns.rrl.responses-per-second", "100",
                "isthmus.dns.rrl.errors-per-second", "20",
                "isthmus.dns.rrl.exempt-clients", "10.0.0.0/8,fd00::/8"));
    RateLimitOptions options = dns.rrl().options();
    assertThat(options.responsesPerSecond()).isEqualTo(100);
    assertThat(options.nodataPerSecond()).isEqualTo(100);
    assertThat(options.nxdomainsPerSecond()).isEqualTo(100);
    assertThat(options.errorsPerSecond()).isEqualTo(20);
    assertThat(dns.rrl().exemptClients()).isEqualTo(List.of("10.0.0.0/8", "fd00::/8"));
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("isthmus.dns.rrl.slip", "11")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("isthmus.dns.rrl.slip");
    assertThatThrownBy(() -> bind(Map.of("isthmus.dns.rrl.nxdomains-per-second", "-1")))
        .rootCause()
        .hasMessageContaining("isthmus.dns.rrl.nxdomains-per-second");
    assertThatThrownBy(() -> bind(Map.of("isthmus.dns.tcp.max-connections-per-source", "0")))
        .rootCause()
        .hasMessageContaining("isthmus.dns.tcp.max-connections-per-source");
    assertThatThrownBy(() -> bind(Map.of("isthmus.dns.tcp.max-queries-in-flight", "0")))
        .rootCause()
        .hasMessageContaining("isthmus.dns.tcp.max-queries-in-flight");
    assertThatThrownBy(() -> bind(Map.of("isthmus.dns.tcp.max-connections", "0")))
        .rootCause()
        .hasMessageContaining("isthmus.dns.tcp.max-connections");
    assertThatThrownBy(() -> bind(Map.of("isthmus.dns.tcp.idle-timeout", "0s")))
        .rootCause()
        .hasMessageContaining("isthmus.dns.tcp.idle-timeout");
  }
}
