package io.isthmus.admin.rules;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ResolverRule;

/**
 * Who may see and act on a resolver rule: its owner does everything; an account it is shared with
 * may read it and associate it with its VPCs, but not change it or see its shares (403); to anyone
 * else it does not exist (404), whatever else the request holds: visibility is checked before the
 * permission. The operator reads everything. Stateless.
 */
public final class RuleAccess {
  private RuleAccess() {}

  /** The rule if it exists at all, whoever owns it. */
  public static ResolverRule existing(ConfigReader reader, String ruleId) {
    return reader.rule(ruleId).orElseThrow(() -> noSuchRule(ruleId));
  }

  /**
   * The rule if the caller owns it, it is shared with the caller, or the caller is the operator.
   */
  public static ResolverRule readable(ConfigReader reader, Caller caller, String ruleId) {
    ResolverRule rule = existing(reader, ruleId);
    if (caller.canRead(rule.ownerId()) || isSharedWith(reader, rule, caller)) {
      return rule;
    }
    throw noSuchRule(ruleId);
  }

  /**
   * The rule if the caller owns it, for a change; the operator is denied, it owns nothing.
   *
   * @throws ApiException 403 NotAuthorized if the rule is shared with the caller, 404 otherwise
   */
  public static ResolverRule owned(ConfigReader reader, Caller caller, String ruleId) {
    ResolverRule rule = readable(reader, caller, ruleId);
    Account account = caller.account(); // AccessDenied for the operator, once the rule is seen
    if (rule.ownerId().equals(account.id())) {
      return rule;
    }
    throw refusal(rule);
  }

  /** The rule if the caller owns it or is the operator: who may read its shares. */
  static ResolverRule ownedOrOperator(ConfigReader reader, Caller caller, String ruleId) {
    ResolverRule rule = readable(reader, caller, ruleId);
    if (caller.canRead(rule.ownerId())) {
      return rule;
    }
    throw refusal(rule);
  }

  static boolean isSharedWith(ConfigReader reader, ResolverRule rule, Caller caller) {
    return !caller.isOperator() && reader.ruleShares(rule.id()).contains(caller.account().id());
  }

  /** The refusal for an account the rule is shared with: it sees the rule, so 403. */
  private static ApiException refusal(ResolverRule rule) {
    return ApiException.notAuthorized(
        "Resolver rule "
            + rule.id()
            + " is shared with you; only its owner may change it or see its shares.");
  }

  private static ApiException noSuchRule(String ruleId) {
    return ApiException.notFound("ResourceNotFound", "No resolver rule with id " + ruleId + ".");
  }
}
