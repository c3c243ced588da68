package io.isthmus.admin.rules;

import io.isthmus.config.RuleAssociation;

/**
 * A rule association as JSON: {@code {"id","resolverRuleId","vpcId","status"}}; {@code status} is
 * always COMPLETE, the association taking effect with its write.
 */
record RuleAssociationJson(String id, String resolverRuleId, String vpcId, String status) {
  static RuleAssociationJson of(RuleAssociation association) {
    return new RuleAssociationJson(
        association.id(), association.ruleId(), association.vpcId(), RuleJson.COMPLETE);
  }
}
