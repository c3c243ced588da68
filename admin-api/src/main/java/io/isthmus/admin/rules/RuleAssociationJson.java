package io.isthmus.admin.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.lint.LintWarning;
import io.isthmus.config.RuleAssociation;
import java.util.List;

/**
 * A rule association as JSON: {@code {"id","resolverRuleId","vpcId","status"}}; {@code status} is
 * always COMPLETE, the association taking effect with its write. The answer to an association adds
 * {@code "warnings"} when the rule hides names of the VPC's zones (left out when none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RuleAssociationJson(
    String id, String resolverRuleId, String vpcId, String status, List<LintWarning> warnings) {
  static RuleAssociationJson of(RuleAssociation association) {
    return of(association, List.of());
  }

  static RuleAssociationJson of(RuleAssociation association, List<LintWarning> warnings) {
    return new RuleAssociationJson(
        association.id(),
        association.ruleId(),
        association.vpcId(),
        RuleJson.COMPLETE,
        warnings.isEmpty() ? null : warnings);
  }
}
