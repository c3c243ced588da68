package io.isthmus.route;

import io.isthmus.zone.WireSection;
import java.util.List;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Record;

/**
 * The outcome of resolving one question in one VPC's context, before wire concerns (EDNS, NSID,
 * truncation) are added. {@code edeCode} is an RFC 8914 info code or -1 for none. {@code routeId}
 * names the zone or rule that decided (null for none). {@code answerWire} / {@code authorityWire},
 * when not null, are the same records pre-rendered (owners of answer records as a pointer to the
 * question), so the wire layer can copy bytes instead of rendering. {@code cache} says whether a
 * forwarded answer came from the forwarder's cache (for metrics and query logs; {@link Cache#NONE}
 * for local answers and for every constructor that does not take it). {@code upstreamErrors} are
 * the Extended DNS Errors an upstream attached to the answer it gave (RFC 8914), passed to the
 * client after {@code edeCode}, which is ours and so comes first; empty for local answers.
 * Immutable.
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
    WireSection authorityWire,
    Cache cache,
    List<ExtendedErrorCodeOption> upstreamErrors)
    implements Outcome {

  public static final int NO_EDE = -1;

  /**
   * Where a forwarded answer came from: the {@code cache} field of query logs. It lives here rather
   * than in the forwarder so that it can travel with the answer to the one observation per query.
   */
  public enum Cache {
    /** From the forwarder's cache, still fresh. */
    HIT,
    /** From an upstream reply. */
    MISS,
    /** From the cache after its TTL ran out, because no target answered (RFC 8767). */
    STALE,
    /**
     * Not from the forwarder's cache or an upstream: a local answer, or the forwarder's SERVFAIL.
     */
    NONE
  }

  public Resolution {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    cache = cache == null ? Cache.NONE : cache;
    upstreamErrors = upstreamErrors == null ? List.of() : List.copyOf(upstreamErrors);
  }

  /** A resolution without upstream Extended DNS Errors. */
  public Resolution(
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
      WireSection authorityWire,
      Cache cache) {
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
        answerWire,
        authorityWire,
        cache,
        List.of());
  }

  /** A resolution that did not come from the forwarder's cache ({@link Cache#NONE}). */
  public Resolution(
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
      WireSection authorityWire) {
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
        answerWire,
        authorityWire,
        Cache.NONE);
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
        null,
        Cache.NONE);
  }

  /** A failure with no records, e.g. REFUSED + EDE 18 for an unknown source. */
  public static Resolution failure(int rcode, int edeCode, String edeText, RouteKind route) {
    return new Resolution(rcode, false, List.of(), List.of(), edeCode, edeText, route, null, null);
  }
}
