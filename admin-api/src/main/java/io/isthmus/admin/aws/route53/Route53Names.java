package io.isthmus.admin.aws.route53;

/**
 * Names as Route 53 writes them in its responses: a to z, 0 to 9, hyphen, underscore and the dots
 * between labels as themselves; every other octet as a backslash and three octal digits, so that
 * {@code *.example.com.} is {@code \052.example.com.} (Route 53 Developer Guide, "DNS domain name
 * format"). Stored names are in dnsjava's presentation, whose escapes are decimal.
 */
final class Route53Names {
  private Route53Names() {}

  static String escape(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      int octet;
      if (c == '\\' && isDigits(name, i + 1)) {
        octet = Integer.parseInt(name.substring(i + 1, i + 4));
        i += 3;
      } else if (c == '\\' && i + 1 < name.length()) {
        octet = name.charAt(++i);
      } else if (c == '.' || plain(c)) {
        out.append(c);
        continue;
      } else {
        octet = c & 0xff;
      }
      if (octet < 128 && plain((char) octet) && octet != '.') {
        out.append((char) octet);
      } else {
        out.append('\\').append(String.format("%03o", octet));
      }
    }
    return out.toString();
  }

  /**
   * A name as a client wrote it for Route 53, its octal escapes ({@code \052}) turned into the
   * decimal ones of dnsjava's presentation ({@code \042}), which the rest of Isthmus reads; other
   * text is left as it is. Null stays null.
   */
  static String unescape(String name) {
    if (name == null || name.indexOf('\\') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && isOctal(name, i + 1)) {
        out.append('\\')
            .append(String.format("%03d", Integer.parseInt(name.substring(i + 1, i + 4), 8)));
        i += 3;
      } else if (c == '\\' && i + 1 < name.length()) {
        out.append(c).append(name.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String name, int from) {
    if (from + 3 > name.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }

  private static boolean plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  private static boolean isDigits(String name, int from) {
    if (from + 3 > name.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
