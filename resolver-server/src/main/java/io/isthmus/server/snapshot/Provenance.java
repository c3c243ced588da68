package io.isthmus.server.snapshot;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.Resolution;
import io.isthmus.route.Route;
import io.isthmus.route.Snapshot;
import io.isthmus.route.VpcRoutes;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What answered a query, as the extra text of an Extended DNS Error with info code 0 "Other" (RFC
 * 8914 §4.1) for {@link DebugSources}: {@code zone ZAPP1CUSTOMER001 app1.aws.customer.local.},
 * {@code rule rslvr-rr-… customer.local. (FORWARD, cache HIT)}, {@code default resolution (cache
 * MISS)}, {@code rule rslvr-rr-… corp. (SYSTEM) → zone Z… app.corp.}; a CNAME chain through private
 * zones adds {@code → } and what answered its next name. The same lookups as the resolver's, made
 * again only for debug sources. Stateless.
 */
final class Provenance {
  private Provenance() {}

  /**
   * {@code resolution} with the provenance EDE when it is a successful answer (NOERROR or NXDOMAIN)
   * without an EDE of its own; otherwise unchanged. EDE travels in the OPT record, so a query
   * without EDNS never sees it (the EDNS writer adds no OPT then).
   */
  static Resolution annotate(Snapshot snapshot, Resolution resolution, Name qname, int qtype) {
    int rcode = resolution.rcode();
    if (resolution.edeCode() >= 0
        || (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN)
        || resolution.vpcId() == null) {
      return resolution;
    }
    VpcRoutes vpc = snapshot.vpcsById().get(resolution.vpcId());
    if (vpc == null) {
      return resolution;
    }
    boolean forwarded = resolution.cache() != CacheStatus.NONE;
    StringBuilder text = new StringBuilder();
    Name name = qname;
    for (int link = 0; link <= 8; link++) {
      if (link > 0) {
        text.append(" → ");
      }
      boolean local = describe(vpc, name, forwarded ? resolution.cache() : null, text);
      // Links answered by a private zone are followed (a CNAME query is not chased); an upstream's
      // own CNAMEs are not ours to explain.
      Name next = local && qtype != Type.CNAME ? cnameTarget(resolution, name) : null;
      if (next == null) {
        break;
      }
      name = next;
    }
    // RFC 8914 section 4.1: "Other", the text carries the information.
    return resolution.withEde(ExtendedErrorCodeOption.OTHER, text.toString());
  }

  /** The target of the answer's CNAME owned by {@code name}, or null. */
  private static Name cnameTarget(Resolution resolution, Name name) {
    for (Record record : resolution.answer()) {
      if (record instanceof CNAMERecord && record.getName().equals(name)) {
        return ((CNAMERecord) record).getTarget();
      }
    }
    return null;
  }

  /**
   * Appends what decides {@code name} in {@code vpc}; true when a private zone answers it.
   *
   * @param cache shown for forwarded names; null for a local answer
   */
  private static boolean describe(VpcRoutes vpc, Name name, CacheStatus cache, StringBuilder text) {
    Route decided = vpc.routes().decides(name);
    if (decided instanceof Route.HostedZone) {
      zone((Route.HostedZone) decided, text);
      return true;
    }
    if (decided == null) {
      defaultResolution(cache, text);
      return false;
    }
    text.append("rule ").append(decided.id()).append(' ').append(decided.domain());
    if (decided instanceof Route.Forward) {
      text.append(" (FORWARD").append(cache == null ? "" : ", cache " + cache).append(')');
      return false;
    }
    text.append(" (SYSTEM) → ");
    Route zone = vpc.routes().answers(name, decided);
    if (zone == null) {
      defaultResolution(cache, text);
      return false;
    }
    zone((Route.HostedZone) zone, text);
    return true;
  }

  private static void zone(Route.HostedZone zone, StringBuilder text) {
    text.append("zone ").append(zone.id()).append(' ').append(zone.domain());
  }

  private static void defaultResolution(CacheStatus cache, StringBuilder text) {
    text.append("default resolution");
    if (cache != null) {
      text.append(" (cache ").append(cache).append(')');
    }
  }
}
