package io.isthmus.zone;

import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * What a private hosted zone says about one name and type (docs/spec/resolution.md section 3).
 * Records are owned by the query name (wildcards already expanded). Negative answers carry the
 * zone's SOA with TTL = min(SOA TTL, SOA MINIMUM), ready for the authority section. Each carries
 * its records pre-rendered ({@link WireSection}) for the response fast path.
 */
public sealed interface ZoneAnswer {

  /** NOERROR with the records of the name and type. */
  record Answer(List<Record> records, WireSection wire) implements ZoneAnswer {
    public Answer {
      records = List.copyOf(records);
    }

    /** An answer whose records are all owned by the query name, pre-rendered for the wire. */
    public Answer(List<Record> records) {
      this(records, WireSection.ownedByQuestion(records));
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
