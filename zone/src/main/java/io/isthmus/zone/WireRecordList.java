package io.isthmus.zone;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

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
   * Parses the records one by one: each is a pointer that stands for {@link #owner}, then type,
   * class, TTL, RDATA length and RDATA, whose names are never compressed ({@link WireSection}), so
   * the RDATA reads on its own.
   */
  private List<Record> parse() {
    Record[] records = new Record[count];
    int at = 0;
    for (int i = 0; i < count; i++) {
      int length = at + 12 <= wire.length ? u16(at + 10) : -1;
      if (length < 0 || at + 12 + length > wire.length) {
        throw new IllegalStateException("answer wire ends inside record " + i + " of " + count);
      }
      records[i] =
          Record.newRecord(
              owner,
              u16(at + 2),
              u16(at + 4),
              ((long) u16(at + 6) << 16) | u16(at + 8),
              Arrays.copyOfRange(wire, at + 12, at + 12 + length));
      if (records[i] == null) { // dnsjava's answer to RDATA it cannot read
        throw new IllegalStateException("answer wire holds unreadable RDATA in record " + i);
      }
      at += 12 + length;
    }
    return List.of(records);
  }

  private int u16(int at) {
    return ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
  }
}
