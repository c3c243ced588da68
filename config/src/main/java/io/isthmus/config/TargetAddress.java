package io.isthmus.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** An ip:port of a resolver endpoint or a forwarding target. Port 53 unless given. Immutable. */
public record TargetAddress(String ip, int port) {
  public static final int DNS_PORT = 53;

  /**
   * The socket address. The API accepts IP literals only, and this parses them as literals, so
   * nothing is ever looked up in DNS.
   *
   * @throws IllegalArgumentException if {@code ip} is not an IP literal
   */
  public InetSocketAddress socketAddress() {
    Cidr host =
        Cidr.parse(ip + (ip.contains(":") ? "/128" : "/32"))
            .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + ip));
    try {
      return new InetSocketAddress(InetAddress.getByAddress(host.address()), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }
}
