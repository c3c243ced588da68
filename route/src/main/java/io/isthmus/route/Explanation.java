package io.isthmus.route;

import io.isthmus.config.RecordSet;
import java.util.List;

/**
 * How a query would be resolved now, from one snapshot (docs/spec/admin-api.md "Troubleshooting"):
 * which VPC asks and why, the zones and rules that cover the name, which of them decides and why,
 * the record sets a deciding zone reads with their health, the answer the node would give, and what
 * forwarding would do. Produced by {@link Explainer}; deeply immutable.
 *
 * @param vpcId the VPC the query is resolved in; null when no VPC matches
 * @param vpcAccountId the owner of that VPC, for the caller's visibility check; null with no VPC
 * @param vpcReason why this VPC (the matching CIDR, or "given vpcId"), or why none
 * @param candidates every zone and rule of the VPC whose domain equals or is a parent of the name,
 *     most specific first (a rule before a zone at the same domain), then DEFAULT ({@code .})
 * @param decision which candidate decides, and why
 * @param recordSets when a private hosted zone answers the name: the record sets it reads (at the
 *     name, or at the wildcard that synthesizes it; of the query type or CNAME); else empty
 * @param rcode the RCODE mnemonic of the answer the node gives now; null when the name (or the end
 *     of its CNAME chain) is forwarded, which an explanation describes but does not perform
 * @param answers the answer section in presentation format: the records a zone gives, or the CNAME
 *     chain followed before forwarding
 * @param forward what forwarding would do; null when nothing is forwarded
 */
public record Explanation(
    String vpcId,
    String vpcAccountId,
    String vpcReason,
    List<Candidate> candidates,
    Decision decision,
    List<RecordSetState> recordSets,
    String rcode,
    List<String> answers,
    Forward forward) {

  public Explanation {
    candidates = List.copyOf(candidates);
    recordSets = List.copyOf(recordSets);
    answers = List.copyOf(answers);
  }

  /**
   * A zone or rule that covers the name.
   *
   * @param kind HOSTED_ZONE, FORWARD, SYSTEM or DEFAULT
   * @param domain the zone or rule domain, absolute; {@code .} for DEFAULT
   * @param id the zone or rule id; null for DEFAULT
   */
  public record Candidate(RouteKind kind, String domain, String id) {}

  /**
   * What decides the query name.
   *
   * @param kind HOSTED_ZONE, FORWARD, SYSTEM, DEFAULT, or REFUSED when no VPC asks
   * @param id the zone or rule id; null for DEFAULT and REFUSED
   * @param domain the zone or rule domain; {@code .} for DEFAULT, null for REFUSED
   * @param reason why, in words
   */
  public record Decision(RouteKind kind, String id, String domain, String reason) {}

  /** Health of a record set's health check as the query path reads it now. */
  public enum Health {
    HEALTHY,
    UNHEALTHY
  }

  /**
   * A record set the deciding zone reads.
   *
   * @param health null when the record set has no health check (always healthy)
   */
  public record RecordSetState(RecordSet recordSet, Health health) {}

  /** A forwarding target in the order it would be tried, with what the forwarder knows of it. */
  public record Target(String ip, int port, String state) {}

  /**
   * What forwarding would do (described, not performed).
   *
   * @param name the name asked upstream: the query name or the end of its CNAME chain
   * @param ruleId the FORWARD rule whose targets are asked; null for default resolution
   * @param targets the targets in the order they would be tried
   * @param cache what the forwarder's cache holds for the question: HIT (fresh), STALE or NONE
   */
  public record Forward(String name, String ruleId, List<Target> targets, CacheStatus cache) {
    public Forward {
      targets = List.copyOf(targets);
    }
  }
}
