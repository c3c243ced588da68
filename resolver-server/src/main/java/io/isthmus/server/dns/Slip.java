package io.isthmus.server.dns;

/**
 * The "slip" of response rate limiting: instead of a limited response, a response with TC=1 and no
 * records (header and question only). A real client retries over TCP, which is never rate limited;
 * a victim of a spoofed-source flood receives no more bytes than the query had. Stateless.
 */
final class Slip {

  private static final int HEADER = 12;

  /** Header flag byte 2: TC (RFC 1035 §4.1.1). */
  private static final int TC = 0x02;

  private Slip() {}

  /**
   * The slip for {@code response}: its ID, flags and RCODE with TC set, its question when the
   * question can be read, no answer, authority or additional records (so no OPT either).
   */
  static byte[] of(byte[] response) {
    if (response.length < HEADER) {
      throw new IllegalArgumentException("not a DNS message: " + response.length + " bytes");
    }
    int questionCount = (response[4] & 0xFF) << 8 | (response[5] & 0xFF);
    int end = questionCount == 1 ? questionEnd(response) : -1;
    int length = end < 0 ? HEADER : end;
    byte[] slip = new byte[length];
    System.arraycopy(response, 0, slip, 0, length);
    slip[2] |= TC;
    slip[4] = 0;
    slip[5] = (byte) (end < 0 ? 0 : 1);
    for (int count = 6; count < HEADER; count++) {
      slip[count] = 0;
    }
    return slip;
  }

  /**
   * The end of the one question, or -1 when its name is not plain labels. A response's question is
   * its first name, so it is never compressed.
   */
  private static int questionEnd(byte[] wire) {
    int at = HEADER;
    while (at < wire.length) {
      int label = wire[at] & 0xFF;
      if (label == 0) {
        int end = at + 1 + 4;
        return end <= wire.length ? end : -1;
      }
      if (label > 63) {
        return -1;
      }
      at += 1 + label;
    }
    return -1;
  }
}
