package io.isthmus.route;

import io.isthmus.config.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a client source address to the VPC whose CIDR holds it, longest prefix first
 * (docs/spec/resolution.md section 1). One hash map per prefix length that is in use, probed from
 * the longest length down. Immutable and thread-safe.
 *
 * @param <V> the per-VPC value (the VPC's compiled routes)
 */
public final class VpcTable<V> {
  private final Family<V> ipv4;
  private final Family<V> ipv6;

  private VpcTable(Family<V> ipv4, Family<V> ipv6) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
  }

  /** Builds a table from CIDR → value entries. Overlapping CIDRs are allowed; longest wins. */
  public static <V> VpcTable<V> of(Map<Cidr, V> entries) {
    Map<Cidr, V> v4 = new HashMap<>();
    Map<Cidr, V> v6 = new HashMap<>();
    entries.forEach((cidr, value) -> (cidr.address().length == 4 ? v4 : v6).put(cidr, value));
    return new VpcTable<>(new Family<>(v4), new Family<>(v6));
  }

  /**
   * This table with the CIDRs of {@code values}, every one already in it, mapped to their new
   * values; only the maps of their prefix lengths are copied, the others shared.
   *
   * @throws IllegalArgumentException if a CIDR is not in the table
   */
  public VpcTable<V> replacing(Map<Cidr, V> values) {
    if (values.isEmpty()) {
      return this;
    }
    Map<Cidr, V> v4 = new HashMap<>();
    Map<Cidr, V> v6 = new HashMap<>();
    values.forEach((cidr, value) -> (cidr.address().length == 4 ? v4 : v6).put(cidr, value));
    return new VpcTable<>(ipv4.replacing(v4), ipv6.replacing(v6));
  }

  /** The value of the longest CIDR containing {@code source}, or null. */
  public V lookup(InetAddress source) {
    byte[] address = source.getAddress();
    return (address.length == 4 ? ipv4 : ipv6).lookup(address);
  }

  /** The longest CIDR containing {@code source}, or null (for explanations, not the hot path). */
  public Cidr matchingCidr(InetAddress source) {
    byte[] address = source.getAddress();
    return (address.length == 4 ? ipv4 : ipv6).matchingCidr(address);
  }

  private static final class Family<V> {
    private final int[] lengthsLongestFirst;
    private final List<Map<Key, V>> byLength;

    private Family(int[] lengthsLongestFirst, List<Map<Key, V>> byLength) {
      this.lengthsLongestFirst = lengthsLongestFirst;
      this.byLength = byLength;
    }

    Family<V> replacing(Map<Cidr, V> values) {
      if (values.isEmpty()) {
        return this;
      }
      List<Map<Key, V>> maps = new ArrayList<>(byLength);
      boolean[] copied = new boolean[maps.size()];
      values.forEach(
          (cidr, value) -> {
            int i = indexOf(cidr.prefixLength());
            Key key = new Key(cidr.address());
            if (i < 0 || !maps.get(i).containsKey(key)) {
              throw new IllegalArgumentException("not in the table: " + cidr);
            }
            if (!copied[i]) {
              maps.set(i, new HashMap<>(maps.get(i)));
              copied[i] = true;
            }
            maps.get(i).put(key, value);
          });
      return new Family<>(lengthsLongestFirst, maps);
    }

    private int indexOf(int length) {
      for (int i = 0; i < lengthsLongestFirst.length; i++) {
        if (lengthsLongestFirst[i] == length) {
          return i;
        }
      }
      return -1;
    }

    Family(Map<Cidr, V> entries) {
      this.lengthsLongestFirst =
          entries.keySet().stream()
              .mapToInt(Cidr::prefixLength)
              .distinct()
              .map(i -> -i)
              .sorted()
              .map(i -> -i)
              .toArray();
      this.byLength = new ArrayList<>();
      for (int length : lengthsLongestFirst) {
        Map<Key, V> map = new HashMap<>();
        entries.forEach(
            (cidr, value) -> {
              if (cidr.prefixLength() == length) {
                map.put(new Key(cidr.address()), value);
              }
            });
        byLength.add(map);
      }
    }

    V lookup(byte[] address) {
      for (int i = 0; i < lengthsLongestFirst.length; i++) {
        V value = byLength.get(i).get(new Key(masked(address, lengthsLongestFirst[i])));
        if (value != null) {
          return value;
        }
      }
      return null;
    }

    Cidr matchingCidr(byte[] address) {
      for (int i = 0; i < lengthsLongestFirst.length; i++) {
        byte[] network = masked(address, lengthsLongestFirst[i]);
        if (byLength.get(i).containsKey(new Key(network))) {
          return new Cidr(network, lengthsLongestFirst[i]);
        }
      }
      return null;
    }

    private static byte[] masked(byte[] address, int length) {
      byte[] out = address.clone();
      for (int i = 0; i < out.length; i++) {
        int bits = Math.max(0, Math.min(8, length - i * 8));
        out[i] &= (byte) (0xff << (8 - bits));
      }
      return out;
    }
  }

  /** Byte-array key with value semantics. */
  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
