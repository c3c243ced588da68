package io.isthmus.route;

import io.isthmus.config.Cidr;
import io.isthmus.config.RecordSet;
import io.isthmus.zone.CompiledZone;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Explains how a query would be resolved now (docs/spec/admin-api.md "Troubleshooting"), from one
 * snapshot. The answer itself comes from {@link Resolver} — the same code the data plane runs, so
 * an explanation cannot drift from what {@code dig} sees (for weighted and multivalue groups it
 * shows one selection, as one query would); this class adds the why: the candidates, the decision,
 * the record sets read with their health, and what forwarding would do (described through {@link
 * ForwardView}, never performed). Off the query path; thread-safe (holds only the resolver).
 */
public final class Explainer {

  /**
   * The forwarder's state as an explanation shows it. Implementations read it without changing it
   * (no cache hit counted, no TTL touched, nothing sent).
   */
  public interface ForwardView {
    /** {@code targets} in the order they would be tried now, with their state. */
    List<Explanation.Target> targets(List<InetSocketAddress> targets);

    /**
     * What the cache of {@code scope} (a rule id, or "." for default resolution) holds: HIT for a
     * fresh entry, STALE, or NONE.
     */
    CacheStatus cache(String scope, Name name, int type);

    /** A view that knows nothing: targets in the configured order, state UNKNOWN, no cache. */
    ForwardView UNKNOWN =
        new ForwardView() {
          @Override
          public List<Explanation.Target> targets(List<InetSocketAddress> targets) {
            return targets.stream().map(t -> target(t, "UNKNOWN")).toList();
          }

          @Override
          public CacheStatus cache(String scope, Name name, int type) {
            return CacheStatus.NONE;
          }
        };

    /** A target of an explanation: its address literal, port and {@code state}. */
    static Explanation.Target target(InetSocketAddress address, String state) {
      return new Explanation.Target(
          address.getAddress().getHostAddress(), address.getPort(), state);
    }
  }

  private final Resolver resolver;

  /**
   * @param resolver the data plane's resolver (its default upstreams decide whether names nothing
   *     claims are forwarded or refused)
   */
  public Explainer(Resolver resolver) {
    this.resolver = resolver;
  }

  /** Explains {@code name}/{@code type} asked from inside the VPC {@code vpcId}. */
  public Explanation explainVpc(
      Snapshot snapshot, String vpcId, Name name, int type, ForwardView forward) {
    VpcRoutes vpc = snapshot.vpcsById().get(vpcId);
    if (vpc == null) {
      String reason =
          "VPC "
              + vpcId
              + " is not served by this node (its region is not among the node's regions, or the"
              + " node's configuration snapshot does not hold it yet): its sources get REFUSED";
      return refused(vpcId, reason);
    }
    return explain(snapshot, vpc, "given vpcId", name, type, forward);
  }

  /**
   * Explains {@code name}/{@code type} asked from {@code source} on the listener {@code local}, as
   * the resolver decides its VPC (docs/spec/resolution.md section 1): the VPC of the inbound
   * endpoint or VPC resolver address listening there, for a source it admits; on any other listener
   * (or none given), the VPC without resolver addresses whose CIDR holds the source, longest prefix
   * first.
   *
   * @param local the listener address the query would arrive on, or null for the node's main
   *     listener
   */
  public Explanation explainSource(
      Snapshot snapshot,
      InetAddress source,
      InetSocketAddress local,
      Name name,
      int type,
      ForwardView forward) {
    String address = source.getHostAddress();
    VpcListener listener = local == null ? null : snapshot.listeners().get(local);
    if (listener != null) {
      String arrival = "arrived on " + listenerText(local) + ", the " + listener.describe();
      if (!listener.admits(source)) {
        // The listener's VPC owner sees why; another account sees no more than "not found".
        return refused(
            null,
            listener.vpc().vpc().accountId(),
            "source "
                + address
                + " is not allowed by the "
                + listener.describe()
                + " ("
                + arrival
                + ")");
      }
      return explain(
          snapshot,
          listener.vpc(),
          arrival + ", which admits source " + address,
          name,
          type,
          forward);
    }
    VpcRoutes vpc = snapshot.vpcFor(source);
    if (vpc == null) {
      return refused(null, "source " + address + " is not in any VPC");
    }
    Cidr cidr = snapshot.vpcsBySource().matchingCidr(source);
    String reason =
        "source "
            + address
            + " is in "
            + cidr
            + " of "
            + vpc.vpc().id()
            + " (longest prefix match, as on the VPC resolver listener)";
    return explain(snapshot, vpc, reason, name, type, forward);
  }

  private static String listenerText(InetSocketAddress local) {
    String ip = local.getAddress().getHostAddress();
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + local.getPort();
  }

