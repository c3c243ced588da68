package io.isthmus.server.querylog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer in which the query log writer builds its lines as UTF-8 directly: no
 * {@code StringBuilder} of chars, no {@code String}, no encoding pass per line. Most of a line is
 * ASCII copied from cached byte arrays; {@link #json(String)} escapes and encodes the rest.
 *
 * <p>Not thread-safe: the writer thread owns its buffer.
 */
final class LineBuffer {

  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private byte[] bytes;
  private int length;

  LineBuffer(int initialCapacity) {
    this.bytes = new byte[Math.max(16, initialCapacity)];
  }

  int length() {
    return length;
  }

  /** The buffer's array; bytes {@code [0, length())} are the content. */
  byte[] array() {
    return bytes;
  }

  void clear() {
    length = 0;
  }

  /** Drops everything after the first {@code newLength} bytes. */
  void truncate(int newLength) {
    length = newLength;
  }

  LineBuffer append(byte b) {
    ensure(1);
    bytes[length++] = b;
    return this;
  }

  LineBuffer append(byte[] src) {
    ensure(src.length);
    System.arraycopy(src, 0, bytes, length, src.length);
    length += src.length;
    return this;
  }

  LineBuffer append(byte[] src, int offset, int count) {
    ensure(count);
    System.arraycopy(src, offset, bytes, length, count);
    length += count;
    return this;
  }

  /** A non-negative decimal number. */
  LineBuffer digits(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    int count = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      count++;
    }
    ensure(count);
    int end = length + count;
    long rest = value;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    length = end;
    return this;
  }

  /** {@code value} as a JSON string (RFC 8259 §7) in UTF-8, or {@code null}. */
  LineBuffer json(String value) {
    if (value == null) {
      return append(NULL);
    }
    int count = value.length();
    ensure(count + 2);
    int start = length;
    bytes[length++] = '"';
    for (int i = 0; i < count; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        // Escapes or non-ASCII (rare: dnsjava presents odd bytes as \DDD): the general path.
        length = start;
        return append(escaped(value).getBytes(StandardCharsets.UTF_8));
      }
      bytes[length++] = (byte) c;
    }
    bytes[length++] = '"';
    return this;
  }

  /** The content as text (for tests and messages). */
  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** {@code value} as a JSON string literal, quotes included. */
  static String escaped(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          // Controls must be escaped; U+2028/2029 too, for readers that treat them as newlines.
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append("\\u");
            String hex = Integer.toHexString(c);
            out.append("0000", 0, 4 - hex.length()).append(hex);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Room for {@code more} bytes; the check is small enough to be inlined at every append. */
  private void ensure(int more) {
    if (length + more > bytes.length) {
      grow(more);
    }
  }

  private void grow(int more) {
    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
  }
}
