package io.isthmus.route;

import io.isthmus.zone.WireSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The resolver's answer when a name must be asked upstream: a FORWARD rule or default resolution
 * decided. Carries the CNAME chain already followed in private zones, so the final answer is the
 * whole chain (docs/spec/resolution.md section 3). Immutable.
 *
 * @param name the name to ask upstream (the query name, or the last CNAME target)
 * @param scope the cache partition: the rule id, or "." for default resolution
 * @param sources source addresses to bind (the outbound endpoint's); empty = any
 * @param chain CNAME records already followed, in order
 * @param route FORWARD, SYSTEM or DEFAULT: what decided the query name
 * @param routeId the rule that decided the query name, null for default resolution
 * @param bailiwick the domain the upstream may speak for: the FORWARD rule's domain, the root for
 *     default resolution; records it sends for names outside it are dropped, and a CNAME out of it
 *     is resolved again in the VPC's context
 */
public record Forwarding(
    Name name,
    int type,
    String scope,
    List<InetSocketAddress> targets,
    List<InetAddress> sources,
    List<Record> chain,
    RouteKind route,
    String routeId,
    String vpcId,
    Name bailiwick)
    implements Outcome {

  public Forwarding {
    targets = List.copyOf(targets);
    sources = List.copyOf(sources);
    chain = List.copyOf(chain);
    bailiwick = bailiwick == null ? Name.root : bailiwick;
  }

  /** A forwarding whose upstream may speak for every name (the root as bailiwick). */
  public Forwarding(
      Name name,
      int type,
      String scope,
      List<InetSocketAddress> targets,
      List<InetAddress> sources,
      List<Record> chain,
      RouteKind route,
      String routeId,
      String vpcId) {
    this(name, type, scope, targets, sources, chain, route, routeId, vpcId, Name.root);
  }

  /** The final resolution from the upstream's reply: the chain so far, then its records. */
  public Resolution complete(
      int rcode, List<Record> answer, List<Record> authority, int edeCode, String edeText) {
    return complete(rcode, answer, authority, edeCode, edeText, null, null);
  }

  /**
   * As {@link #complete(int, List, List, int, String)}, with the upstream's sections also
   * pre-rendered (null when not); they are used only when no CNAME chain comes before them.
   */
  public Resolution complete(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      int edeCode,
      String edeText,
      WireSection answerWire,
      WireSection authorityWire) {
    return complete(
        rcode,
        answer,
        authority,
        edeCode,
        edeText,
        answerWire,
        authorityWire,
        Resolution.Cache.NONE);
  }

  /**
   * As {@link #complete(int, List, List, int, String, WireSection, WireSection)}, saying where the
   * upstream part of the answer came from (the forwarder's cache or an upstream reply).
   */
  public Resolution complete(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      int edeCode,
      String edeText,
      WireSection answerWire,
      WireSection authorityWire,
      Resolution.Cache cache) {
    return complete(
        rcode, answer, authority, edeCode, edeText, answerWire, authorityWire, cache, List.of());
  }

  /**
   * As {@link #complete(int, List, List, int, String, WireSection, WireSection, Resolution.Cache)},
   * with the upstream's own Extended DNS Errors (RFC 8914) for the client.
   */
  public Resolution complete(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      int edeCode,
      String edeText,
      WireSection answerWire,
      WireSection authorityWire,
      Resolution.Cache cache,
      List<ExtendedErrorCodeOption> upstreamErrors) {
    if (!chain.isEmpty()) {
      List<Record> all = new ArrayList<>(chain);
      all.addAll(answer);
      return new Resolution(
          rcode,
          false,
          all,
          authority,
          edeCode,
          edeText,
          route,
          routeId,
          vpcId,
          null,
          null,
          cache,
          upstreamErrors);
    }
    return new Resolution(
        rcode,
        false,
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
        upstreamErrors);
  }
}
