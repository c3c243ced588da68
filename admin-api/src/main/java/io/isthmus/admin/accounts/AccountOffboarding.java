package io.isthmus.admin.accounts;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HostedZone;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.Vpc;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * {@code DELETE /v1/accounts/{id}/resources} (docs/api.md "Offboarding"): removes everything an
 * account owns, and every tie other accounts' resources have to it, in one write, so that the
 * account is left as new (its tokens and AWS keys stay) or, on any failure, untouched. The
 * operator's business. Thread-safe.
 */
@Service
public class AccountOffboarding {
  private final ConfigStore store;

  public AccountOffboarding(ConfigStore store) {
    this.store = store;
  }

  /**
   * What was removed, by kind, in the order it was removed; kinds with nothing removed included.
   */
  public record Removed(String accountId, Map<String, Integer> counts) {
    public Removed {
      counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
  }

  /** Removes the account's resources; the account must exist. */
  public Removed removeResources(Caller caller, String accountId) {
    caller.requireOperator();
    return store.write(
        w -> {
          if (w.account(accountId).isEmpty()) {
            throw ApiException.notFound(
                "ResourceNotFound", "No account with id " + accountId + ".");
          }
          return new Removed(accountId, remove(w, accountId));
        });
  }

  /**
   * Dependency order: what points at a resource goes before it. Ties from other accounts (their
   * zones' associations with and authorizations of this account's VPCs, their rules' associations
   * with them, their rules shared with this account, their query logs of these VPCs) go first.
   */
  private static Map<String, Integer> remove(ConfigWriter w, String accountId) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Set<String> vpcs =
        w.vpcs().stream()
            .filter(vpc -> vpc.accountId().equals(accountId))
            .map(Vpc::id)
            .collect(Collectors.toSet());
    List<HostedZone> zones = w.zones();
    int authorizations = 0;
    int associations = 0;
    for (HostedZone zone : zones) {
      if (zone.accountId().equals(accountId)) {
        continue; // they go with the zone
      }
      for (String vpc : w.authorizedVpcIds(zone.id())) {
        if (vpcs.contains(vpc)) {
          w.removeAuthorization(zone.id(), vpc);
          authorizations++;
        }
      }
      for (String vpc : w.associatedVpcIds(zone.id())) {
        if (vpcs.contains(vpc)) {
          w.removeAssociation(zone.id(), vpc);
          associations++;
        }
      }
    }
    counts.put("otherAccountsZoneAuthorizations", authorizations);
    counts.put("otherAccountsZoneAssociations", associations);

    int recordSets = 0;
    int ownZones = 0;
    for (HostedZone zone : zones) {
      if (zone.accountId().equals(accountId)) {
        recordSets += w.recordSetCount(zone.id());
        w.deleteZone(zone.id()); // its record sets, associations and authorizations with it
        ownZones++;
      }
    }
    counts.put("recordSets", recordSets);
    counts.put("hostedZones", ownZones);

    int ruleAssociations = 0;
    for (String vpc : vpcs) {
      for (RuleAssociation association : w.ruleAssociations(vpc)) {
        w.deleteRuleAssociation(association.id());
        ruleAssociations++;
      }
    }
    counts.put("ruleAssociations", ruleAssociations);
    List<ResolverRule> rules =
        w.rules().stream().filter(rule -> rule.ownerId().equals(accountId)).toList();
    rules.forEach(rule -> w.deleteRule(rule.id())); // targets, shares, associations with it
    counts.put("resolverRules", rules.size());
    List<String> sharedWith = w.sharedRuleIds(accountId);
    sharedWith.forEach(rule -> w.removeRuleShare(rule, accountId));
    counts.put("rulesSharedWithTheAccount", sharedWith.size());
    // RAM's resource shares (store V17): the account's own, with their tags, and its place in
    // other accounts' shares, whose rule shares with it went just above.
    List<ResourceShare> resourceShares = w.resourceShares(accountId, null);
    resourceShares.forEach(share -> w.deleteResourceShare(share.arn()));
    counts.put("resourceShares", resourceShares.size());
    List<ResourceShare> naming = w.resourceSharesWithPrincipal(accountId);
    naming.forEach(share -> w.removeResourceSharePrincipal(share.arn(), accountId));
    counts.put("otherAccountsResourceSharesNamingTheAccount", naming.size());

    int queryLogAssociations = 0;
    int queryLogConfigs = 0;
    for (QueryLogConfig config : w.queryLogConfigs()) {
      if (accountId.equals(config.ownerAccountId())) {
        w.deleteQueryLogConfig(config.id()); // its associations with it
        queryLogConfigs++;
      } else {
        for (QueryLogAssociation association : w.queryLogAssociations(config.id())) {
          if (vpcs.contains(association.vpcId())) {
            w.deleteQueryLogAssociation(association.id());
            queryLogAssociations++;
          }
        }
      }
    }
    counts.put("otherQueryLogAssociations", queryLogAssociations);
    counts.put("queryLogConfigs", queryLogConfigs);

    // Calculated checks first: their children may not go while a parent counts them.
    List<HealthCheck> checks =
        w.healthChecks().stream()
            .filter(check -> check.accountId().equals(accountId))
            .sorted(
                Comparator.comparing(
                    (HealthCheck check) -> check.type() != HealthCheck.Type.CALCULATED))
            .toList();
    checks.forEach(check -> w.deleteHealthCheck(check.id()));
    counts.put("healthChecks", checks.size());
    counts.put("cloudWatchAlarms", w.deleteCloudWatchAlarms(accountId));

    counts.put("tags", w.deleteAllTags(accountId));
    List<ResolverEndpoint> endpoints =
        w.endpoints().stream().filter(e -> e.accountId().equals(accountId)).toList();
    endpoints.forEach(endpoint -> w.deleteEndpoint(endpoint.id()));
    counts.put("resolverEndpoints", endpoints.size());
    // Subnets and security groups go with their VPC (store V14).
    counts.put("subnets", w.subnets(accountId).size());
    counts.put("securityGroups", w.securityGroups(accountId).size());
    vpcs.forEach(w::deleteVpc);
    counts.put("vpcs", vpcs.size());
    return counts;
  }
}
