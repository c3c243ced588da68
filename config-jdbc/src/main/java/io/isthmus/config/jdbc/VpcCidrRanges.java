package io.isthmus.config.jdbc;

import io.isthmus.config.Cidr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A CIDR block as the columns {@code family} and {@code first_address} of {@code vpc_cidrs}
 * (V8__change_log.sql) hold it, and the values that find the stored blocks overlapping a new one.
 * Stored blocks never overlap each other, but the query does not rely on it.
 */
final class VpcCidrRanges {
  private VpcCidrRanges() {}

  /** 4 for IPv4, 6 for IPv6. */
  static int family(Cidr cidr) {
    return cidr.address().length == 4 ? 4 : 6;
  }

  /** The network address as an unsigned number. */
  static BigInteger first(Cidr cidr) {
    return new BigInteger(1, cidr.address());
  }

  /** The last address of the block as an unsigned number. */
  static BigInteger last(Cidr cidr) {
    int hostBits = cidr.address().length * 8 - cidr.prefixLength();
    return first(cidr).or(BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE));
  }

  /**
   * The network address of every block that contains {@code cidr}, itself included: its address
   * with the host bits of each shorter prefix cleared. A stored block that contains it starts at
   * one of these; one that it contains starts between {@link #first} and {@link #last}.
   */
  static List<BigInteger> containingFirsts(Cidr cidr) {
    List<BigInteger> firsts = new ArrayList<>();
    int bits = cidr.address().length * 8;
    BigInteger address = first(cidr);
    for (int prefix = 0; prefix <= cidr.prefixLength(); prefix++) {
      BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
      firsts.add(address.andNot(hostMask));
    }
    return firsts;
  }
}
