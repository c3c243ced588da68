package io.isthmus.server.dns;

import io.isthmus.server.query.Transport;
import org.xbill.DNS.Message;

/**
 * The size stage: the response size limit for a query, and rendering within it. Stateless.
 *
 * <p>Rendering relies on dnsjava's {@link Message#toWire(int)}, which this project's tests pin
 * down: it reserves room for the OPT record first (so OPT survives truncation, RFC 6891 §7), drops
 * whole RRsets from the first section that does not fit and everything after it, sets TC and fixes
 * the section counts (RFC 2181 §9, RFC 1035 §4.2.1).
 */
final class Truncation {

  /** RFC 1035 §4.2.1: the UDP limit without EDNS, and the floor for any advertised size. */
  static final int CLASSIC_UDP_LIMIT = 512;

  /** RFC 1035 §4.2.2: the TCP length prefix is 16 bits. */
  static final int MAX_MESSAGE = 65535;

  private Truncation() {}

  static int limit(Query query, Transport transport) {
    if (transport == Transport.TCP) {
      return MAX_MESSAGE;
    }
    if (!query.hasEdns()) {
      return CLASSIC_UDP_LIMIT;
    }
    // RFC 6891 §6.2.5: sizes below 512 are treated as 512.
    return Math.min(MAX_MESSAGE, Math.max(CLASSIC_UDP_LIMIT, query.opt().getPayloadSize()));
  }

  static byte[] render(Message response, int limit) {
    return response.toWire(limit);
  }
}
