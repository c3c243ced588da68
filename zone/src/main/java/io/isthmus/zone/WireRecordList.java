package io.isthmus.zone;

import java.io.IOException;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The records of an answer's wire form ({@link WireSection#ownedByQuestion}), parsed the first time
 * an element is read. The query path only passes the list on and asks its size, which costs
 * nothing; a query log or an explanation that reads the records pays one parse. Unmodifiable; safe
 * to share between threads (a race parses twice and keeps equal lists).
 */
public final class WireRecordList extends AbstractList<Record> implements RandomAccess {
  private final Name owner;
  private final byte[] wire;
  private final int count;
  private List<Record> parsed;

  WireRecordList(Name owner, byte[] wire, int count) {
    this.owner = owner;
    this.wire = wire;
    this.count = count;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public Record get(int index) {
    List<Record> records = parsed;
    if (records == null) {
      records = parse();
      parsed = records;
    }
    return records.get(index);
  }

  /**
   * Parses the records behind a header and a question of {@link #owner}: the pointers to offset 12
   * that stand for the owner then land on its name, as in the response they were made for.
   */
  private List<Record> parse() {
    if (count == 0) {
      return List.of();
    }
    DNSOutput out = new DNSOutput(12 + owner.length() + 4 + wire.length);
    out.writeU16(0); // id
    out.writeU16(0); // flags
    out.writeU16(1); // QDCOUNT
    out.writeU16(count); // ANCOUNT
    out.writeU16(0); // NSCOUNT
    out.writeU16(0); // ARCOUNT
    owner.toWire(out, null);
    out.writeU16(0);
    out.writeU16(DClass.IN);
    out.writeByteArray(wire);
    try {
      return List.copyOf(new Message(out.toByteArray()).getSection(Section.ANSWER));
    } catch (IOException e) {
      throw new IllegalStateException("answer wire rendered by this class does not parse", e);
    }
  }
}
