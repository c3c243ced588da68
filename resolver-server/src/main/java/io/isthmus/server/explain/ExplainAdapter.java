package io.isthmus.server.explain;

import io.isthmus.admin.explain.ExplainJson;
import io.isthmus.admin.explain.ExplainPort;
import io.isthmus.admin.explain.ExplainQuery;
import io.isthmus.admin.explain.ExplainResult;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingFields;
import io.isthmus.config.TargetAddress;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.Explainer;
import io.isthmus.route.Explanation;
import io.isthmus.route.Snapshot;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.TargetState;
import io.isthmus.server.snapshot.SnapshotHolder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The admin API's explain port on this node: reads the snapshot being served once, lets the rule
 * engine's {@link Explainer} explain the query with the resolver the data plane uses, and shows
 * forwarding through the {@link Forwarder}'s target states and a quiet look at its cache (nothing
 * is sent, no cache hit is counted). Thread-safe.
 */
public final class ExplainAdapter implements ExplainPort {
  private final SnapshotHolder holder;
  private final Explainer explainer;
  private final Explainer.ForwardView forward;

  public ExplainAdapter(SnapshotHolder holder, Explainer explainer, Forwarder forwarder) {
    this.holder = holder;
    this.explainer = explainer;
    this.forward = new ForwarderView(forwarder);
  }

  @Override
  public ExplainResult explain(ExplainQuery query) {
    Snapshot snapshot = holder.current();
    if (snapshot == null) {
      throw new ApiException(
          503, "NotReady", "This node has not loaded its configuration yet.", List.of());
    }
    Name name = name(query.name());
    int type = Type.value(query.type());
    Explanation explanation =
        query.vpcId() != null
            ? explainer.explainVpc(snapshot, query.vpcId(), name, type, forward)
            : explainer.explainSource(
                snapshot,
                address(query.sourceIp()),
                query.listener() == null ? null : query.listener().socketAddress(),
                name,
                type,
                forward);
    return new ExplainResult(explanation.vpcAccountId(), json(explanation));
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      // The admin API validated it; reaching here is a bug.
      throw new IllegalArgumentException("bad name " + text, e);
    }
  }

  /** A literal-only conversion: nothing is looked up. */
  private static InetAddress address(String literal) {
    return new TargetAddress(literal, 0).socketAddress().getAddress();
  }

  /**
   * The forwarder as explanations see it. Targets are listed in the tiers {@code
   * TargetSelector.order} tries them in: UP targets without recent failures (fastest first; the
   * forwarder shuffles those of similar round-trip time per query), then FAILING ones (fewest
   * failures first), then DOWN ones, which are tried only when every target is down.
   */
  static final class ForwarderView implements Explainer.ForwardView {
    private final Forwarder forwarder;

    ForwarderView(Forwarder forwarder) {
      this.forwarder = forwarder;
    }

    @Override
    public List<Explanation.Target> targets(List<InetSocketAddress> targets) {
      Map<InetSocketAddress, TargetState> known = new HashMap<>();
      for (TargetState state : forwarder.targetStates()) {
        known.put(state.target(), state);
      }
      List<InetSocketAddress> order = new ArrayList<>(targets);
      // Stable: targets the forwarder has not used yet keep the configured order.
      order.sort(
          Comparator.comparingInt((InetSocketAddress t) -> tier(known.get(t)))
              .thenComparingInt(t -> known.get(t) == null ? 0 : known.get(t).consecutiveFailures())
              .thenComparingLong(t -> known.get(t) == null ? 0 : known.get(t).srttMicros()));
      List<Explanation.Target> listed = new ArrayList<>();
      for (InetSocketAddress target : order) {
        listed.add(Explainer.ForwardView.target(target, state(known.get(target))));
      }
      return listed;
    }

    private static int tier(TargetState state) {
      if (state == null) {
        return 0;
      }
      if (state.state().equals("DOWN")) {
        return 2;
      }
      return state.consecutiveFailures() > 0 ? 1 : 0;
    }

    private static String state(TargetState state) {
      if (state == null) {
        return "UNKNOWN";
      }
      if (state.state().equals("DOWN")) {
        return "DOWN";
      }
      return state.consecutiveFailures() > 0 ? "FAILING" : "UP";
    }

    @Override
    public CacheStatus cache(String scope, Name name, int type) {
      return forwarder.peek(scope, name, type, DClass.IN);
    }
  }

  static ExplainJson json(Explanation e) {
    Explanation.Decision d = e.decision();
    return new ExplainJson(
        e.vpcId(),
        e.vpcReason(),
        e.candidates().stream()
            .map(c -> new ExplainJson.Candidate(c.kind().name(), c.domain(), c.id()))
            .toList(),
        new ExplainJson.Decision(d.kind().name(), d.id(), d.domain(), d.reason()),
        e.recordSets().stream().map(ExplainAdapter::recordSet).toList(),
        e.rcode(),
        e.answers(),
        e.forward() == null ? null : forward(e.forward()));
  }

  private static ExplainJson.RecordSetState recordSet(Explanation.RecordSetState state) {
    RecordSet r = state.recordSet();
    AliasTarget alias = r.aliasTarget();
    RoutingFields routing = RoutingFields.of(r.routing());
    return new ExplainJson.RecordSetState(
        r.name(),
        r.type(),
        r.ttl(),
        r.records(),
        r.setIdentifier(),
        routing.failover(),
        routing.weight(),
        routing.multiValueAnswer(),
        routing.region(),
        r.healthCheckId(),
        alias == null
            ? null
            : new ExplainJson.AliasTarget(alias.dnsName(), alias.evaluateTargetHealth()),
        state.health() == null ? null : state.health().name());
  }

  private static ExplainJson.Forward forward(Explanation.Forward f) {
    return new ExplainJson.Forward(
        f.name(),
        f.ruleId(),
        f.targets().stream().map(t -> new ExplainJson.Target(t.ip(), t.port(), t.state())).toList(),
        f.cache().held());
  }
}
