package io.isthmus.admin.aws.ram;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.rules.RuleAccess;
import io.isthmus.admin.rules.RuleShareService;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;
import io.isthmus.config.ResourceTag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes to RAM resource shares, each in one write with its effect on {@code /v1}: while a
 * rule and a principal account are in an ACTIVE share of the rule's owner, the rule is shared with
 * the account ({@link RuleShareService}, with its authorization: only the owner shares a rule);
 * once no share of the owner holds them both, it is not. Thread-safe.
 */
final class ResourceShares {
  /** AWS RAM's limit of tags on a resource. */
  static final int MAX_TAGS = 50;

  private final ConfigStore store;
  private final RuleShareService ruleShares;
  private final Clock clock;

  ResourceShares(ConfigStore store, RuleShareService ruleShares, Clock clock) {
    this.store = store;
    this.ruleShares = ruleShares;
    this.clock = clock;
  }

  /** What a new share is made of, as the request gave it. Immutable. */
  record NewShare(
      String name,
      boolean allowExternalPrincipals,
      String clientToken,
      Map<String, String> tags,
      ShareMembers members) {}

  /**
   * A new share of the caller's in the region, or the share the caller made with the same client
   * token, when the request is a retry of that one.
   */
  ResourceShare create(Caller caller, String region, NewShare spec) {
    if (spec.tags().size() > MAX_TAGS) {
      throw new RamError(
          "TagLimitExceededException", "A resource share has at most " + MAX_TAGS + " tags.");
    }
    return write(
        w -> {
          String accountId = caller.account().id();
          if (spec.clientToken() != null) {
            for (ResourceShare made : w.resourceShares(accountId, null)) {
              if (spec.clientToken().equals(made.clientToken())) {
                return retried(made, region, spec);
              }
            }
          }
          ResourceShare share =
              new ResourceShare(
                  RamArns.newShareArn(region, accountId),
                  accountId,
                  region,
                  spec.name(),
                  spec.allowExternalPrincipals(),
                  spec.clientToken(),
                  clock.instant());
          w.insertResourceShare(share);
          spec.tags()
              .forEach(
                  (key, value) -> w.putTag(new ResourceTag(accountId, share.arn(), key, value)));
          add(w, caller, share, spec.members());
          return share;
        });
  }

  private static ResourceShare retried(ResourceShare made, String region, NewShare spec) {
    if (!made.name().equals(spec.name()) || !made.region().equals(region)) {
      throw new RamError(
          "IdempotentParameterMismatchException",
          "The client token "
              + spec.clientToken()
              + " was used for resource share "
              + made.arn()
              + " with other parameters.");
    }
    return made;
  }

  /** Adds rules and principals to a share of the caller's; those it holds already stay. */
  ResourceShare associate(Caller caller, String region, String shareArn, ShareMembers members) {
    return write(
        w -> {
          ResourceShare share = owned(w, caller, region, shareArn);
          add(w, caller, share, members);
          return share;
        });
  }

  /**
   * Removes rules and principals from a share of the caller's; each must be in it. The rule shares
   * that no share of the caller's holds any more end.
   */
  ResourceShare disassociate(Caller caller, String region, String shareArn, ShareMembers members) {
    return write(
        w -> {
          ResourceShare share = owned(w, caller, region, shareArn);
          List<String> rulesBefore = memberIds(w.resourceShareRules(share.arn()));
          List<String> principalsBefore = memberIds(w.resourceSharePrincipals(share.arn()));
          List<String> rules = new ArrayList<>();
          for (String arn : members.ruleArns()) {
            String ruleId = RuleArns.parse(arn).ruleId();
            boolean inShare =
                rulesBefore.contains(ruleId)
                    && w.rule(ruleId).map(RuleArns::of).filter(arn::equals).isPresent();
            if (!inShare) {
              throw RamError.unknownResource(
                  "The resource " + arn + " is not in resource share " + share.arn() + ".");
            }
            rules.add(ruleId);
          }
          for (String accountId : members.accountIds()) {
            if (!principalsBefore.contains(accountId)) {
              throw RamError.unknownResource(
                  "The principal " + accountId + " is not in resource share " + share.arn() + ".");
            }
          }
          rules.forEach(ruleId -> w.removeResourceShareRule(share.arn(), ruleId));
          members
              .accountIds()
              .forEach(accountId -> w.removeResourceSharePrincipal(share.arn(), accountId));
          Set<Pair> removed = new LinkedHashSet<>(pairs(rules, principalsBefore));
          removed.addAll(pairs(rulesBefore, members.accountIds()));
          unshareUnheld(w, caller, removed);
          return share;
        });
  }

