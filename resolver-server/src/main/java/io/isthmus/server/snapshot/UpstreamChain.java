package io.isthmus.server.snapshot;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.Forwarding;
import io.isthmus.route.Outcome;
import io.isthmus.route.Resolution;
import io.isthmus.route.Resolver;
import io.isthmus.route.Route;
import io.isthmus.route.Snapshot;
import io.isthmus.route.VpcRoutes;
import io.isthmus.server.forward.ForwardQuery;
import io.isthmus.server.forward.ForwardResult;
import io.isthmus.server.forward.Forwarder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Completes a forwarded question, chasing the upstream's CNAMEs in the VPC's own context where the
 * upstream may not decide them (docs/spec/resolution.md section 3: a target is chased through the
 * whole algorithm). The chain is cut after the first CNAME whose target lies outside the upstream's
 * bailiwick (the forwarder reports it, having dropped what the upstream said about it) or whose
 * target this VPC routes elsewhere (a more specific private zone or rule); that target is resolved
 * again — private zone, rule or default — and so on. The CNAME limit (8) and loop detection hold
 * over the whole chain, local and upstream links alike: a 9th CNAME or a loop is SERVFAIL with the
 * chain so far. The response's RCODE is the last link's. Stateless and thread-safe; a chain that
 * needs no chasing costs one scan of its answer for CNAMEs.
 */
final class UpstreamChain {
  private final Resolver resolver;
  private final Forwarder forwarder;

  UpstreamChain(Resolver resolver, Forwarder forwarder) {
    this.resolver = resolver;
    this.forwarder = forwarder;
  }

  /** The resolution of {@code forwarding}, decided in {@code snapshot}. */
  CompletionStage<Resolution> complete(Snapshot snapshot, Forwarding forwarding) {
    CompletableFuture<ForwardResult> pending = forwarder.forward(query(forwarding));
    ForwardResult now = pending.getNow(null);
    if (now != null) {
      // A cache hit: completed on this thread, no dependent future needed.
      return first(snapshot, forwarding, now);
    }
    return pending.thenCompose(result -> first(snapshot, forwarding, result));
  }

  private CompletionStage<Resolution> first(
      Snapshot snapshot, Forwarding forwarding, ForwardResult result) {
    // Looked up only for answers with CNAMEs: most answers need no VPC context here.
    VpcRoutes vpc = hasCname(result) ? snapshot.vpcsById().get(forwarding.vpcId()) : null;
    int cut = vpc == null ? -1 : cutAfter(vpc, forwarding, result);
    if (cut < 0) {
      return CompletableFuture.completedFuture(
          forwarding.complete(
              result.rcode(),
              result.answer(),
              result.authority(),
              result.edeCode(),
              result.edeText(),
              result.answerWire(),
              result.authorityWire(),
              result.cache(),
              result.upstreamErrors()));
    }
    Chase chase = new Chase(snapshot, vpc, forwarding, result);
    return chase.link(result, cut);
  }

  /**
   * The index of the answer's CNAME after which the chain leaves what this upstream may decide in
   * this VPC, or -1 when the whole answer stands.
   */
  private static boolean hasCname(ForwardResult result) {
    for (Record record : result.answer()) {
      if (record instanceof CNAMERecord) {
        return true;
      }
    }
    return false;
  }

  private static int cutAfter(VpcRoutes vpc, Forwarding forwarding, ForwardResult result) {
    List<Record> answer = result.answer();
    int lastCname = -1;
    for (int i = 0; i < answer.size(); i++) {
      if (answer.get(i) instanceof CNAMERecord cname) {
        if (!sameRoute(vpc, forwarding, cname.getTarget())) {
          return i;
        }
        lastCname = i;
      }
    }
    // The forwarder cut the chain at its bailiwick (ReplyScrubber): the last CNAME leads out.
    return result.continueAt() != null ? lastCname : -1;
  }

