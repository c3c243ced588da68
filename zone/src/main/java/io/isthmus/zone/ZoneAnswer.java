package io.isthmus.zone;

import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * What a private hosted zone says about one name and type (docs/spec/resolution.md section 3).
 * Records are owned by the query name (wildcards already expanded). Negative answers carry the
 * zone's SOA with TTL = min(SOA TTL, SOA MINIMUM), ready for the authority section. Each carries
 * its records pre-rendered ({@link WireSection}) for the response fast path.
 */
public sealed interface ZoneAnswer {

  /**
   * NOERROR with the records of the name and type, all owned by the query name. It keeps only their
   * wire form, owners written as a pointer to the question: the query path copies those bytes, and
   * the records are parsed from them only when read ({@link #records()}), so a zone of a million
   * names holds no record objects for its answers. Immutable.
   */
  sealed class Answer implements ZoneAnswer permits ZoneNode.Single {
    private final Name owner;
    private final byte[] wire;
    private final int count;

    /** An answer of {@code records}, all owned by the same name (the query name). */
    public Answer(List<Record> records) {
      this(
          records.isEmpty() ? Name.root : records.get(0).getName(),
          WireSection.ownedByQuestion(records));
    }

    private Answer(Name owner, WireSection wire) {
      this.owner = owner;
      this.wire = wire.bytes();
      this.count = wire.count();
    }

    /** The same answer, for a node that is its own answer ({@link ZoneNode.Single}). */
    Answer(Answer answer) {
      this.owner = answer.owner;
      this.wire = answer.wire;
      this.count = answer.count;
    }

    /** The name that owns the records (the query name, or the owner they were compiled for). */
    Name owner() {
      return owner;
    }

    /** The records, parsed from the wire form on first read of the list returned. */
    public List<Record> records() {
      return new WireRecordList(owner, wire, count);
    }

    /** The records pre-rendered, owners as a pointer to the question. */
    public WireSection wire() {
      return new WireSection(wire, count);
    }

    /**
     * The same answer owned by {@code name}: the wire form does not name its owner, so it is shared
     * (a wildcard's answer for a query name, RFC 4592 section 3.4.1).
     */
    Answer ownedBy(Name name) {
      return new Answer(name, wire());
    }

    /** This answer's records followed by {@code other}'s, which has the same owner. */
    Answer followedBy(Answer other) {
      byte[] joined = Arrays.copyOf(wire, wire.length + other.wire.length);
      System.arraycopy(other.wire, 0, joined, wire.length, other.wire.length);
      return new Answer(owner, new WireSection(joined, count + other.count));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Answer a
          && a.count == count
          && a.owner.equals(owner)
          && Arrays.equals(a.wire, wire);
    }

    @Override
    public int hashCode() {
      return owner.hashCode() * 31 + Arrays.hashCode(wire);
    }

    @Override
    public String toString() {
      return "Answer[" + records() + "]";
    }
  }

  /** A CNAME at the name (and the query type is not CNAME): the caller chases its target. */
  record Cname(CNAMERecord cname) implements ZoneAnswer {}

  /** The name exists (or is an empty non-terminal) but has no records of the type. */
  record NoData(SOARecord soa, WireSection wire) implements ZoneAnswer {
    public NoData(SOARecord soa) {
      this(soa, WireSection.withOwners(List.of(soa)));
    }
  }

  /** The name does not exist in the zone. */
  record NxDomain(SOARecord soa, WireSection wire) implements ZoneAnswer {
    public NxDomain(SOARecord soa) {
      this(soa, WireSection.withOwners(List.of(soa)));
    }
  }
}
