package io.isthmus.route;

import io.isthmus.zone.ZoneAnswer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Resolves one question in the context of the VPC that holds the source address (resolution.md
 * sections 1–3): the most specific route decides, a private hosted zone answers authoritatively
 * with no fall-through, and CNAMEs are chased in the same VPC context. Pure function of the
 * snapshot: no locks, no I/O. Thread-safe.
 */
public final class Resolver {
  /** RFC 8914 info codes used here. */
  static final int EDE_OTHER = 0;

  static final int EDE_PROHIBITED = 18;

  /** resolution.md section 3: up to 8 CNAMEs are followed; a 9th gives SERVFAIL. */
  public static final int MAX_CNAME_HOPS = 8;

  /** Resolves in the VPC of {@code source}; REFUSED + EDE 18 when no VPC holds it. */
  public Resolution resolve(Snapshot snapshot, InetAddress source, Name qname, int qtype) {
    VpcRoutes vpc = snapshot.vpcFor(source);
    if (vpc == null) {
      return Resolution.failure(
          Rcode.REFUSED,
          EDE_PROHIBITED,
          "source " + source.getHostAddress() + " is not in any VPC",
          RouteKind.REFUSED);
    }
    return resolve(vpc, qname, qtype);
  }

  /** Resolves in the context of {@code vpc}. */
  public Resolution resolve(VpcRoutes vpc, Name qname, int qtype) {
    List<Record> answer = new ArrayList<>(1);
    Set<Name> seen = null;
    Route first = null;
    Name name = qname;
    for (int hop = 0; ; hop++) {
      Route route = vpc.routes().longestMatch(name);
      if (first == null) {
        first = route;
      }
      if (route == null) {
        // Default resolution (resolution.md section 6) arrives with the forwarder; until then
        // names no zone claims are refused, with the reason in words.
        return new Resolution(
            Rcode.REFUSED,
            false,
            answer,
            List.of(),
            EDE_PROHIBITED,
            "no zone or rule of " + vpc.vpc().id() + " covers " + name,
            first == null ? RouteKind.REFUSED : RouteKind.HOSTED_ZONE,
            first == null ? null : routeId(first),
            vpc.vpc().id());
      }
      Route.HostedZone zoneRoute = (Route.HostedZone) route;
      ZoneAnswer zoneAnswer = zoneRoute.zone().answer(name, qtype);
      if (zoneAnswer instanceof ZoneAnswer.Cname cname) {
        answer.add(cname.cname());
        Name target = cname.cname().getTarget();
        if (seen == null) {
          seen = new HashSet<>();
          seen.add(qname);
        }
        if (hop + 1 > MAX_CNAME_HOPS || !seen.add(target)) {
          return new Resolution(
              Rcode.SERVFAIL,
              false,
              answer,
              List.of(),
              EDE_OTHER,
              hop + 1 > MAX_CNAME_HOPS ? "CNAME chain longer than 8" : "CNAME loop at " + target,
              RouteKind.HOSTED_ZONE,
              routeId(first),
              vpc.vpc().id());
        }
        name = target;
        continue;
      }
      return finish(zoneAnswer, answer, first, vpc);
    }
  }

  private static Resolution finish(
      ZoneAnswer zoneAnswer, List<Record> answer, Route first, VpcRoutes vpc) {
    int rcode = Rcode.NOERROR;
    List<Record> authority = List.of();
    if (zoneAnswer instanceof ZoneAnswer.Answer a) {
      answer.addAll(a.records());
    } else if (zoneAnswer instanceof ZoneAnswer.NoData noData) {
      authority = List.of(noData.soa());
    } else if (zoneAnswer instanceof ZoneAnswer.NxDomain nxDomain) {
      rcode = Rcode.NXDOMAIN;
      authority = List.of(nxDomain.soa());
    } else {
      throw new IllegalStateException("unexpected zone answer " + zoneAnswer);
    }
    // Every link of the chain came from a private hosted zone: the answer is authoritative.
    return new Resolution(
        rcode,
        true,
        answer,
        authority,
        Resolution.NO_EDE,
        null,
        RouteKind.HOSTED_ZONE,
        routeId(first),
        vpc.vpc().id());
  }

  private static String routeId(Route route) {
    if (route instanceof Route.HostedZone zoneRoute) {
      return zoneRoute.zone().id();
    }
    throw new IllegalStateException("unknown route " + route);
  }
}
