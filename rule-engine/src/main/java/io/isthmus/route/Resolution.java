package io.isthmus.route;

import io.isthmus.zone.WireSection;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * The outcome of resolving one question in one VPC's context, before wire concerns (EDNS, NSID,
 * truncation) are added. {@code edeCode} is an RFC 8914 info code or -1 for none. {@code routeId}
 * names the zone or rule that decided (null for none). {@code answerWire} / {@code authorityWire},
 * when not null, are the same records pre-rendered (owners of answer records as a pointer to the
 * question), so the wire layer can copy bytes instead of rendering. Immutable.
 */
public record Resolution(
    int rcode,
    boolean authoritative,
    List<Record> answer,
    List<Record> authority,
    int edeCode,
    String edeText,
    RouteKind route,
    String routeId,
    String vpcId,
    WireSection answerWire,
    WireSection authorityWire)
    implements Outcome {

  public static final int NO_EDE = -1;

  public Resolution {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
  }

  /** A resolution without pre-rendered sections: the response is rendered from the records. */
  public Resolution(
      int rcode,
      boolean authoritative,
      List<Record> answer,
      List<Record> authority,
      int edeCode,
      String edeText,
      RouteKind route,
      String routeId,
      String vpcId) {
    this(
        rcode,
        authoritative,
        answer,
        authority,
        edeCode,
        edeText,
        route,
        routeId,
        vpcId,
        null,
        null);
  }

  /** A failure with no records, e.g. REFUSED + EDE 18 for an unknown source. */
  public static Resolution failure(int rcode, int edeCode, String edeText, RouteKind route) {
    return new Resolution(rcode, false, List.of(), List.of(), edeCode, edeText, route, null, null);
  }
}
