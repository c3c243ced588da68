package io.isthmus.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block with its host bits cleared ({@code 10.0.0.0/16}). Immutable.
 *
 * @param address network address bytes (4 or 16), host bits zero
 * @param prefixLength number of leading network bits
 */
public record Cidr(byte[] address, int prefixLength) {
  /** Literal addresses only: never trigger a DNS lookup while validating input. */
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]+");

  public Cidr {
    address = address.clone();
  }

  /**
   * Parses {@code "10.0.0.0/16"} or {@code "fd00::/8"}; empty if malformed. Host bits are cleared.
   */
  public static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      return Optional.empty();
    }
    String host = text.substring(0, slash).trim();
    if (!LITERAL.matcher(host).matches()) {
      return Optional.empty();
    }
    byte[] bytes;
    int length;
    try {
      bytes = InetAddress.getByName(host).getAddress();
      length = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
    if (host.contains(":") != (bytes.length == 16) || length < 0 || length > bytes.length * 8) {
      return Optional.empty();
    }
    return Optional.of(new Cidr(mask(bytes, length), length));
  }

  /** The CIDR as a string, e.g. {@code 10.0.0.0/16}. */
  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean contains(InetAddress candidate) {
    return contains(candidate.getAddress());
  }

  public boolean contains(byte[] candidate) {
    return candidate.length == address.length
        && Arrays.equals(mask(candidate, prefixLength), address);
  }

  /** Two blocks overlap when one contains the other's network address. */
  public boolean overlaps(Cidr other) {
    if (other.address.length != address.length) {
      return false;
    }
    int shorter = Math.min(prefixLength, other.prefixLength);
    return Arrays.equals(mask(address, shorter), mask(other.address, shorter));
  }

  static byte[] mask(byte[] bytes, int length) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bitsInByte = Math.max(0, Math.min(8, length - i * 8));
      out[i] &= (byte) (0xff << (8 - bitsInByte));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && Arrays.equals(c.address, address);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + prefixLength;
  }
}
