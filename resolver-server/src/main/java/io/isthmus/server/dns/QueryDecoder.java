package io.isthmus.server.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The decode stage: wire bytes to a {@link Query}. It never decides an RCODE (that is {@link
 * Admission}'s job); it only records what it found. Stateless.
 */
final class QueryDecoder {

  private QueryDecoder() {}

  /**
   * The header, or null when fewer than 12 bytes arrived: without an ID there is no query to answer
   * (spec §7 "otherwise dropped").
   */
  static Header header(byte[] wire) {
    if (wire.length < Header.LENGTH) {
      return null;
    }
    try {
      return new Header(wire);
    } catch (IOException e) {
      return null;
    }
  }

  /** Decodes the body of a query whose header is already known to parse. Never throws. */
  static Query decode(byte[] wire, Header header) {
    if (!countsCanFit(wire.length, header)) {
      return Query.malformed(header, firstQuestion(wire, header));
    }
    Message message;
    try {
      message = new Message(wire);
    } catch (IOException | RuntimeException malformed) {
      // Compression loops, truncated names or RDATA, bad EDNS options: all end up here.
      return Query.malformed(header, firstQuestion(wire, header));
    }
    if (!allRecordsParsed(message)) {
      return Query.malformed(header, firstQuestion(wire, header));
    }
    List<OPTRecord> optsInAdditional = new ArrayList<>(1);
    for (Record r : message.getSection(Section.ADDITIONAL)) {
      if (r instanceof OPTRecord opt) {
        optsInAdditional.add(opt);
      }
    }
    boolean optElsewhere =
        hasOpt(message.getSection(Section.ANSWER)) || hasOpt(message.getSection(Section.AUTHORITY));
    boolean misplaced = optElsewhere || optsInAdditional.size() > 1;
    OPTRecord opt = !misplaced && optsInAdditional.size() == 1 ? optsInAdditional.get(0) : null;
    return new Query(
        message.getHeader(), true, message.getSection(Section.QUESTION), opt, misplaced);
  }

  /**
   * A question takes at least 5 bytes (root name, type, class) and a record at least 11 (RFC 1035
   * §4.1.2/§4.1.3). Checking this first matters: dnsjava pre-sizes each section by its header
   * count, so a 13-byte datagram claiming 65535 records per section would otherwise cost
   * allocations far larger than itself.
   */
  private static boolean countsCanFit(int length, Header header) {
    long needed =
        Header.LENGTH
            + 5L * header.getCount(Section.QUESTION)
            + 11L
                * (header.getCount(Section.ANSWER)
                    + header.getCount(Section.AUTHORITY)
                    + header.getCount(Section.ADDITIONAL));
    return needed <= length;
  }

  /**
   * dnsjava stops quietly at a parse error when the TC bit is set (it expects truncated responses),
   * so a query with TC=1 and a broken body would otherwise look well formed with fewer records.
   */
  private static boolean allRecordsParsed(Message message) {
    for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
      if (message.getSection(section).size() != message.getHeader().getCount(section)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasOpt(List<Record> records) {
    // A loop, not a stream: this runs twice per query and a stream pipeline allocates.
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).getType() == Type.OPT) {
        return true;
      }
    }
    return false;
  }

  /**
   * Best effort for the FORMERR of a malformed query: echo its question when there is exactly one
   * and it parses on its own (RFC 1035 §4.1.2 layout: name, type, class).
   */
  private static List<Record> firstQuestion(byte[] wire, Header header) {
    if (header.getCount(Section.QUESTION) != 1) {
      return List.of();
    }
    try {
      DNSInput in = new DNSInput(wire);
      in.jump(Header.LENGTH);
      Name name = new Name(in);
      int type = in.readU16();
      int dclass = in.readU16();
      return List.of(Record.newRecord(name, type, dclass));
    } catch (IOException | RuntimeException unparseable) {
      return List.of();
    }
  }
}
