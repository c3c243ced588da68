package io.isthmus.server.dns;

import java.io.IOException;
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

  /**
   * Decodes the body of a query whose header is already known to parse. Never throws. The query is
   * malformed when its framing is not exact ({@link WireFraming}) or dnsjava cannot parse it; its
   * OPT is usable only when it is the one OPT of the message, in the additional section, owned by
   * the root (RFC 6891 §6.1.1, §6.1.2).
   */
  static Query decode(byte[] wire, Header header) {
    // Framing first: it also keeps dnsjava, which pre-sizes each section by its header count, from
    // allocating far more than a short datagram claiming 65535 records per section is worth.
    int framing = WireFraming.check(wire, header);
    boolean optSeen = (framing & WireFraming.OPT_SEEN) != 0;
    if ((framing & WireFraming.FRAMED) == 0) {
      return Query.malformed(header, firstQuestion(wire, header), optSeen);
    }
    Message message;
    try {
      message = new Message(wire);
    } catch (IOException | RuntimeException malformed) {
      // Compression loops, names over 255 bytes, bad RDATA, an option whose content is invalid.
      return Query.malformed(header, firstQuestion(wire, header), optSeen);
    }
    if (!allRecordsParsed(message)) {
      return Query.malformed(header, firstQuestion(wire, header), optSeen);
    }
    List<Record> questions = message.getSection(Section.QUESTION);
    if (!optSeen) {
      return new Query(message.getHeader(), true, questions, null, false);
    }
    return new Query(message.getHeader(), true, questions, usableOpt(message), true);
  }

  /**
   * The OPT of a message that holds at least one, or null when it breaks RFC 6891 §6.1.1: more than
   * one OPT, an OPT outside the additional section, or an owner other than the root.
   */
  private static OPTRecord usableOpt(Message message) {
    if (hasOpt(message.getSection(Section.ANSWER))
        || hasOpt(message.getSection(Section.AUTHORITY))) {
      return null;
    }
    OPTRecord found = null;
    List<Record> additional = message.getSection(Section.ADDITIONAL);
    for (int i = 0; i < additional.size(); i++) {
      if (additional.get(i) instanceof OPTRecord opt) {
        if (found != null || !opt.getName().equals(Name.root)) {
          return null;
        }
        found = opt;
      }
    }
    return found;
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
    // A loop, not a stream: a stream pipeline allocates.
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
