package io.isthmus.route;

import io.isthmus.zone.WireRecordList;
import io.isthmus.zone.WireSection;
import java.util.List;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The outcome of resolving one question in one VPC's context, before wire concerns (EDNS, NSID,
 * truncation) are added. {@code edeCode} is an RFC 8914 info code ({@link
 * ExtendedErrorCodeOption}'s constants) or {@link #NO_EDE}. {@code routeId} names the zone or rule
 * that decided (null for none). {@code answerWire} / {@code authorityWire}, when not null, are the
 * same records pre-rendered (owners of answer records as a pointer to the question), so the wire
 * layer can copy bytes instead of rendering. {@code cache} says whether a forwarded answer came
 * from the forwarder's cache (for metrics and query logs; {@link CacheStatus#NONE} for local
 * answers). {@code upstreamErrors} are the Extended DNS Errors an upstream attached to the answer
 * it gave (RFC 8914), passed to the client after {@code edeCode}, which is ours and so comes first;
 * empty for local answers. Build one with the factory that says what it is: {@link #local}, {@link
 * #nodeAnswer}, {@link #failure}, {@link #vpcFailure}, {@link #forwarded}. Immutable.
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
    CacheStatus cache,
    List<ExtendedErrorCodeOption> upstreamErrors)
    implements Outcome {

  /** No Extended DNS Error: RFC 8914 has no code for that, so one outside its 16-bit range. */
  public static final int NO_EDE = -1;

  public Resolution {
    // A zone's answer records stay unparsed until read (WireRecordList is unmodifiable).
    answer = answer instanceof WireRecordList ? answer : List.copyOf(answer);
    authority = List.copyOf(authority);
    cache = cache == null ? CacheStatus.NONE : cache;
    upstreamErrors = upstreamErrors == null ? List.of() : List.copyOf(upstreamErrors);
  }

  /**
   * An authoritative answer from the VPC's private hosted zones (docs/spec/resolution.md section
   * 2), CNAME chain included; no EDE.
   *
   * @param answerWire the answer pre-rendered, or null to render it from {@code answer}
   * @param authorityWire the authority pre-rendered, or null
   * @param route what decided the query name, with its {@code routeId}, in VPC {@code vpcId}
   */
  public static Resolution local(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      WireSection answerWire,
      WireSection authorityWire,
      RouteKind route,
      String routeId,
      String vpcId) {
    return new Resolution(
        rcode,
        true,
        answer,
        authority,
        NO_EDE,
        null,
        route,
        routeId,
        vpcId,
        answerWire,
        authorityWire,
        CacheStatus.NONE,
        List.of());
  }

  /**
   * An authoritative NOERROR the node gives about itself before any routing (a CHAOS {@code
   * id.server} query): no route, no VPC.
   */
  public static Resolution nodeAnswer(List<Record> answer) {
    return local(Rcode.NOERROR, answer, List.of(), null, null, null, null, null);
  }

  /** A failure with no records and no VPC, e.g. REFUSED + EDE 18 for an unknown source. */
  public static Resolution failure(int rcode, int edeCode, String edeText, RouteKind route) {
    return vpcFailure(rcode, List.of(), edeCode, edeText, route, null, null);
  }

  /**
   * A failure while resolving in a VPC's context: the CNAME chain followed so far, if any, and what
   * decided the query name (a CNAME loop, default resolution off).
   */
  public static Resolution vpcFailure(
      int rcode,
      List<Record> chain,
      int edeCode,
      String edeText,
      RouteKind route,
      String routeId,
      String vpcId) {
    return new Resolution(
        rcode,
        false,
        chain,
        List.of(),
        edeCode,
        edeText,
        route,
        routeId,
        vpcId,
        null,
        null,
        CacheStatus.NONE,
        List.of());
  }

  /**
   * The answer to a question {@code from} sent upstream: not authoritative; route, rule and VPC are
   * {@code from}'s. {@code answer} is the whole answer, CNAME chain included.
   */
  public static Resolution forwarded(
      Forwarding from,
      int rcode,
      List<Record> answer,
      List<Record> authority,
      int edeCode,
      String edeText,
      WireSection answerWire,
      WireSection authorityWire,
      CacheStatus cache,
      List<ExtendedErrorCodeOption> upstreamErrors) {
    return new Resolution(
        rcode,
        false,
        answer,
        authority,
        edeCode,
        edeText,
        from.route(),
        from.routeId(),
        from.vpcId(),
        answerWire,
        authorityWire,
        cache,
        upstreamErrors);
  }

  /** This resolution with {@code code} and {@code text} as its Extended DNS Error. */
  public Resolution withEde(int code, String text) {
    return new Resolution(
        rcode,
        authoritative,
        answer,
        authority,
        code,
        text,
        route,
        routeId,
        vpcId,
        answerWire,
        authorityWire,
        cache,
        upstreamErrors);
  }
}
