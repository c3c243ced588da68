package io.isthmus.zone;

import java.io.IOException;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RDATA in presentation format read as {@link Record#fromString} reads it, with a fast path for the
 * address records that make most of a large zone: dnsjava's tokenizer allocates kilobytes per call,
 * and an import or a compile of a million A records calls it a million times or more. Stateless.
 */
public final class RdataText {
  private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private RdataText() {}

  /**
   * The record of class IN with this RDATA: exactly what {@link Record#fromString} gives for the
   * same arguments, or the same exception.
   */
  public static Record parse(Name owner, int type, long ttl, String rdata, Name origin)
      throws IOException {
    byte[] address = null;
    if (type == Type.A && IPV4.matcher(rdata).matches()) {
      address = Address.toByteArray(rdata, Address.IPv4);
    } else if (type == Type.AAAA && IPV6.matcher(rdata).matches()) {
      address = Address.toByteArray(rdata, Address.IPv6);
    }
    if (address != null) {
      return Record.newRecord(owner, type, DClass.IN, ttl, address);
    }
    // Anything else, and every invalid address, the tokenizer's way (with its error messages).
    return Record.fromString(owner, type, DClass.IN, ttl, rdata, origin);
  }

  /** Whether {@link #parse} of this type yields RDATA without domain names, already canonical. */
  static boolean isAddress(int type) {
    return type == Type.A || type == Type.AAAA;
  }
}
