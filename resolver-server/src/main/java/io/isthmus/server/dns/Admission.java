package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.Transport;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The admit stage: protocol checks that answer a query before any VPC routing. This is the one
 * place where a malformed or unsupported query becomes an RCODE. Immutable and thread-safe.
 *
 * <p>Order (first match wins): malformed body → FORMERR; opcode other than QUERY → NOTIMP (RFC 1035
 * §4.1.1); QDCOUNT ≠ 1 → FORMERR (RFC 9619); more than one OPT, an OPT outside the additional
 * section or an OPT not owned by the root → FORMERR (RFC 6891 §6.1.1, §6.1.2); EDNS version > 0 →
 * BADVERS (RFC 6891 §6.1.3); then the question type, then its class (below). "Malformed body" is
 * decided by {@link QueryDecoder}: framing that does not match the header counts exactly (trailing
 * bytes included, RFC 1035 §4.1), option lengths that do not tile the OPT RDATA (RFC 6891 §6.1.2),
 * anything dnsjava cannot parse.
 *
 * <p>Decisions on question types, which mirror BIND: OPT (41), TSIG (250) and unassigned values of
 * the 128–255 QTYPE/meta-TYPE range can never name data (RFC 6891 §6.1.1, RFC 6895 §3.1), so asking
 * for them is a malformed question → FORMERR. TKEY (249, RFC 2930), MAILB (253) and MAILA (254) are
 * real query types this server does not implement → NOTIMP. Zone transfers (AXFR 252, IXFR 251) are
 * not offered: over UDP AXFR is undefined (RFC 5936 §4.2) and we treat IXFR alike → FORMERR; over
 * TCP the request is well formed but not permitted (RFC 5936 §2.2.1) → REFUSED.
 *
 * <p>Classes: CHAOS {@code id.server.} / {@code hostname.bind.} for TXT or ANY answer the node id
 * (RFC 4892), any source (spec §1); the same names with another type get an empty NOERROR (NODATA);
 * other CHAOS names → REFUSED. Classes other than IN and CH (HS, NONE, ANY, …) → REFUSED.
 */
final class Admission {

  private static final Name ID_SERVER = Name.fromConstantString("id.server.");
  private static final Name HOSTNAME_BIND = Name.fromConstantString("hostname.bind.");

  /** TXT RDATA holding the node id as one character-string (RFC 1035 §3.3.14). */
  private final byte[] nodeIdTxtRdata;

  Admission(byte[] nodeId) {
    nodeIdTxtRdata = new byte[nodeId.length + 1];
    nodeIdTxtRdata[0] = (byte) nodeId.length;
    System.arraycopy(nodeId, 0, nodeIdTxtRdata, 1, nodeId.length);
  }

  /** An immediate answer, or empty when the question goes on to the resolver. */
  Optional<Resolution> admit(Query query, Transport transport) {
    if (!query.wellFormed()) {
      return reject(Rcode.FORMERR);
    }
    if (query.header().getOpcode() != Opcode.QUERY) {
      return reject(Rcode.NOTIMP);
    }
    if (query.question() == null) {
      return reject(Rcode.FORMERR);
    }
    if (query.optInvalid()) {
      return reject(Rcode.FORMERR);
    }
    if (query.hasEdns() && query.opt().getVersion() > 0) {
      return reject(Rcode.BADVERS);
    }
    Record question = query.question();
    Optional<Resolution> byType = checkType(question.getType(), transport);
    if (byType.isPresent()) {
      return byType;
    }
    return switch (question.getDClass()) {
      case DClass.IN -> Optional.empty();
      case DClass.CH -> Optional.of(chaos(question));
      default -> reject(Rcode.REFUSED);
    };
  }

  private static Optional<Resolution> checkType(int qtype, Transport transport) {
    return switch (qtype) {
      case Type.ANY -> Optional.empty();
      case Type.AXFR, Type.IXFR ->
          reject(transport == Transport.UDP ? Rcode.FORMERR : Rcode.REFUSED);
      case Type.TKEY, Type.MAILB, Type.MAILA -> reject(Rcode.NOTIMP);
      default ->
          qtype == Type.OPT || (qtype >= 128 && qtype <= 255)
              ? reject(Rcode.FORMERR)
              : Optional.empty();
    };
  }

  private Resolution chaos(Record question) {
    Name qname = question.getName();
    if (!qname.equals(ID_SERVER) && !qname.equals(HOSTNAME_BIND)) {
      return Resolution.failure(Rcode.REFUSED, Resolution.NO_EDE, null, RouteKind.REFUSED);
    }
    List<Record> answer =
        question.getType() == Type.TXT || question.getType() == Type.ANY
            // Owner name as asked, so the 0x20 case survives in the answer too.
            ? List.of(Record.newRecord(qname, Type.TXT, DClass.CH, 0, nodeIdTxtRdata))
            : List.of();
    return Resolution.nodeAnswer(answer);
  }

  /**
   * An answer decided by the wire layer before routing: REFUSED is logged as the REFUSED route;
   * other protocol errors, like CHAOS answers, have no route (null).
   */
  private static Optional<Resolution> reject(int rcode) {
    RouteKind route = rcode == Rcode.REFUSED ? RouteKind.REFUSED : null;
    return Optional.of(Resolution.failure(rcode, Resolution.NO_EDE, null, route));
  }
}
