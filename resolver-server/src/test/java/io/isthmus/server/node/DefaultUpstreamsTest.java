package io.isthmus.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultUpstreamsTest {

  @Test
  void parsesAddressesWithAndWithoutPorts() {
    assertThat(DefaultUpstreams.parse("10.0.0.2")).isEqualTo(new InetSocketAddress("10.0.0.2", 53));
    assertThat(DefaultUpstreams.parse("10.0.0.2:5353"))
        .isEqualTo(new InetSocketAddress("10.0.0.2", 5353));
    assertThat(DefaultUpstreams.parse("::1")).isEqualTo(new InetSocketAddress("::1", 53));
    assertThat(DefaultUpstreams.parse("[::1]:5353")).isEqualTo(new InetSocketAddress("::1", 5353));
  }

  @Test
  void refusesHostNames() {
    // A name would need a DNS lookup to find the DNS server.
    assertThatThrownBy(() -> DefaultUpstreams.parse("resolver.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IP literal");
  }

  @Test
  void skipsOurOwnListenersAndBlankEntries() {
    InetSocketAddress own = new InetSocketAddress("127.0.0.1", 53);
    assertThat(DefaultUpstreams.resolve(List.of("127.0.0.1", "", "10.0.0.2"), List.of(own)))
        .containsExactly(new InetSocketAddress("10.0.0.2", 53));
  }

  @Test
  void emptySettingTurnsDefaultResolutionOff() {
    assertThat(DefaultUpstreams.resolve(List.of(), List.of())).isEmpty();
  }

  @Test
  void readsNameserversFromResolvConf(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("resolv.conf");
    Files.writeString(
        file,
        "# comment\nsearch example.com\nnameserver 10.0.0.2\nnameserver   fd00::53\noptions ndots:2\n");
    assertThat(DefaultUpstreams.fromResolvConf(file)).containsExactly("10.0.0.2", "fd00::53");
    assertThat(DefaultUpstreams.fromResolvConf(dir.resolve("missing"))).isEmpty();
  }
}
