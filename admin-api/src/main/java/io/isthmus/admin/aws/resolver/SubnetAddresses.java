package io.isthmus.admin.aws.resolver;

import io.isthmus.config.Cidr;
import io.isthmus.config.Subnet;
import io.isthmus.config.TargetAddress;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The addresses of EC2 subnets that endpoint addresses are taken from. As in AWS, the first four
 * addresses of a subnet (its network address and three AWS keeps for itself) and its last one are
 * never handed out. Stateless.
 */
final class SubnetAddresses {
  /** The addresses at the start of a subnet that AWS never gives an endpoint. */
  static final int RESERVED_AT_START = 4;

  private SubnetAddresses() {}

  /**
   * The lowest address of the subnet that none of {@code taken} uses on port 53.
   *
   * @throws ResolverException InvalidRequestException when every address is taken
   */
  static String lowestFree(Subnet subnet, Collection<TargetAddress> taken) {
    Cidr cidr = Cidr.parse(subnet.cidr()).orElseThrow();
    int bits = cidr.address().length * 8;
    BigInteger network = new BigInteger(1, cidr.address());
    BigInteger size = BigInteger.ONE.shiftLeft(bits - cidr.prefixLength());
    BigInteger last = size.subtract(BigInteger.ONE);
    for (BigInteger offset = BigInteger.valueOf(RESERVED_AT_START);
        offset.compareTo(last) < 0;
        offset = offset.add(BigInteger.ONE)) {
      String ip = text(network.add(offset), cidr.address().length);
      if (!taken.contains(new TargetAddress(ip, TargetAddress.DNS_PORT))) {
        return ip;
      }
    }
    throw ResolverException.invalidRequest(
        "The subnet " + subnet.id() + " (" + subnet.cidr() + ") has no free IP address left.");
  }

  /** Whether {@code ip}, an address literal, is one the subnet may give an endpoint. */
  static boolean within(Subnet subnet, String ip) {
    Cidr cidr = Cidr.parse(subnet.cidr()).orElseThrow();
    Optional<Cidr> host = Cidr.parse(ip + (ip.contains(":") ? "/128" : "/32"));
    return host.isPresent()
        && host.get().address().length == cidr.address().length
        && cidr.contains(host.get().address());
  }

  /** The subnet of {@code subnets} that holds {@code ip}, if any. */
  static Optional<Subnet> holding(List<Subnet> subnets, String ip) {
    return subnets.stream().filter(subnet -> within(subnet, ip)).findFirst();
  }

  private static String text(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] address = new byte[length];
    int copied = Math.min(length, raw.length);
    System.arraycopy(raw, raw.length - copied, address, length - copied, copied);
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + length + " bytes", e);
    }
  }
}
