package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.Cidr;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class VpcCidrRangesTest {
  private static Cidr cidr(String text) {
    return Cidr.parse(text).orElseThrow();
  }

  @Test
  void anIpv4BlockIsItsFirstAndLastAddressAsNumbers() {
    Cidr block = cidr("10.1.0.0/16");
    assertThat(VpcCidrRanges.family(block)).isEqualTo(4);
    assertThat(VpcCidrRanges.first(block)).isEqualTo(BigInteger.valueOf(0x0A010000L));
    assertThat(VpcCidrRanges.last(block)).isEqualTo(BigInteger.valueOf(0x0A01FFFFL));
    assertThat(VpcCidrRanges.last(cidr("10.1.2.3/32"))).isEqualTo(BigInteger.valueOf(0x0A010203L));
  }

  @Test
  void anIpv6BlockIsItsFirstAndLastAddressAsNumbers() {
    Cidr block = cidr("fd00::/8");
    assertThat(VpcCidrRanges.family(block)).isEqualTo(6);
    assertThat(VpcCidrRanges.first(block)).isEqualTo(BigInteger.valueOf(0xfd).shiftLeft(120));
    assertThat(VpcCidrRanges.last(block))
        .isEqualTo(BigInteger.valueOf(0xfe).shiftLeft(120).subtract(BigInteger.ONE));
  }

  @Test
  void theBlocksContainingOneStartAtItsAddressCutToEachShorterPrefix() {
    assertThat(VpcCidrRanges.containingFirsts(cidr("10.1.128.0/17")))
        .hasSize(18)
        .startsWith(BigInteger.ZERO, BigInteger.ZERO)
        .contains(BigInteger.valueOf(0x0A000000L), BigInteger.valueOf(0x0A010000L))
        .endsWith(BigInteger.valueOf(0x0A018000L));
  }
}