  /** Deletes a share of the caller's, and the rule shares that no other share holds. */
  void delete(Caller caller, String region, String shareArn) {
    write(
        w -> {
          ResourceShare share = owned(w, caller, region, shareArn);
          List<Pair> held =
              pairs(
                  memberIds(w.resourceShareRules(share.arn())),
                  memberIds(w.resourceSharePrincipals(share.arn())));
          w.deleteResourceShare(share.arn());
          unshareUnheld(w, caller, held);
          return null;
        });
  }

  /**
   * The caller's share of that ARN in the region.
   *
   * @throws RamError UnknownResourceException if there is none: another account's share does not
   *     exist for the caller
   */
  static ResourceShare owned(ConfigReader reader, Caller caller, String region, String shareArn) {
    RamArns.requireShareArn(shareArn);
    return reader
        .resourceShare(shareArn)
        .filter(share -> share.accountId().equals(caller.account().id()))
        .filter(share -> share.region().equals(region))
        .orElseThrow(
            () ->
                RamError.unknownResource("No resource share " + shareArn + " in " + region + "."));
  }

  /** Adds the members the share lacks, then shares every rule of it with every principal. */
  private void add(ConfigWriter w, Caller caller, ResourceShare share, ShareMembers members) {
    Instant now = clock.instant();
    List<String> rules = memberIds(w.resourceShareRules(share.arn()));
    for (String arn : members.ruleArns()) {
      ResolverRule rule = shareable(w, caller, share, arn);
      if (!rules.contains(rule.id())) {
        w.addResourceShareRule(new ResourceShareMember(share.arn(), rule.id(), now));
        rules.add(rule.id());
      }
    }
    List<String> principals = memberIds(w.resourceSharePrincipals(share.arn()));
    for (String accountId : members.accountIds()) {
      if (w.account(accountId).isEmpty()) {
        throw RamError.unknownResource("No account with id " + accountId + ".");
      }
      if (accountId.equals(share.accountId())) {
        throw RamError.invalidParameter("A resource share cannot name its owner as a principal.");
      }
      if (!principals.contains(accountId)) {
        w.addResourceSharePrincipal(new ResourceShareMember(share.arn(), accountId, now));
        principals.add(accountId);
      }
    }
    for (Pair pair : pairs(rules, principals)) {
      ruleShares.share(
          w,
          caller,
          pair.ruleId(),
          pair.accountId(),
          errors -> {
            if (!errors.isEmpty()) {
              throw ApiException.invalidInput(errors);
            }
          });
    }
  }

  /**
   * The rule an ARN names, if the caller owns it and it is in the share's region. A rule the caller
   * cannot see, or an ARN whose region or account is not the rule's, is unknown.
   */
  private static ResolverRule shareable(
      ConfigReader reader, Caller caller, ResourceShare share, String arn) {
    RuleArns.RuleArn named = RuleArns.parse(arn);
    ResolverRule rule = RuleAccess.owned(reader, caller, named.ruleId());
    if (!RuleArns.of(rule).equals(arn)) {
      throw RamError.unknownResource("No resolver rule " + arn + ".");
    }
    if (!rule.region().equals(share.region())) {
      throw RamError.invalidParameter(
          "The resolver rule "
              + arn
              + " is in "
              + rule.region()
              + "; resource share "
              + share.arn()
              + " in "
              + share.region()
              + ".");
    }
    return rule;
  }

  /** Ends the rule shares of the pairs that no share of the owner holds any more. */
  private void unshareUnheld(ConfigWriter w, Caller caller, Iterable<Pair> pairs) {
    for (Pair pair : pairs) {
      boolean held = !w.resourceSharesCovering(pair.ruleId(), pair.accountId()).isEmpty();
      // A share ended through /v1 meanwhile is already what this would make it.
      boolean shared = w.ruleShares(pair.ruleId()).contains(pair.accountId());
      if (!held && shared) {
        ruleShares.unshare(w, caller, pair.ruleId(), pair.accountId());
      }
    }
  }

  /** A rule and an account it is shared with. Immutable. */
  private record Pair(String ruleId, String accountId) {}

  private static List<Pair> pairs(List<String> ruleIds, List<String> accountIds) {
    List<Pair> pairs = new ArrayList<>();
    for (String ruleId : ruleIds) {
      for (String accountId : accountIds) {
        pairs.add(new Pair(ruleId, accountId));
      }
    }
    return pairs;
  }

  private static List<String> memberIds(List<ResourceShareMember> members) {
    return new ArrayList<>(members.stream().map(ResourceShareMember::memberId).toList());
  }

  /** A write of the store, its {@code /v1} refusals in RAM's terms. */
  private <T> T write(java.util.function.Function<ConfigWriter, T> work) {
    try {
      return store.write(work);
    } catch (ApiException e) {
      throw ApiErrors.of(e);
    }
  }
}
