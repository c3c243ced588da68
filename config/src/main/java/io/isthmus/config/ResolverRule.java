package io.isthmus.config;

import java.util.List;

/**
 * A resolver rule: FORWARD queries for {@code domainName} (and below) to {@code targetIps} through
 * the owner's outbound endpoint, or SYSTEM: resolve them as if no rule existed. {@code domainName}
 * is normalized; {@code region} is the outbound endpoint's VPC region for FORWARD rules. Immutable.
 */
public record ResolverRule(
    String id,
    String ownerId,
    String name,
    String domainName,
    RuleType ruleType,
    List<TargetAddress> targetIps,
    String resolverEndpointId,
    String region) {

  public enum RuleType {
    FORWARD,
    SYSTEM
  }

  public ResolverRule {
    targetIps = targetIps == null ? List.of() : List.copyOf(targetIps);
  }
}
