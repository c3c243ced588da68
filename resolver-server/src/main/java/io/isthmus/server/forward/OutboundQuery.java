package io.isthmus.server.forward;

import java.security.SecureRandom;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One query as sent to a target, with the ID and question its reply must echo. Each try gets a new
 * one: a fresh random ID per packet is half of the defence against off-path spoofing (RFC 5452
 * §9.2; the random source port is the other half). Immutable.
 */
final class OutboundQuery {

  /**
   * The EDNS(0) UDP payload we advertise (RFC 6891 §6.2.5): 1232 bytes fits the IPv6 minimum MTU
   * without fragmentation (DNS Flag Day 2020), so most answers need no TCP retry.
   */
  static final int UDP_PAYLOAD = 1232;

  private final int id;
  private final Name name;
  private final int type;
  private final int dclass;
  private final byte[] wire;

  private OutboundQuery(int id, Name name, int type, int dclass, byte[] wire) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.dclass = dclass;
    this.wire = wire;
  }

  /** {@link #create(int, Name, int, int)} with a random ID. */
  static OutboundQuery create(SecureRandom random, Name name, int type, int dclass) {
    return create(random.nextInt(0x10000), name, type, dclass);
  }

  /**
   * A recursive (RD=1) query with EDNS(0) and no DO bit: we do no DNSSEC validation.
   *
   * @param id a random 16-bit ID, chosen by the caller among those free on its socket
   */
  static OutboundQuery create(int id, Name name, int type, int dclass) {
    Message message = Message.newQuery(Record.newRecord(name, type, dclass));
    message.getHeader().setID(id);
    message.addRecord(new OPTRecord(UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
    return new OutboundQuery(id, name, type, dclass, message.toWire());
  }

  int id() {
    return id;
  }

  Name name() {
    return name;
  }

  int type() {
    return type;
  }

  int dclass() {
    return dclass;
  }

  /** The wire form; a copy, callers may hand it to Netty. */
  byte[] wire() {
    return wire.clone();
  }
}
