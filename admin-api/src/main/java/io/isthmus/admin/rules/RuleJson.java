package io.isthmus.admin.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.addresses.AddressJson;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResolverRule.RuleType;
import java.util.List;

/**
 * A rule as JSON: {@code {"id","ownerId","shareStatus","name","domainName","ruleType","targetIps",
 * "resolverEndpointId","region","status"}}; a SYSTEM rule has no {@code resolverEndpointId}. {@code
 * status} is always COMPLETE: a rule takes effect with the write that creates or changes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RuleJson(
    String id,
    String ownerId,
    ShareStatus shareStatus,
    String name,
    String domainName,
    RuleType ruleType,
    List<AddressJson> targetIps,
    String resolverEndpointId,
    String region,
    String status) {

  static final String COMPLETE = "COMPLETE";

  static RuleJson of(RuleView view) {
    ResolverRule rule = view.rule();
    return new RuleJson(
        rule.id(),
        rule.ownerId(),
        view.shareStatus(),
        rule.name(),
        rule.domainName(),
        rule.ruleType(),
        AddressJson.of(rule.targetIps()),
        rule.resolverEndpointId(),
        rule.region(),
        COMPLETE);
  }
}
