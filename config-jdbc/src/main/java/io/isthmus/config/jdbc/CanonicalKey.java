package io.isthmus.config.jdbc;

import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The {@code sort_key} of a record set (V8__change_log.sql, V10): bytes whose unsigned order is the
 * listing order of record sets, DNS canonical name order (RFC 4034 section 6.1) then the type's
 * number, so that a page of a zone is an index range, not a sort of the whole zone. The key is also
 * the record set's identity within its zone (with the set identifier, the unique index
 * record_sets_key), so no two names or types share one.
 *
 * <p>The labels from the root down, each as its lower-case octets followed by the two octets 0 0; a
 * zero octet within a label is written 0 1, so that it sorts after the end of a label (a label
 * before the longer labels it begins) and before every other octet. Then 0 0 again (a name before
 * the names below it, whose next label starts 0 1 or higher) and the type as two octets.
 */
final class CanonicalKey {
  /** The type number whose key follows every type of a name and precedes the names below it. */
  static final int AFTER_LAST_TYPE = 0x10000;

  private CanonicalKey() {}

  /** The key of the record sets of {@code type} at {@code name} (normalized, absolute). */
  static byte[] of(String name, String type) {
    return of(name, Type.value(type));
  }

  /**
   * The key of type number {@code type} at {@code name}; 65,536, one past the last type, gives a
   * key after every type of the name and before the names below it (where a listing resumes).
   */
  static byte[] of(String name, int type) {
    Name parsed;
    try {
      parsed = Name.fromString(name);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("invalid name " + name, e);
    }
    // At most two octets per octet of the name, two per label end, two for the name's end and three
    // for the type. A plain array: ByteArrayOutputStream locks on every octet, and this runs for
    // each record set a zone file import writes.
    byte[] key = new byte[2 * parsed.length() + 2 * parsed.labels() + 5];
    int at = 0;
    // getLabel(i) is the wire label: its length octet, then its octets; the last label is the root.
    for (int i = parsed.labels() - 2; i >= 0; i--) {
      byte[] label = parsed.getLabel(i);
      for (int j = 1; j < label.length; j++) {
        int octet = label[j] & 0xff;
        if (octet == 0) {
          key[at++] = 0;
          key[at++] = 1;
        } else {
          // US-ASCII letters only (RFC 4034 section 6.2), not the other octets of Latin-1.
          key[at++] = (byte) (octet >= 'A' && octet <= 'Z' ? octet + ('a' - 'A') : octet);
        }
      }
      key[at++] = 0;
      key[at++] = 0;
    }
    key[at++] = 0;
    key[at++] = 0;
    if (type >= AFTER_LAST_TYPE) {
      key[at++] = (byte) 0xff;
      key[at++] = (byte) 0xff;
      key[at++] = 0;
    } else {
      key[at++] = (byte) (type >>> 8);
      key[at++] = (byte) type;
    }
    return Arrays.copyOf(key, at);
  }
}
