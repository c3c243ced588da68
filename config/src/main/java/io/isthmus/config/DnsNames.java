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
      // ALLOW_UNASSIGNED: labels such as "_sip" or "*" must pass through unchanged.
      String ascii = IDN.toASCII(text, IDN.ALLOW_UNASSIGNED);
      Name name = Name.fromString(ascii.toLowerCase(Locale.ROOT) + ".");
      return Optional.of(name.toString());
    } catch (IllegalArgumentException | TextParseException e) {
      return Optional.empty();
    }
  }

  /** {@code name} equals {@code zone} or lies below it (both normalized). */
  public static boolean isAtOrBelow(String name, String zone) {
    return zone.equals(".") || name.equals(zone) || name.endsWith("." + zone);
  }
}
