package io.isthmus.zone.file;

import io.isthmus.config.RecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Writes a zone's record sets as an RFC 1035 section 5 master file ({@code GET
 * /v1/hostedzones/{id}/export}) that {@code named-checkzone} accepts and that {@link
 * MasterFileReader} and {@link ZoneImport} read back into the same record sets.
 *
 * <p>The file starts with {@code $ORIGIN} (the zone) and {@code $TTL} (the SOA's TTL, RFC 2308
 * section 4), then the SOA record, then every other record in DNS canonical order (RFC 4034 section
 * 6.1: names from the root down, then the type's number), each record on one line with its owner
 * relative to the origin ({@code @} at the apex), its TTL and class IN, and its RDATA as stored
 * (absolute names). The same zone always gives the same text.
 *
 * <p>A master file has no way to express routing policies, aliases or health checks, so routed,
 * alias and health-checked record sets are not written as records; a comment at the end lists each
 * of them (name, type, set identifier), so the file says what it leaves out. Stateless.
 */
public final class MasterFileWriter {
  private MasterFileWriter() {}

  /** A record set with its owner read once, for sorting. */
  private record Sorted(Name owner, int type, RecordSet rrset) {}

  private static final Comparator<Sorted> CANONICAL =
      Comparator.comparing(Sorted::owner)
          .thenComparingInt(Sorted::type)
          .thenComparing(
              sorted -> sorted.rrset().setIdentifier(),
              Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * Writes the zone {@code zoneName} holding {@code recordSets} to {@code out}.
   *
   * @throws IOException if {@code out} fails
   */
  public static void write(String zoneName, List<RecordSet> recordSets, Appendable out)
      throws IOException {
    Name origin = Name.fromConstantString(zoneName);
    List<Sorted> sorted = new ArrayList<>(recordSets.size());
    for (RecordSet rrset : recordSets) {
      sorted.add(
          new Sorted(Name.fromConstantString(rrset.name()), Type.value(rrset.type()), rrset));
    }
    sorted.sort(CANONICAL);
    List<Sorted> written = new ArrayList<>(sorted.size());
    List<Sorted> skipped = new ArrayList<>();
    Sorted soa = null;
    for (Sorted set : sorted) {
      if (!expressible(set.rrset())) {
        skipped.add(set);
      } else if (set.type() == Type.SOA && set.owner().equals(origin)) {
        soa = set;
      } else {
        written.add(set);
      }
    }
    out.append("$ORIGIN ").append(origin.toString()).append('\n');
    if (soa != null) {
      out.append("$TTL ").append(Long.toString(soa.rrset().ttl())).append('\n');
      records(soa, origin, out);
    }
    for (Sorted set : written) {
      records(set, origin, out);
    }
    if (!skipped.isEmpty()) {
      out.append(
          "; Not exported: a master file cannot express routing policies, aliases or health"
              + " checks.\n");
      for (Sorted set : skipped) {
        out.append("; ")
            .append(set.owner().toString())
            .append(' ')
            .append(set.rrset().type())
            .append(describe(set.rrset()))
            .append('\n');
      }
    }
  }

  /** Whether a master file can hold the record set as it is: simple, with records, no check. */
  static boolean expressible(RecordSet rrset) {
    return !rrset.isRouted() && rrset.aliasTarget() == null && rrset.healthCheckId() == null;
  }

  private static void records(Sorted set, Name origin, Appendable out) throws IOException {
    String owner = set.owner().equals(origin) ? "@" : set.owner().relativize(origin).toString();
    String prefix = owner + "\t" + set.rrset().ttl() + "\tIN\t" + set.rrset().type() + "\t";
    for (String rdata : set.rrset().records()) {
      out.append(prefix).append(rdata).append('\n');
    }
  }

  /** What makes a left-out set special, with anything a client chose made printable. */
  private static String describe(RecordSet rrset) {
    StringBuilder text = new StringBuilder();
    if (rrset.setIdentifier() != null) {
      text.append(" set ").append(printable(rrset.setIdentifier()));
    }
    if (rrset.aliasTarget() != null) {
      text.append(" alias");
    }
    if (rrset.healthCheckId() != null) {
      text.append(" health check ").append(printable(rrset.healthCheckId()));
    }
    return text.toString();
  }

  /** A comment ends at the line's end: control characters become {@code ?}. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.append('"').toString();
  }
}
