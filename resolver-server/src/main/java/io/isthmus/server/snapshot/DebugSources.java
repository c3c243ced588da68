package io.isthmus.server.snapshot;

import io.isthmus.config.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client addresses whose successful answers name the zone or rule that answered ({@code
 * isthmus.dns.debug-sources}, docs/spec/operations.md). Asked once per query, so it is built for
 * the common case of no or few CIDRs: with none, {@link #contains} is a constant false; an IPv4
 * source is matched against int masks without allocating. Immutable and thread-safe.
 */
public final class DebugSources {
  /** No debug sources: the default. */
  public static final DebugSources NONE = new DebugSources(new int[0], new int[0], List.of());

  /**
   * Whether {@link Inet4Address#hashCode()} is the address as an int, as it is in OpenJDK: then an
   * IPv4 source is matched without copying its bytes. Checked once, not assumed.
   */
  private static final boolean HASH_IS_ADDRESS = hashIsAddress();

  private final boolean empty;
  private final int[] v4Networks;
  private final int[] v4Masks;
  private final List<Cidr> v6;

  private DebugSources(int[] v4Networks, int[] v4Masks, List<Cidr> v6) {
    this.v4Networks = v4Networks;
    this.v4Masks = v4Masks;
    this.v6 = List.copyOf(v6);
    this.empty = v4Networks.length == 0 && v6.isEmpty();
  }

  /**
   * Parses a list of CIDRs ({@code 10.0.0.0/16}, {@code fd00::/8}); a bare address means that one
   * address. Blank entries are skipped (an empty property binds to one empty string).
   *
   * @throws IllegalArgumentException naming the first entry that is not a CIDR
   */
  public static DebugSources parse(List<String> cidrs) {
    return parse("isthmus.dns.debug-sources", cidrs);
  }

  /**
   * As {@link #parse(List)} for another property holding a CIDR list ({@code
   * isthmus.dns.rrl.exempt-clients}): errors name {@code key}.
   */
  public static DebugSources parse(String key, List<String> cidrs) {
    List<Integer> networks = new ArrayList<>();
    List<Integer> masks = new ArrayList<>();
    List<Cidr> v6 = new ArrayList<>();
    for (String entry : cidrs) {
      String text = entry == null ? "" : entry.trim();
      if (text.isEmpty()) {
        continue;
      }
      String withLength = text.contains("/") ? text : text + (text.contains(":") ? "/128" : "/32");
      Cidr cidr =
          Cidr.parse(withLength)
              .orElseThrow(() -> new IllegalArgumentException(key + ": not a CIDR: " + text));
      if (cidr.address().length == 4) {
        int mask = cidr.prefixLength() == 0 ? 0 : -1 << (32 - cidr.prefixLength());
        networks.add(toInt(cidr.address()) & mask);
        masks.add(mask);
      } else {
        v6.add(cidr);
      }
    }
    if (networks.isEmpty() && v6.isEmpty()) {
      return NONE;
    }
    return new DebugSources(
        networks.stream().mapToInt(Integer::intValue).toArray(),
        masks.stream().mapToInt(Integer::intValue).toArray(),
        v6);
  }

  /** True when no CIDR is configured. */
  public boolean isEmpty() {
    return empty;
  }

  /** True when {@code source} lies in one of the CIDRs. */
  public boolean contains(InetAddress source) {
    if (empty) {
      return false;
    }
    if (source instanceof Inet4Address) {
      if (v4Networks.length == 0) {
        return false;
      }
      int address = HASH_IS_ADDRESS ? source.hashCode() : toInt(source.getAddress());
      for (int i = 0; i < v4Networks.length; i++) {
        if ((address & v4Masks[i]) == v4Networks[i]) {
          return true;
        }
      }
      return false;
    }
    if (v6.isEmpty()) {
      return false;
    }
    byte[] address = source.getAddress();
    for (Cidr cidr : v6) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static boolean hashIsAddress() {
    try {
      byte[] probe = {(byte) 192, 0, 2, (byte) 201};
      return InetAddress.getByAddress(probe).hashCode() == toInt(probe);
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
