package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import io.isthmus.zone.WireSection;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The finish stage: turns a {@link Resolution} into a response message for one query (flags, the
 * echoed question, records, OPT). Immutable and thread-safe; each call builds a new message.
 */
final class ResponseFinisher {

  private final EdnsWriter edns;

  ResponseFinisher(EdnsWriter edns) {
    this.edns = edns;
  }

  Message finish(Query query, Resolution resolution) {
    Header asked = query.header();
    Message response = new Message(asked.getID());
    Header header = response.getHeader();
    header.setOpcode(asked.getOpcode());
    header.setFlag(Flags.QR);
    // RFC 1035 §4.1.1: RD is copied; RFC 4035 §3.1.6: so is CD. RA: we offer recursion (spec §7).
    copyFlag(asked, header, Flags.RD);
    copyFlag(asked, header, Flags.CD);
    header.setFlag(Flags.RA);
    if (resolution.authoritative()) {
      header.setFlag(Flags.AA);
    }
    // The question record exactly as parsed: dnsjava keeps the received case (0x20), and it is
    // written first, so answer owner names compress to it and show the same case.
    Record question = query.question();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    resolution.answer().forEach(r -> response.addRecord(r, Section.ANSWER));
    resolution.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));

    int rcode = resolution.rcode();
    OPTRecord opt = edns.responseOpt(query, rcode, resolution);
    if (opt != null) {
      response.addRecord(opt, Section.ADDITIONAL);
    } else if (rcode > 0xF) {
      // An extended RCODE cannot be expressed without OPT (RFC 6891 §6.1.3).
      rcode = Rcode.SERVFAIL;
    }
    header.setRcode(rcode & 0xF);
    return response;
  }

  /**
   * The response assembled from the resolution's pre-rendered sections by copying bytes (header,
   * the question exactly as received, the sections, the OPT), or null when that does not apply: no
   * pre-rendered sections, an extended RCODE, a question that is not plainly encoded, or a response
   * larger than {@code limit} — then {@link #finish} and dnsjava render it (and truncate). The
   * bytes are the same message {@link #finish} would render, up to name compression.
   */
  byte[] prerendered(byte[] wire, Query query, Resolution resolution, int limit) {
    WireSection answer = resolution.answerWire();
    WireSection authority = resolution.authorityWire();
    if ((answer == null && authority == null)
        || (answer == null && !resolution.answer().isEmpty())
        || (authority == null && !resolution.authority().isEmpty())
        || resolution.rcode() > 0xF
        || query.question() == null) {
      return null;
    }
    int questionEnd = questionEnd(wire);
    if (questionEnd < 0) {
      return null;
    }
    OPTRecord opt = edns.responseOpt(query, resolution.rcode(), resolution);
    byte[] optWire = opt == null ? EMPTY : opt.toWire(Section.ADDITIONAL);
    int answerLength = answer == null ? 0 : answer.bytes().length;
    int authorityLength = authority == null ? 0 : authority.bytes().length;
    int length = questionEnd + answerLength + authorityLength + optWire.length;
    if (length > limit) {
      return null;
    }
    byte[] out = new byte[length];
    out[0] = wire[0];
    out[1] = wire[1];
    // QR, the query's opcode and RD (RFC 1035 §4.1.1), AA for zone answers.
    out[2] =
        (byte)
            (0x80 | (wire[2] & 0x78) | (resolution.authoritative() ? 0x04 : 0) | (wire[2] & 0x01));
    // RA, the query's CD (RFC 4035 §3.1.6), the RCODE.
    out[3] = (byte) (0x80 | (wire[3] & 0x10) | resolution.rcode());
    out[5] = 1;
    putCount(out, 6, answer == null ? 0 : answer.count());
    putCount(out, 8, authority == null ? 0 : authority.count());
    putCount(out, 10, opt == null ? 0 : 1);
    int at = 12;
    System.arraycopy(wire, 12, out, at, questionEnd - 12);
    at = questionEnd;
    if (answer != null) {
      System.arraycopy(answer.bytes(), 0, out, at, answerLength);
      at += answerLength;
    }
    if (authority != null) {
      System.arraycopy(authority.bytes(), 0, out, at, authorityLength);
      at += authorityLength;
    }
    System.arraycopy(optWire, 0, out, at, optWire.length);
    return out;
  }

  /**
   * The end of the single question (name, type, class) of a query, or -1 when its name is not plain
   * labels (a compression pointer in a question is legal but rare: the slow path handles it).
   */
  private static int questionEnd(byte[] wire) {
    int at = 12;
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

  private static void putCount(byte[] out, int at, int count) {
    out[at] = (byte) (count >>> 8);
    out[at + 1] = (byte) count;
  }

  private static final byte[] EMPTY = new byte[0];

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }
}
