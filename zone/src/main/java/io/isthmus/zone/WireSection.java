package io.isthmus.zone;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Records of one response section rendered to wire format ahead of time, so a response can be
 * assembled by copying bytes instead of rendering dnsjava messages per query. Owner names equal to
 * the query name are written as a compression pointer to the question name at offset 12 (RFC 1035
 * §4.1.4), so they take the case the client sent; other owners are written in full, and names
 * inside RDATA are never compressed (allowed by RFC 3597 §4). Immutable.
 *
 * @param bytes the resource records back to back
 * @param count how many records
 */
public record WireSection(byte[] bytes, int count) {
  /** Pointer to offset 12: the question name, right after the 12-byte header. */
  private static final byte[] POINTER_TO_QUESTION = {(byte) 0xC0, 0x0C};

  /** Renders records all owned by the query name: every owner becomes a pointer. */
  public static WireSection ownedByQuestion(List<Record> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 32);
    for (Record record : records) {
      byte[] full = record.toWire(Section.ANSWER);
      int ownerLength = record.getName().length();
      out.write(POINTER_TO_QUESTION, 0, 2);
      out.write(full, ownerLength, full.length - ownerLength);
    }
    return new WireSection(out.toByteArray(), records.size());
  }

  /** Renders records with their owner names in full (e.g. the SOA of a negative answer). */
  public static WireSection withOwners(List<Record> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 64);
    for (Record record : records) {
      byte[] full = record.toWire(Section.ANSWER);
      out.write(full, 0, full.length);
    }
    return new WireSection(out.toByteArray(), records.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireSection w && w.count == count && Arrays.equals(w.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 31 + count;
  }

  @Override
  public String toString() {
    return "WireSection[" + count + " records, " + bytes.length + " bytes]";
  }
}
