package io.isthmus.zone;

import io.isthmus.config.DnsNames;
import io.isthmus.config.RecordSet;
import java.util.List;

/**
 * The SOA and NS record sets every new hosted zone starts with (docs/spec/resolution.md section 3:
 * "created with the zone and never deletable on their own"). The values follow what Route 53
 * creates for a private hosted zone: SOA TTL 900 s with refresh 7200, retry 900, expire 1209600 and
 * a negative caching MINIMUM of 86400 (RFC 2308 section 4), NS TTL 172800 s (two days). The name
 * server and mailbox live under {@code isthmus.internal.}, a name no client resolves: in a private
 * zone they are informational only, as Route 53's awsdns names are. Stateless.
 */
public final class ApexRecords {
  /** The primary name server named in the SOA MNAME and the apex NS set. */
  public static final String NAME_SERVER = "ns-0.isthmus.internal.";

  static final long SOA_TTL = 900;
  static final long NS_TTL = 172_800;
  static final String SOA_RDATA =
      NAME_SERVER + " hostmaster.isthmus.internal. 1 7200 900 1209600 86400";

  private ApexRecords() {}

  /**
   * The apex SOA and NS record sets of a new zone, in that order, owned by the normalized {@code
   * zoneName}.
   *
   * @throws IllegalArgumentException if {@code zoneName} is not a valid DNS name
   */
  public static List<RecordSet> defaults(String zoneName) {
    String zone =
        DnsNames.normalize(zoneName)
            .orElseThrow(() -> new IllegalArgumentException("invalid zone name: " + zoneName));
    return List.of(
        RecordSet.simple(zone, "SOA", SOA_TTL, List.of(SOA_RDATA)),
        RecordSet.simple(zone, "NS", NS_TTL, List.of(NAME_SERVER)));
  }
}