  /** True when this VPC sends {@code name} to the same upstream scope as {@code forwarding}. */
  private static boolean sameRoute(VpcRoutes vpc, Forwarding forwarding, Name name) {
    Route route = vpc.routes().answers(name);
    if (route == null) {
      return Resolver.DEFAULT_SCOPE.equals(forwarding.scope());
    }
    return route instanceof Route.Forward forward && forward.id().equals(forwarding.scope());
  }

  /** One chase across links; confined to the completions of one query, one link at a time. */
  private final class Chase {
    private final Snapshot snapshot;
    private final VpcRoutes vpc;
    private final Forwarding origin;
    private final CacheStatus cache;
    private final List<Record> answer;
    private final List<ExtendedErrorCodeOption> upstreamErrors = new ArrayList<>(0);
    private int edeCode = Resolution.NO_EDE;
    private String edeText;

    Chase(Snapshot snapshot, VpcRoutes vpc, Forwarding origin, ForwardResult first) {
      this.snapshot = snapshot;
      this.vpc = vpc;
      this.origin = origin;
      this.cache = first.cache();
      this.answer = new ArrayList<>(origin.chain());
    }

    /** Takes the answer of {@code result} up to {@code cut}, then resolves the cut target. */
    CompletionStage<Resolution> link(ForwardResult result, int cut) {
      note(result.edeCode(), result.edeText());
      upstreamErrors.addAll(result.upstreamErrors());
      if (cut < 0) {
        answer.addAll(result.answer());
        return done(result.rcode(), result.authority());
      }
      List<Record> taken = result.answer().subList(0, cut + 1);
      answer.addAll(taken);
      Name target = ((CNAMERecord) taken.get(cut)).getTarget();
      String problem = chainProblem();
      if (problem != null) {
        return servfail(problem);
      }
      Outcome next = resolver.resolve(snapshot, vpc, target, origin.type());
      if (next instanceof Resolution local) {
        answer.addAll(local.answer());
        note(local.edeCode(), local.edeText());
        String localProblem = chainProblem();
        if (localProblem != null) {
          return servfail(localProblem);
        }
        return done(local.rcode(), local.authority());
      }
      Forwarding onward = (Forwarding) next;
      answer.addAll(onward.chain());
      String onwardProblem = chainProblem();
      if (onwardProblem != null) {
        return servfail(onwardProblem);
      }
      return forwarder
          .forward(query(onward))
          .thenCompose(onwardResult -> link(onwardResult, cutAfter(vpc, onward, onwardResult)));
    }

    private void note(int code, String text) {
      if (code >= 0) {
        edeCode = code;
        edeText = text;
      }
    }

    /** Too many CNAMEs, or a loop, over the whole chain so far; null when it may go on. */
    private String chainProblem() {
      List<Name> seen = new ArrayList<>(answer.size() + 1);
      seen.add(origin.chain().isEmpty() ? origin.name() : origin.chain().get(0).getName());
      int cnames = 0;
      for (Record record : answer) {
        if (record instanceof CNAMERecord cname) {
          cnames++;
          if (cnames > Resolver.MAX_CNAME_HOPS) {
            return "CNAME chain longer than " + Resolver.MAX_CNAME_HOPS;
          }
          if (seen.contains(cname.getTarget())) {
            return "CNAME loop at " + cname.getTarget();
          }
          seen.add(cname.getTarget());
        }
      }
      return null;
    }

    private CompletionStage<Resolution> servfail(String why) {
      // RFC 8914 section 4.1: "Other", the text says which.
      edeCode = ExtendedErrorCodeOption.OTHER;
      edeText = why;
      return done(Rcode.SERVFAIL, List.of());
    }

    private CompletionStage<Resolution> done(int rcode, List<Record> authority) {
      return CompletableFuture.completedFuture(
          Resolution.forwarded(
              origin,
              rcode,
              answer,
              authority,
              edeCode,
              edeText,
              null,
              null,
              cache,
              upstreamErrors));
    }
  }

  private static ForwardQuery query(Forwarding forwarding) {
    return new ForwardQuery(
        forwarding.scope(),
        forwarding.name(),
        forwarding.type(),
        DClass.IN,
        forwarding.targets(),
        forwarding.sources(),
        forwarding.bailiwick());
  }
}
