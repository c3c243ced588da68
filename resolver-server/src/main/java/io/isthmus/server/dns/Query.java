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
 * @param opt the usable OPT record: the only one, in the additional section, owned by the root,
 *     with well-formed options; null when there is none or it breaks one of these rules (RFC 6891
 *     §6.1)
 * @param optSeen the query held a record of type OPT whose fixed fields could be read, usable or
 *     not: the response then carries an OPT too (RFC 6891 §7), a minimal one when {@code opt} is
 *     null
 */
record Query(
    Header header, boolean wellFormed, List<Record> questions, OPTRecord opt, boolean optSeen) {

  Query {
    questions = List.copyOf(questions);
  }

  static Query malformed(Header header, List<Record> questions, boolean optSeen) {
    return new Query(header, false, questions, null, optSeen);
  }

  /** The single question, or null when the query does not carry exactly one. */
  Record question() {
    return questions.size() == 1 ? questions.get(0) : null;
  }

  boolean hasEdns() {
    return opt != null;
  }

  /** An OPT was there but is not usable: more than one, misplaced, not owned by the root. */
  boolean optInvalid() {
    return optSeen && opt == null;
  }
}
