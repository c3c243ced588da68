package io.isthmus.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugSourcesTest {

  private static boolean contains(DebugSources sources, String address) throws Exception {
    return sources.contains(InetAddress.getByName(address));
  }

  @Test
  void noneContainsNothing() throws Exception {
    assertThat(DebugSources.parse(List.of())).isSameAs(DebugSources.NONE);
    // An empty property value binds to one empty string.
    assertThat(DebugSources.parse(List.of(""))).isSameAs(DebugSources.NONE);
    assertThat(contains(DebugSources.NONE, "127.0.0.1")).isFalse();
    assertThat(contains(DebugSources.NONE, "::1")).isFalse();
  }

  @Test
  void ipv4CidrsAndBareAddresses() throws Exception {
    DebugSources sources = DebugSources.parse(List.of("127.1.10.0/24", " 10.9.8.7 "));

    assertThat(contains(sources, "127.1.10.0")).isTrue();
    assertThat(contains(sources, "127.1.10.255")).isTrue();
    assertThat(contains(sources, "127.1.11.1")).isFalse();
    assertThat(contains(sources, "10.9.8.7")).isTrue();
    assertThat(contains(sources, "10.9.8.6")).isFalse();
    assertThat(contains(sources, "fd00::1")).isFalse();
  }

  @Test
  void everythingAndIpv6() throws Exception {
    assertThat(contains(DebugSources.parse(List.of("0.0.0.0/0")), "203.0.113.9")).isTrue();

    DebugSources v6 = DebugSources.parse(List.of("fd00:1::/32"));
    assertThat(contains(v6, "fd00:1:ffff::5")).isTrue();
    assertThat(contains(v6, "fd00:2::5")).isFalse();
    assertThat(contains(v6, "127.0.0.1")).isFalse();
  }

  @Test
  void aBadEntryIsNamed() {
    assertThatThrownBy(() -> DebugSources.parse(List.of("10.0.0.0/8", "nope/3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope/3");
  }
}
