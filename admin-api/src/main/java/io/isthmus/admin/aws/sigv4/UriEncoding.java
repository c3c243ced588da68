package io.isthmus.admin.aws.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as SigV4 wants it ("UriEncode" in the SigV4 spec, "Create a canonical request"):
 * every byte of the UTF-8 form is written as {@code %XY} with upper-case hex, except RFC 3986's
 * unreserved characters ({@code A-Z a-z 0-9 - . _ ~}, RFC 3986 section 2.3), which stay as they
 * are. Decoding turns {@code %XY} back into its byte and leaves everything else, {@code +}
 * included, as the character it is: {@code +} means a space only in HTML form encoding, which AWS
 * clients do not use for query strings (they write {@code %20}).
 */
final class UriEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriEncoding() {}

  /** {@code bytes} encoded; {@code /} is kept too when {@code keepSlash}, as in a path. */
  static String encode(byte[] bytes, boolean keepSlash) {
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (isUnreserved(c) || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  static String encode(String text, boolean keepSlash) {
    return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
  }

  /**
   * The bytes {@code text} stands for. A {@code %} not followed by two hex digits is kept as a
   * literal {@code %} (which {@link #encode} then writes as {@code %25}) rather than refused: such
   * a request can still be signed consistently, and the signature decides.
   */
  static byte[] decode(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length);
    for (int i = 0; i < utf8.length; i++) {
      int high = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
      int low = i + 2 < utf8.length ? Character.digit(utf8[i + 2], 16) : -1;
      if (utf8[i] == '%' && high >= 0 && low >= 0) {
        out.write(high << 4 | low);
        i += 2;
      } else {
        out.write(utf8[i]);
      }
    }
    return out.toByteArray();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
