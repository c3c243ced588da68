package io.isthmus.admin.aws.ram;

import io.isthmus.admin.aws.resolver.ResolverArns;
import io.isthmus.config.ResolverRule;

/**
 * The ARN of a Route 53 Resolver rule, {@code
 * arn:aws:route53resolver:<region>:<account>:resolver-rule/<rule id>}, where the rule id is {@code
 * /v1}'s: the only resources Isthmus shares through RAM. Stateless.
 */
final class RuleArns {
  private static final String RESOURCE_PREFIX = "resolver-rule/";

  private RuleArns() {}

  /** What a rule's ARN names. Immutable. */
  record RuleArn(String region, String accountId, String ruleId) {}

  /** The rule's ARN as Route 53 Resolver writes it, so that both APIs name a rule alike. */
  static String of(ResolverRule rule) {
    return ResolverArns.rule(rule.region(), rule.ownerId(), rule.id());
  }

  /**
   * @throws RamError MalformedArnException if {@code arn} is not an ARN, InvalidParameterException
   *     if it is not a resolver rule's: Isthmus shares nothing else
   */
  static RuleArn parse(String arn) {
    Arn parsed = Arn.parse(arn);
    if (!parsed.service().equals("route53resolver")
        || !parsed.resource().startsWith(RESOURCE_PREFIX)) {
      throw RamError.invalidParameter(
          "Isthmus shares Route 53 Resolver rules only (arn:aws:route53resolver:<region>:"
              + "<account>:resolver-rule/<id>), not "
              + arn
              + ".");
    }
    return new RuleArn(
        parsed.region(), parsed.accountId(), parsed.resource().substring(RESOURCE_PREFIX.length()));
  }
}
