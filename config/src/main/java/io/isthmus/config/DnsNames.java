package io.isthmus.config;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Normalization of names given to the API: absolute, lower case, IDN labels as A-labels. */
public final class DnsNames {
  private DnsNames() {}

  /**
   * The normalized form ({@code "app1.example."}) of a name given with or without the trailing dot,
   * or empty if it is not a valid DNS name. The root is {@code "."}.
   */
  public static Optional<String> normalize(String input) {
    if (input == null) {
      return Optional.empty();
    }
    String text = input.trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.equals(".")) {
      return Optional.of(".");
    }
    if (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      // ALLOW_UNASSIGNED: labels such as "_sip" or "*" must pass through unchanged. Of a name of
      // US-ASCII, IDN checks only that each label, as written, has 1 to 63 characters (RFC 3490
      // section 4.1, steps 1, 4 and 8): done here, as a zone file import normalizes a million.
      String ascii;
      if (isAscii(text)) {
        if (!labelsFit(text)) {
          return Optional.empty();
        }
        ascii = text;
        if (isPlain(text)) {
          // Letters, digits, '-', '_' and '*' only, labels of 1 to 63: the parse would give the
          // same text back, lower case. A name of 255 octets in wire form at most (RFC 1035
          // section 2.3.4): one length octet per label and the root's.
          return text.length() + 2 <= 255
              ? Optional.of(text.toLowerCase(Locale.ROOT) + ".")
              : Optional.empty();
        }
      } else {
        ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
      }
      Name name = Name.fromString(ascii.toLowerCase(Locale.ROOT) + ".");
      return Optional.of(name.toString());
    } catch (IllegalArgumentException | TextParseException e) {
      return Optional.empty();
    }
  }

  /** Whether each label of {@code text}, split at every dot as IDN splits it, has 1 to 63. */
  private static boolean labelsFit(String text) {
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '.') {
        // An empty last label (the name ended in two dots) passes, as in IDN.
        if ((i == start && i < text.length()) || i - start > 63) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  /** Only characters a name prints as themselves, and no empty label (which the parse refuses). */
  private static boolean isPlain(String text) {
    if (text.endsWith(".")) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '*'
              || c == '.';
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** {@code name} equals {@code zone} or lies below it (both normalized). */
  public static boolean isAtOrBelow(String name, String zone) {
    return zone.equals(".") || name.equals(zone) || name.endsWith("." + zone);
  }
}
