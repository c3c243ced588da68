package io.isthmus.server.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Copies records with another TTL. dnsjava records are immutable and offer no public TTL setter, so
 * the record goes through its uncompressed wire form, which keeps the rdata byte for byte (its
 * names' case included). Stateless.
 */
final class RecordTtl {

  /** Type (2) and class (2) sit between the owner name and the TTL (RFC 1035 §4.1.3). */
  private static final int TYPE_AND_CLASS = 4;

  private RecordTtl() {}

  static List<Record> withTtl(List<Record> records, long ttl) {
    List<Record> copies = new ArrayList<>(records.size());
    for (Record record : records) {
      copies.add(withTtl(record, ttl));
    }
    return copies;
  }

  static Record withTtl(Record record, long ttl) {
    if (record.getTTL() == ttl) {
      return record;
    }
    byte[] wire = record.toWire(Section.ANSWER);
    int at = record.getName().length() + TYPE_AND_CLASS;
    wire[at] = (byte) (ttl >>> 24);
    wire[at + 1] = (byte) (ttl >>> 16);
    wire[at + 2] = (byte) (ttl >>> 8);
    wire[at + 3] = (byte) ttl;
    try {
      return Record.fromWire(wire, Section.ANSWER);
    } catch (IOException e) {
      // The bytes are dnsjava's own serialisation of a record it parsed: reading them back
      // cannot fail unless dnsjava has a bug.
      throw new UncheckedIOException("record does not survive its own wire form: " + record, e);
    }
  }
}
