package io.isthmus.route;

import io.isthmus.zone.WireSection;
import io.isthmus.zone.ZoneAnswer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Resolves one question in a VPC's context (docs/spec/resolution.md sections 1–3, 5, 6): the VPC of
 * the inbound endpoint or VPC resolver address the query arrived on, else the VPC whose CIDR holds
 * the source; then the most specific route decides — a private hosted zone answers authoritatively
 * with no fall-through, a FORWARD rule or default resolution hands over to the forwarder, a SYSTEM
 * rule resolves as if no rule existed — and CNAMEs are chased in the same VPC context. A pure
 * function of the snapshot: no locks, no I/O. Thread-safe.
 */
public final class Resolver {
  /** docs/spec/resolution.md section 3: up to 8 CNAMEs are followed; a 9th gives SERVFAIL. */
  public static final int MAX_CNAME_HOPS = 8;

  /** Cache scope of default resolution (the root rule "."). */
  public static final String DEFAULT_SCOPE = ".";

  private final List<InetSocketAddress> defaultUpstreams;

  /** A resolver without default resolution: names no zone or rule claims are refused. */
  public Resolver() {
    this(List.of());
  }

  /**
   * @param defaultUpstreams where names no zone or rule claims go ({@code
   *     isthmus.dns.default-upstreams}); empty → REFUSED with EDE 18
   */
  public Resolver(List<InetSocketAddress> defaultUpstreams) {
    this.defaultUpstreams = List.copyOf(defaultUpstreams);
  }

  /** Where names no zone or rule claims go; empty without default resolution. */
  public List<InetSocketAddress> defaultUpstreams() {
    return defaultUpstreams;
  }

  /**
   * Resolves a query that arrived on {@code local} from {@code source}: an inbound endpoint's or a
   * VPC resolver's address fixes the VPC (REFUSED + EDE 18 for sources it does not allow);
   * otherwise the VPC whose CIDR holds the source (REFUSED + EDE 18 when none does).
   */
  public Outcome resolve(
      Snapshot snapshot, InetSocketAddress source, InetSocketAddress local, Name qname, int qtype) {
    VpcListener listener = local == null ? null : snapshot.listeners().get(local);
    VpcRoutes vpc;
    if (listener != null) {
      if (!listener.admits(source.getAddress())) {
        return refused(
            "source "
                + source.getAddress().getHostAddress()
                + " is not allowed by "
                + listener.describe());
      }
      vpc = listener.vpc();
    } else {
      vpc = snapshot.vpcFor(source.getAddress());
      if (vpc == null) {
        return refused("source " + source.getAddress().getHostAddress() + " is not in any VPC");
      }
    }
    return resolve(snapshot, vpc, qname, qtype);
  }

  /** Resolves in the context of {@code vpc}, one of the VPCs of {@code snapshot}. */
  public Outcome resolve(Snapshot snapshot, VpcRoutes vpc, Name qname, int qtype) {
    List<Record> chain = List.of();
    Set<Name> seen = null;
    // What decided the query name (for logs and explanations); null for default resolution.
    Route first = null;
    Name name = qname;
    for (int hop = 0; ; hop++) {
      Route decided = vpc.routes().decides(name);
      if (hop == 0) {
        first = decided;
      }
      Route route = vpc.routes().answers(name, decided);
      if (route == null) {
        if (defaultUpstreams.isEmpty()) {
          return Resolution.vpcFailure(
              Rcode.REFUSED,
              chain,
              ExtendedErrorCodeOption.PROHIBITED,
              "no zone or rule of "
                  + vpc.vpc().id()
                  + " covers "
                  + name
                  + " and default resolution is off",
              kind(first),
              id(first),
              vpc.vpc().id());
        }
        return new Forwarding(
            name,
            qtype,
            DEFAULT_SCOPE,
            defaultUpstreams,
            List.of(),
            chain,
            kind(first),
            id(first),
            vpc.vpc().id(),
            Name.root);
      }
      if (route instanceof Route.Forward forward) {
        return new Forwarding(
            name,
            qtype,
            forward.rule().id(),
            forward.targets(),
            forward.sources(),
            chain,
            kind(first),
            id(first),
            vpc.vpc().id(),
            forward.domain());
      }
      Route.HostedZone zoneRoute = (Route.HostedZone) route;
      ZoneAnswer zoneAnswer = snapshot.zone(zoneRoute).answer(name, qtype);
      if (!(zoneAnswer instanceof ZoneAnswer.Cname cname)) {
        return finish(zoneAnswer, chain, first, vpc);
      }
      if (chain.isEmpty()) {
        chain = new ArrayList<>(2);
        seen = new HashSet<>();
        seen.add(qname);
      }
      chain.add(cname.cname());
      Name target = cname.cname().getTarget();
      if (hop + 1 > MAX_CNAME_HOPS || !seen.add(target)) {
        return Resolution.vpcFailure(
            Rcode.SERVFAIL,
            chain,
            ExtendedErrorCodeOption.OTHER,
            hop + 1 > MAX_CNAME_HOPS ? "CNAME chain longer than 8" : "CNAME loop at " + target,
            kind(first),
            id(first),
            vpc.vpc().id());
      }
      name = target;
    }
  }

  /** The kind of what decided a name; DEFAULT when nothing did. */
  private static RouteKind kind(Route decided) {
    return decided == null ? RouteKind.DEFAULT : decided.kind();
  }

  /** The id of what decided a name; null for default resolution. */
  private static String id(Route decided) {
    return decided == null ? null : decided.id();
  }

  private static Resolution refused(String reason) {
    return Resolution.failure(
        Rcode.REFUSED, ExtendedErrorCodeOption.PROHIBITED, reason, RouteKind.REFUSED);
  }

  private static Resolution finish(
      ZoneAnswer zoneAnswer, List<Record> chain, Route first, VpcRoutes vpc) {
    int rcode = Rcode.NOERROR;
    List<Record> answer = chain;
    List<Record> authority = List.of();
    WireSection answerWire = null;
    WireSection authorityWire = null;
    if (zoneAnswer instanceof ZoneAnswer.Answer records) {
      if (chain.isEmpty()) {
        answer = records.records();
        answerWire = records.wire();
      } else {
        answer.addAll(records.records());
      }
    } else if (zoneAnswer instanceof ZoneAnswer.NoData noData) {
      authority = List.of(noData.soa());
      authorityWire = noData.wire();
    } else if (zoneAnswer instanceof ZoneAnswer.NxDomain nxDomain) {
      rcode = Rcode.NXDOMAIN;
      authority = List.of(nxDomain.soa());
      authorityWire = nxDomain.wire();
    } else {
      throw new IllegalStateException("unexpected zone answer " + zoneAnswer);
    }
    if (!chain.isEmpty()) {
      // A chain's answer records have several owners: rendered from the records instead.
      answerWire = null;
      authorityWire = null;
    }
    // Every link of the chain came from a private hosted zone: the answer is authoritative.
    return Resolution.local(
        rcode,
        answer,
        authority,
        answerWire,
        authorityWire,
        kind(first),
        id(first),
        vpc.vpc().id());
  }
}
