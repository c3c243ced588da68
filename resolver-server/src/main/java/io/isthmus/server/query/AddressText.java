package io.isthmus.server.query;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * An address as the query log and the metrics write it: one text for one address, whatever form it
 * was configured or received in. Stateless.
 */
public final class AddressText {
  private AddressText() {}

  /** Dotted quad for IPv4; RFC 5952 for IPv6 (lower case, longest zero run as ::, no zone). */
  public static String of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // RFC 5952 §4.2.2/§4.2.3: the longest run of two or more zero groups, the first if tied.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLength) {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
