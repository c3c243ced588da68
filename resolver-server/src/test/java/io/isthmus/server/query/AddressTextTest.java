package io.isthmus.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {

  @Test
  void ipv6SourcesInRfc5952Text() throws IOException {
    assertThat(AddressText.of(InetAddress.getByName("2001:DB8:0:0:0:0:0:1")))
        .isEqualTo("2001:db8::1");
    assertThat(AddressText.of(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(AddressText.of(InetAddress.getByName("2001:db8:0:1:0:0:1:0")))
        .isEqualTo("2001:db8:0:1::1:0");
    assertThat(AddressText.of(InetAddress.getByName("fe80:0:0:1:0:0:0:1")))
        .isEqualTo("fe80:0:0:1::1");
    assertThat(AddressText.of(InetAddress.getByName("1:0:0:2:0:0:0:0"))).isEqualTo("1:0:0:2::");
    assertThat(AddressText.of(InetAddress.getByName("192.0.2.1"))).isEqualTo("192.0.2.1");
  }
}
