package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
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
    return new Resolution(
        Rcode.NOERROR,
        true,
        records,
        List.of(),
        Resolution.NO_EDE,
        null,
        RouteKind.HOSTED_ZONE,
        "Z1",
        "vpc-1");
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

  /** Answers A 192.0.2.1 for any name, authoritative. */
  static QueryResolver oneA() {
    return (source, local, qname, qtype) -> CompletableFuture.completedFuture(aRecords(qname, 1));
  }
}
