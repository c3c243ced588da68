package io.isthmus.server.dns;

import java.util.List;
import org.xbill.DNS.Header;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * A decoded query, as far as it could be decoded. Immutable (dnsjava records are not mutated after
 * parsing; the header is never handed out for writing).
 *
 * @param header the parsed 12-byte header (always present: without it the datagram is dropped)
 * @param wellFormed false when the body after the header could not be parsed
 * @param questions the question entries exactly as received (0x20 case kept); when the body is
 *     malformed, the first question if it alone could be parsed
 * @param opt the one OPT record of the additional section, or null when there is none or the OPT
 *     placement is invalid
 * @param optMisplaced more than one OPT, or an OPT outside the additional section (RFC 6891 §6.1.1)
 */
record Query(
    Header header,
    boolean wellFormed,
    List<Record> questions,
    OPTRecord opt,
    boolean optMisplaced) {

  Query {
    questions = List.copyOf(questions);
  }

  static Query malformed(Header header, List<Record> questions) {
    return new Query(header, false, questions, null, false);
  }

  /** The single question, or null when the query does not carry exactly one. */
  Record question() {
    return questions.size() == 1 ? questions.get(0) : null;
  }

  boolean hasEdns() {
    return opt != null;
  }
}
