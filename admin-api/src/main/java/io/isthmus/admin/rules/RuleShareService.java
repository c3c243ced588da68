package io.isthmus.admin.rules;

import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.Vpc;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Sharing a rule with other accounts, as Route 53 Resolver does through AWS RAM: an account a rule
 * is shared with may associate it with its own VPCs. Thread-safe.
 */
@Service
public class RuleShareService {
  private static final Paginator<RuleShare> PAGES =
      Paginator.byId(RuleShare::accountId, accountId -> new RuleShare(null, accountId));

  private final ConfigStore store;

  public RuleShareService(ConfigStore store) {
    this.store = store;
  }

  /**
   * Shares a rule of the caller's with an existing account. Idempotent. The account is named by
   * design whoever it is, as with AWS RAM: an unknown one is 404 ResourceNotFound.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public RuleShare share(
      Caller caller, String ruleId, String accountId, Consumer<List<FieldError>> requireValid) {
    return store.write(w -> share(w, caller, ruleId, accountId, requireValid));
  }

  /**
   * {@link #share(Caller, String, String, Consumer)} as part of the write {@code w}, for the
   * facades that share several rules at once (AWS RAM's resource shares): all or nothing.
   */
  public RuleShare share(
      ConfigWriter w,
      Caller caller,
      String ruleId,
      String accountId,
      Consumer<List<FieldError>> requireValid) {
    ResolverRule rule = RuleAccess.owned(w, caller, ruleId);
    if (accountId == null) {
      requireValid.accept(List.of(new FieldError("accountId", "accountId is required")));
    } else if (!Ids.isAccountId(accountId)) {
      requireValid.accept(List.of(new FieldError("accountId", "must be 12 digits")));
    } else {
      requireValid.accept(List.of());
    }
    if (w.account(accountId).isEmpty()) {
      throw ApiException.notFound("ResourceNotFound", "No account with id " + accountId + ".");
    }
    if (accountId.equals(rule.ownerId())) {
      throw ApiException.invalidRequest(
          "A rule cannot be shared with its owner.",
          List.of(new FieldError("accountId", "is the rule's owner")));
    }
    if (!w.ruleShares(rule.id()).contains(accountId)) {
      w.addRuleShare(rule.id(), accountId);
    }
    return new RuleShare(rule.id(), accountId);
  }

  /**
   * The accounts the rule is shared with, for its owner (and the operator). The page is read once
   * the caller is known to see the rule and its shares.
   */
  public Page<RuleShare> shares(Caller caller, String ruleId, Supplier<PageRequest> page) {
    ResolverRule rule = RuleAccess.ownedOrOperator(store, caller, ruleId);
    PageRequest request = page.get();
    List<RuleShare> shares =
        store.ruleShares(rule.id()).stream().map(id -> new RuleShare(rule.id(), id)).toList();
    return PAGES.page(shares, request);
  }

  /**
   * Stops sharing the rule with the account and, in the same write, ends the rule's associations
   * with that account's VPCs: a rule no longer shared must stop answering there at once.
   */
  public void unshare(Caller caller, String ruleId, String accountId) {
    store.write(
        w -> {
          unshare(w, caller, ruleId, accountId);
          return null;
        });
  }

  /** {@link #unshare(Caller, String, String)} as part of the write {@code w}. */
  public void unshare(ConfigWriter w, Caller caller, String ruleId, String accountId) {
    ResolverRule rule = RuleAccess.owned(w, caller, ruleId);
    if (!w.ruleShares(rule.id()).contains(accountId)) {
      throw ApiException.notFound(
          "ResourceNotFound",
          "Resolver rule " + ruleId + " is not shared with account " + accountId + ".");
    }
    w.removeRuleShare(rule.id(), accountId);
    for (RuleAssociation association : w.ruleAssociations(null)) {
      boolean ofThatAccount =
          w.vpc(association.vpcId()).map(Vpc::accountId).filter(accountId::equals).isPresent();
      if (association.ruleId().equals(rule.id()) && ofThatAccount) {
        w.deleteRuleAssociation(association.id());
      }
    }
  }
}
