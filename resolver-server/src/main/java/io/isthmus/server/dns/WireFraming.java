package io.isthmus.server.dns;

import org.xbill.DNS.Header;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Checks that a message is framed exactly as its header says, before dnsjava parses it: the section
 * counts describe the whole message, every RDLENGTH fits, nothing follows the last record (RFC 1035
 * §4.1), and the options of an OPT RR tile its RDATA exactly (RFC 6891 §6.1.2). dnsjava is lenient
 * on two of these: it ignores bytes after the last record, and an option parser that reads less
 * than the option's length makes it parse the rest as further options.
 *
 * <p>It reads the bytes once, allocates nothing and never follows compression pointers (dnsjava
 * checks those when it parses the names). Stateless.
 */
final class WireFraming {

  /** Bit set by {@link #check}: the message is framed exactly by its header counts. */
  static final int FRAMED = 1;

  /**
   * Bit set by {@link #check}: the message holds a record of type OPT whose fixed fields (up to
   * RDLENGTH) are inside the message, in any section, usable or not. RFC 6891 §7: a responder
   * includes an OPT in its response to a request that had one.
   */
  static final int OPT_SEEN = 2;

  /** TYPE, CLASS, TTL and RDLENGTH after a record's owner name (RFC 1035 §4.1.3). */
  private static final int RECORD_FIXED = 10;

  /** OPTION-CODE and OPTION-LENGTH before each option's data (RFC 6891 §6.1.2). */
  private static final int OPTION_FIXED = 4;

  private WireFraming() {}

  /**
   * The {@link #FRAMED} and {@link #OPT_SEEN} bits of {@code wire}, whose 12-byte header is {@code
   * header}.
   */
  static int check(byte[] wire, Header header) {
    int at = Header.LENGTH;
    for (int i = header.getCount(Section.QUESTION); i > 0; i--) {
      at = skipName(wire, at);
      if (at < 0 || at + 4 > wire.length) {
        return 0;
      }
      at += 4;
    }
    int seen = 0;
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      for (int i = header.getCount(section); i > 0; i--) {
        at = skipName(wire, at);
        if (at < 0 || at + RECORD_FIXED > wire.length) {
          return seen;
        }
        boolean opt = u16(wire, at) == Type.OPT;
        if (opt) {
          seen = OPT_SEEN;
        }
        int rdataStart = at + RECORD_FIXED;
        int rdataEnd = rdataStart + u16(wire, at + 8);
        if (rdataEnd > wire.length || (opt && !optionsTile(wire, rdataStart, rdataEnd))) {
          return seen;
        }
        at = rdataEnd;
      }
    }
    // Trailing bytes mean the counts do not describe the message.
    return at == wire.length ? FRAMED | seen : seen;
  }

  /**
   * The offset after the name starting at {@code at}, or -1 when it runs past the end or uses a
   * label type other than a plain label or a pointer (RFC 1035 §4.1.4; RFC 6891 §5 retired the
   * extended label types).
   */
  private static int skipName(byte[] wire, int at) {
    while (at < wire.length) {
      int length = wire[at] & 0xFF;
      if (length == 0) {
        return at + 1;
      }
      if ((length & 0xC0) == 0xC0) {
        return at + 2 <= wire.length ? at + 2 : -1;
      }
      if ((length & 0xC0) != 0) {
        return -1;
      }
      at += 1 + length;
    }
    return -1;
  }

  /** True when the option TLVs between {@code start} and {@code end} end exactly at {@code end}. */
  private static boolean optionsTile(byte[] wire, int start, int end) {
    int at = start;
    while (at < end) {
      if (at + OPTION_FIXED > end) {
        return false;
      }
      at += OPTION_FIXED + u16(wire, at + 2);
    }
    return at == end;
  }

  private static int u16(byte[] wire, int at) {
    return ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
  }
}