  private Explanation explain(
      Snapshot snapshot,
      VpcRoutes vpc,
      String vpcReason,
      Name name,
      int type,
      ForwardView forward) {
    List<Explanation.Candidate> candidates = new ArrayList<>();
    for (Route route : vpc.routes().covering(name)) {
      candidates.add(
          new Explanation.Candidate(route.kind(), route.domain().toString(), route.id()));
    }
    candidates.add(new Explanation.Candidate(RouteKind.DEFAULT, ".", null));

    // The same two lookups the resolver makes for the query name (docs/spec/resolution.md section
    // 2).
    Route decided = vpc.routes().decides(name);
    Route.HostedZone answering =
        vpc.routes().answers(name, decided) instanceof Route.HostedZone zone ? zone : null;
    Outcome outcome = resolver.resolve(snapshot, vpc, name, type);

    List<Explanation.RecordSetState> recordSets =
        answering == null ? List.of() : recordSets(snapshot.zone(answering), name, type);
    String rcode = null;
    List<String> answers;
    Explanation.Forward forwarded = null;
    if (outcome instanceof Resolution) {
      Resolution resolution = (Resolution) outcome;
      rcode = Rcode.string(resolution.rcode());
      answers = present(resolution.answer());
    } else {
      Forwarding forwarding = (Forwarding) outcome;
      answers = present(forwarding.chain());
      String scope = forwarding.scope();
      forwarded =
          new Explanation.Forward(
              forwarding.name().toString(),
              Resolver.DEFAULT_SCOPE.equals(scope) ? null : scope,
              forward.targets(forwarding.targets()),
              forward.cache(scope, forwarding.name(), type));
    }
    return new Explanation(
        vpc.vpc().id(),
        vpc.vpc().accountId(),
        vpcReason,
        candidates,
        decision(vpc, name, decided, answering, candidates, outcome),
        recordSets,
        rcode,
        answers,
        forwarded);
  }

  private static Explanation refused(String vpcId, String reason) {
    return refused(vpcId, null, reason);
  }

  private static Explanation refused(String vpcId, String vpcAccountId, String reason) {
    return new Explanation(
        vpcId,
        vpcAccountId,
        reason,
        List.of(),
        new Explanation.Decision(RouteKind.REFUSED, null, null, reason + ": REFUSED (EDE 18)"),
        List.of(),
        Rcode.string(Rcode.REFUSED),
        List.of(),
        null);
  }

  private static Explanation.Decision decision(
      VpcRoutes vpc,
      Name name,
      Route decided,
      Route.HostedZone answering,
      List<Explanation.Candidate> candidates,
      Outcome outcome) {
    boolean defaultOff = outcome instanceof Resolution && answering == null;
    if (decided == null) {
      String reason =
          "no zone or rule of "
              + vpc.vpc().id()
              + " covers "
              + name
              + ": default resolution"
              + (defaultOff ? ", which is off on this node: REFUSED (EDE 18)" : "");
      return new Explanation.Decision(RouteKind.DEFAULT, null, ".", reason);
    }
    String reason;
    Route sameName =
        decided instanceof Route.HostedZone ? null : vpc.routes().zoneAt(decided.domain());
    if (sameName != null) {
      reason = "rule beats zone at the same name (zone " + sameName.id() + ")";
    } else {
      reason = "most specific" + beaten(decided, candidates);
    }
    if (decided instanceof Route.System) {
      reason +=
          "; SYSTEM: resolved as if no rule → "
              + (answering != null
                  ? "zone " + answering.id() + " " + answering.domain()
                  : "default resolution"
                      + (defaultOff ? ", which is off on this node: REFUSED (EDE 18)" : ""));
    }
    return new Explanation.Decision(
        decided.kind(), decided.id(), decided.domain().toString(), reason);
  }

  /** " (over KIND id domain)" for the next less specific candidate, if any but DEFAULT. */
  private static String beaten(Route decided, List<Explanation.Candidate> candidates) {
    for (int i = 0; i < candidates.size() - 1; i++) {
      if (candidates.get(i).id().equals(decided.id())) {
        Explanation.Candidate next = candidates.get(i + 1);
        return next.kind() == RouteKind.DEFAULT
            ? ""
            : " (over " + next.kind() + " " + next.id() + " " + next.domain() + ")";
      }
    }
    return "";
  }

  /** The record sets the zone reads for the name: of the query type or CNAME (all for ANY). */
  private static List<Explanation.RecordSetState> recordSets(
      CompiledZone zone, Name name, int type) {
    String wanted = Type.string(type);
    List<Explanation.RecordSetState> states = new ArrayList<>();
    for (CompiledZone.RecordSetHealth found : zone.recordSetsFor(name)) {
      RecordSet rrset = found.recordSet();
      if (type == Type.ANY || rrset.type().equals(wanted) || rrset.type().equals("CNAME")) {
        Explanation.Health health =
            found.signal() == null
                ? null
                : found.signal().healthy()
                    ? Explanation.Health.HEALTHY
                    : Explanation.Health.UNHEALTHY;
        states.add(new Explanation.RecordSetState(rrset, health));
      }
    }
    return states;
  }

  /** Records as dig prints them, one space between fields: "name TTL class type rdata". */
  private static List<String> present(List<Record> records) {
    List<String> lines = new ArrayList<>(records.size());
    for (Record record : records) {
      lines.add(
          record.getName()
              + " "
              + record.getTTL()
              + " "
              + DClass.string(record.getDClass())
              + " "
              + Type.string(record.getType())
              + " "
              + record.rdataToString());
    }
    return lines;
  }
}
