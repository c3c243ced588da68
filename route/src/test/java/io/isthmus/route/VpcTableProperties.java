package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.Cidr;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Source → VPC lookup must equal a brute-force scan for the longest containing CIDR. */
class VpcTableProperties {

  @Property(tries = 300)
  void lookupEqualsLongestContainingCidr(
      @ForAll("cidrs") List<Cidr> cidrs, @ForAll("addresses") List<byte[]> sources)
      throws Exception {
    Map<Cidr, Cidr> entries = new HashMap<>();
    cidrs.forEach(c -> entries.put(c, c));
    VpcTable<Cidr> table = VpcTable.of(entries);
    for (byte[] source : sources) {
      Cidr expected = null;
      for (Cidr cidr : entries.keySet()) {
        if (cidr.contains(source)
            && (expected == null || cidr.prefixLength() > expected.prefixLength())) {
          expected = cidr;
        }
      }
      InetAddress address = InetAddress.getByAddress(source);
      assertThat(table.lookup(address)).isEqualTo(expected);
      assertThat(table.matchingCidr(address)).isEqualTo(expected);
    }
  }

  /** A table patched at some of its CIDRs answers as a table built with the new values. */
  @Property(tries = 200)
  void replacingEqualsBuildingWithTheNewValues(
      @ForAll("cidrs") List<Cidr> cidrs, @ForAll("addresses") List<byte[]> sources)
      throws Exception {
    Map<Cidr, String> entries = new HashMap<>();
    cidrs.forEach(c -> entries.put(c, "old " + c));
    Map<Cidr, String> replaced = new HashMap<>();
    int i = 0;
    for (Cidr cidr : entries.keySet()) {
      if (i++ % 3 == 0) {
        replaced.put(cidr, "new " + cidr);
      }
    }
    Map<Cidr, String> updated = new HashMap<>(entries);
    updated.putAll(replaced);

    VpcTable<String> patched = VpcTable.of(entries).replacing(replaced);

    VpcTable<String> built = VpcTable.of(updated);
    for (byte[] source : sources) {
      InetAddress address = InetAddress.getByAddress(source);
      assertThat(patched.lookup(address)).isEqualTo(built.lookup(address));
      assertThat(patched.matchingCidr(address)).isEqualTo(built.matchingCidr(address));
    }
  }

  @Test
  void replacingACidrNotInTheTableIsRefusedAndNothingIsTheSameTable() throws Exception {
    Cidr in = Cidr.parse("10.0.0.0/16").orElseThrow();
    VpcTable<String> table = VpcTable.of(Map.of(in, "a"));

    assertThat(table.replacing(Map.of())).isSameAs(table);
    Cidr v6 = Cidr.parse("fd00::/8").orElseThrow();
    VpcTable<String> both = VpcTable.of(Map.of(in, "a", v6, "six"));
    VpcTable<String> patched = both.replacing(Map.of(in, "b"));
    assertThat(patched.lookup(InetAddress.getByName("10.0.1.1"))).isEqualTo("b");
    assertThat(patched.lookup(InetAddress.getByName("fd00::1"))).isEqualTo("six");
    assertThat(both.lookup(InetAddress.getByName("10.0.1.1"))).isEqualTo("a");
    assertThatThrownBy(() -> table.replacing(Map.of(Cidr.parse("10.1.0.0/16").orElseThrow(), "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the table");
    assertThatThrownBy(() -> table.replacing(Map.of(Cidr.parse("10.0.0.0/24").orElseThrow(), "b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> table.replacing(Map.of(Cidr.parse("fd00::/8").orElseThrow(), "b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ipv6AndIpv4AreSeparate() throws Exception {
    Cidr v6 = Cidr.parse("::/0").orElseThrow();
    Cidr v4 = Cidr.parse("127.0.0.0/8").orElseThrow();
    VpcTable<String> table = VpcTable.of(Map.of(v6, "six", v4, "four"));
    assertThat(table.lookup(InetAddress.getByName("127.1.2.3"))).isEqualTo("four");
    assertThat(table.lookup(InetAddress.getByName("::1"))).isEqualTo("six");
    assertThat(table.lookup(InetAddress.getByName("10.0.0.1"))).isNull();
  }

  /** Addresses inside 127.0.0.0/16 so random CIDRs and sources collide often. */
  @Provide
  Arbitrary<List<byte[]>> addresses() {
    return Arbitraries.integers()
        .between(0, 0xffff)
        .map(i -> new byte[] {127, 0, (byte) (i.intValue() >> 8), (byte) i.intValue()})
        .list()
        .ofMinSize(1)
        .ofMaxSize(30);
  }

  @Provide
  Arbitrary<List<Cidr>> cidrs() {
    Arbitrary<Cidr> cidr =
        net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(8, 32))
            .as(
                (i, length) ->
                    Cidr.parse("127.0." + (i >> 8) + "." + (i & 0xff) + "/" + length)
                        .orElseThrow());
    return cidr.list().ofMaxSize(15);
  }
}
