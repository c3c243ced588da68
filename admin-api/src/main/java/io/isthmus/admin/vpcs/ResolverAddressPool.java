package io.isthmus.admin.vpcs;

import io.isthmus.admin.addresses.ListenerAddresses;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Cidr;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.TargetAddress;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where VPCs created without a resolver address of their own get one, the way every AWS VPC has its
 * "VPC+2" resolver: the lowest address of {@code block} that no endpoint or VPC claims at {@code
 * port} ({@code isthmus.aws.vpc-resolver-addresses} and {@code isthmus.aws.vpc-resolver-port},
 * docs/aws-api.md "EC2"). Immutable.
 */
public record ResolverAddressPool(Cidr block, int port) {
  /** At most this many candidates are looked at: a pool is for VPCs, not for an address plan. */
  static final int MAX_SCAN = 1 << 16;

  /**
   * The pool of the configuration, or empty when {@code block} is blank.
   *
   * @throws IllegalArgumentException when {@code block} is not a CIDR or {@code port} not a port
   */
  public static Optional<ResolverAddressPool> of(String block, int port) {
    if (block == null || block.isBlank()) {
      return Optional.empty();
    }
    Cidr cidr =
        Cidr.parse(block.trim())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "isthmus.aws.vpc-resolver-addresses is not a CIDR block: " + block));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("isthmus.aws.vpc-resolver-port is not a port: " + port);
    }
    return Optional.of(new ResolverAddressPool(cidr, port));
  }

  /**
   * The lowest free address of the pool. Call it inside the write that stores the VPC, so that two
   * VPCs created at once cannot take the same one.
   *
   * @throws ApiException InvalidRequest when every address of the pool is taken
   */
  public TargetAddress allocate(ConfigReader reader) {
    Set<TargetAddress> claimed = ListenerAddresses.claimed(reader);
    BigInteger first = new BigInteger(1, block.address());
    int bits = block.address().length * 8 - block.prefixLength();
    BigInteger size = BigInteger.ONE.shiftLeft(bits);
    long candidates = size.min(BigInteger.valueOf(MAX_SCAN)).longValue();
    for (long i = 0; i < candidates; i++) {
      TargetAddress candidate = new TargetAddress(text(first.add(BigInteger.valueOf(i))), port);
      if (!claimed.contains(candidate)) {
        return candidate;
      }
    }
    throw ApiException.invalidRequest(
        "Every address of the VPC resolver pool "
            + block
            + " is taken; widen isthmus.aws.vpc-resolver-addresses.",
        List.of());
  }

  private String text(BigInteger value) {
    byte[] raw = value.toByteArray();
    int length = block.address().length;
    byte[] address = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, address, length - copy, copy);
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address: " + Arrays.toString(address), e);
    }
  }
}
