package io.isthmus.admin.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code GET /v1/resolver/explain} (docs/spec/admin-api.md "Troubleshooting"). Absent
 * values are written as null, so clients see every field of the documented shape. Immutable.
 *
 * @param vpcId the VPC the query resolves in; null when the source is in no VPC
 * @param vpcReason why that VPC (the CIDR that matched, or "given vpcId"), or why none
 * @param candidates every zone and rule of the VPC covering the name, most specific first, then
 *     DEFAULT
 * @param decision what decides, and why
 * @param recordSets the record sets a deciding private hosted zone reads, with their health
 * @param rcode the RCODE the node answers with now; null when the name is forwarded
 * @param answers the answer section in presentation format (a CNAME chain before forwarding)
 * @param forward what forwarding would do; null when nothing is forwarded
 */
public record ExplainJson(
    String vpcId,
    String vpcReason,
    List<Candidate> candidates,
    Decision decision,
    List<RecordSetState> recordSets,
    String rcode,
    List<String> answers,
    Forward forward) {

  public ExplainJson {
    candidates = List.copyOf(candidates);
    recordSets = List.copyOf(recordSets);
    answers = List.copyOf(answers);
  }

  /**
   * @param kind HOSTED_ZONE, FORWARD, SYSTEM or DEFAULT
   * @param domain absolute, {@code .} for DEFAULT
   * @param id the zone or rule id; null for DEFAULT
   */
  public record Candidate(String kind, String domain, String id) {}

  /**
   * @param kind HOSTED_ZONE, FORWARD, SYSTEM, DEFAULT, or REFUSED when no VPC asks
   */
  public record Decision(String kind, String id, String domain, String reason) {}

  /**
   * A record set as the record set API shows it (routing fields only when set), with the health of
   * its health check: HEALTHY, UNHEALTHY, or null without a check.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RecordSetState(
      String name,
      String type,
      Long ttl,
      List<String> records,
      String setIdentifier,
      String failover,
      Integer weight,
      Boolean multiValueAnswer,
      String region,
      String healthCheckId,
      AliasTarget aliasTarget,
      @JsonInclude(JsonInclude.Include.ALWAYS) String health) {

    public RecordSetState {
      records = List.copyOf(records);
    }
  }

  public record AliasTarget(String dnsName, boolean evaluateTargetHealth) {}

  /**
   * @param name the name asked upstream (the end of a CNAME chain, if any)
   * @param ruleId the FORWARD rule; null for default resolution
   * @param targets in the order they would be tried
   * @param cache FRESH, STALE or NONE
   */
  public record Forward(String name, String ruleId, List<Target> targets, String cache) {
    public Forward {
      targets = List.copyOf(targets);
    }
  }

  /**
   * @param state UP, DOWN, or UNKNOWN for a target this node has not used yet
   */
  public record Target(String ip, int port, String state) {}
}
