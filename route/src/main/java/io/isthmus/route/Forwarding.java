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

  /**
   * The final resolution from the upstream's reply: the chain so far, then its records.
   *
   * @param edeCode our Extended DNS Error (RFC 8914), or {@link Resolution#NO_EDE}
   * @param answerWire the upstream's answer pre-rendered, or null; used only when no CNAME chain
   *     comes before it (likewise {@code authorityWire})
   * @param cache where the upstream part came from: the forwarder's cache or an upstream reply
   * @param upstreamErrors the upstream's own Extended DNS Errors, for the client
   */
  public Resolution complete(
      int rcode,
      List<Record> answer,
      List<Record> authority,
      int edeCode,
      String edeText,
      WireSection answerWire,
      WireSection authorityWire,
      CacheStatus cache,
      List<ExtendedErrorCodeOption> upstreamErrors) {
    if (!chain.isEmpty()) {
      List<Record> all = new ArrayList<>(chain);
      all.addAll(answer);
      return Resolution.forwarded(
          this, rcode, all, authority, edeCode, edeText, null, null, cache, upstreamErrors);
    }
    return Resolution.forwarded(
        this,
        rcode,
        answer,
        authority,
        edeCode,
        edeText,
        answerWire,
        authorityWire,
        cache,
        upstreamErrors);
  }
}
