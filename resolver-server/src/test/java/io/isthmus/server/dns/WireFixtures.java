package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/** Queries, raw wire tweaks and resolver doubles shared by the wire-layer tests. */
final class WireFixtures {

  static final String NODE_ID = "node-7.test";
  static final InetSocketAddress CLIENT = new InetSocketAddress(addr("10.0.0.9"), 40000);
  static final InetSocketAddress LISTENER = new InetSocketAddress(addr("10.0.0.2"), 53);

  private WireFixtures() {}

  static InetAddress addr(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Name name(String text) {
    return Name.fromConstantString(text);
  }

  /** A query with ID 0x1234 and RD set, as a stub resolver sends it. */
  static Message query(String qname, int qtype) {
    return query(qname, qtype, DClass.IN);
  }

  static Message query(String qname, int qtype, int dclass) {
    Message m = Message.newQuery(Record.newRecord(name(qname), qtype, dclass));
    m.getHeader().setID(0x1234);
    return m;
  }

  static Message withOpt(Message m, int payload, EDNSOption... options) {
    m.addRecord(new OPTRecord(payload, 0, 0, 0, options), Section.ADDITIONAL);
    return m;
  }

  static EDNSOption nsidRequest() {
    return new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0]);
  }

  static byte[] wire(Message m) {
    return m.toWire();
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The payload of the first option with this code, or null. */
  static byte[] optionData(OPTRecord opt, int code) {
    List<EDNSOption> options = opt.getOptions(code);
    if (options.isEmpty()) {
      return null;
    }
    byte[] wire = options.get(0).toWire();
    return Arrays.copyOfRange(wire, 4, wire.length);
  }

  static boolean flag(Message m, int flag) {
    return m.getHeader().getFlag(flag);
  }

  static boolean truncated(Message m) {
    return flag(m, Flags.TC);
  }

  /** An authoritative answer of {@code count} A records for the question name. */
  static Resolution aRecords(Name owner, int count) {
    List<Record> answer = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answer.add(new ARecord(owner, DClass.IN, 300, addr("192.0.2." + (i % 250 + 1))));
    }
    return answer(answer);
  }

  /** An answer of TXT records with the given string lengths (each one RRset member). */
  static Resolution txtRecords(Name owner, List<Integer> lengths) {
    List<Record> answer = new ArrayList<>();
    for (int i = 0; i < lengths.size(); i++) {
      // A distinct prefix per record: an RRset must not hold duplicates.
      String prefix = i + "-";
      int length = Math.min(250, lengths.get(i));
      answer.add(
          new TXTRecord(
              owner, DClass.IN, 60, prefix + "x".repeat(Math.max(0, length - prefix.length()))));
    }
    return answer(answer);
  }

  static Resolution answer(List<Record> records) {
    return Resolution.local(
        Rcode.NOERROR, records, List.of(), null, null, RouteKind.HOSTED_ZONE, "Z1", "vpc-1");
  }

  static QueryResolver fixed(Resolution resolution) {
    return (source, local, qname, qtype) -> CompletableFuture.completedFuture(resolution);
  }

  /** The pipeline's response to a query answered locally (already complete on return). */
  static byte[] answer(
      QueryPipeline pipeline,
      byte[] query,
      InetSocketAddress client,
      InetSocketAddress listener,
      Transport transport) {
    CompletableFuture<byte[]> response = pipeline.process(query, client, listener, transport);
    if (!response.isDone()) {
      throw new AssertionError("a local answer must be complete when process() returns");
    }
    return response.join();
  }

  /** The root name as an owner: the single zero octet (RFC 1035 §3.1). */
  static final byte[] ROOT = {0};

  /**
   * A hand-made query for {@code example.com. A} (ID 0x1234, RD) with the given section counts,
   * followed by {@code records} as raw bytes: for messages dnsjava would refuse to build.
   */
  static byte[] rawQuery(int ancount, int nscount, int arcount, byte[]... records) {
    byte[] question = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};
    byte[] header = {
      0x12, 0x34, 0x01, 0x00, 0, 1, 0, (byte) ancount, 0, (byte) nscount, 0, (byte) arcount
    };
    byte[][] parts = new byte[records.length + 2][];
    parts[0] = header;
    parts[1] = question;
    System.arraycopy(records, 0, parts, 2, records.length);
    return concat(parts);
  }

  /**
   * An OPT RR as raw bytes: {@code owner}, TYPE 41, CLASS = payload size 1232, TTL = {@code ttl}
   * (extended RCODE, version, flags; RFC 6891 §6.1.3), RDLENGTH = {@code rdata.length}.
   */
  static byte[] rawOpt(byte[] owner, int ttl, byte[] rdata) {
    byte[] fixed = {
      0,
      41,
      0x04,
      (byte) 0xD0,
      (byte) (ttl >>> 24),
      (byte) (ttl >>> 16),
      (byte) (ttl >>> 8),
      (byte) ttl,
      (byte) (rdata.length >>> 8),
      (byte) rdata.length
    };
    return concat(owner, fixed, rdata);
  }

  /** A root-owned OPT, version 0, no flags, with {@code rdata} as its options. */
  static byte[] rawOpt(byte[] rdata) {
    return rawOpt(ROOT, 0, rdata);
  }

  /** One EDNS option as raw bytes (RFC 6891 §6.1.2) with a length that matches its data. */
  static byte[] rawOption(int code, int... data) {
    byte[] out = new byte[4 + data.length];
    out[0] = (byte) (code >>> 8);
    out[1] = (byte) code;
    out[2] = (byte) (data.length >>> 8);
    out[3] = (byte) data.length;
    for (int i = 0; i < data.length; i++) {
      out[4 + i] = (byte) data[i];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Answers A 192.0.2.1 for any name, authoritative. */
  static QueryResolver oneA() {
    return (source, local, qname, qtype) -> CompletableFuture.completedFuture(aRecords(qname, 1));
  }
}
