package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
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

  private static void copyFlag(Header from, Header to, int flag) {
    if (from.getFlag(flag)) {
      to.setFlag(flag);
    }
  }
}
