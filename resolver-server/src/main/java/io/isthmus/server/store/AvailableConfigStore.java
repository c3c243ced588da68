package io.isthmus.server.store;

import io.isthmus.config.Account;
import io.isthmus.config.AwsAccessKey;
import io.isthmus.config.Change;
import io.isthmus.config.Cidr;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheckOrigin;
import io.isthmus.config.HostedZone;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.RecordSet;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;
import io.isthmus.config.ResourceTag;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.Subnet;
import io.isthmus.config.Vpc;
import io.isthmus.config.jdbc.JdbcConfigStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link ConfigStore} the node's components use: the JDBC store behind a {@link
 * StoreConnection}, so that every call fails fast with {@link StoreUnavailableException} while the
 * database is away instead of hanging or failing obscurely. Account token look-ups fall back to the
 * tokens known from the last snapshot then, so that account callers are still recognized (and told
 * 503, not 401). Listeners are attached to the JDBC store once it opens. Thread-safe.
 */
public final class AvailableConfigStore implements ConfigStore {
  private final StoreConnection connection;
  private final AccountTokens tokens;

  public AvailableConfigStore(StoreConnection connection, AccountTokens tokens) {
    this.connection = connection;
    this.tokens = tokens;
  }

  @Override
  public <T> T write(Function<ConfigWriter, T> work) {
    return connection.call(store -> store.write(work));
  }

  @Override
  public ConfigData load() {
    return connection.call(JdbcConfigStore::load);
  }

  @Override
  public Optional<ConfigChanges> changesSince(long version) {
    return connection.call(store -> store.changesSince(version));
  }

  @Override
  public void addListener(Runnable afterCommit) {
    connection.onOpen(store -> store.addListener(afterCommit));
  }

  /** The store connection owns the JDBC store and closes it. */
  @Override
  public void close() {}

  @Override
  public Optional<Account> accountByTokenHash(String tokenHash) {
    try {
      Optional<Account> found = connection.call(store -> store.accountByTokenHash(tokenHash));
      tokens.remember(tokenHash, found);
      return found;
    } catch (StoreUnavailableException e) {
      Optional<Account> known = tokens.known(tokenHash);
      if (known.isPresent()) {
        return known;
      }
      throw e;
    }
  }

  @Override
  public long version() {
    return connection.call(JdbcConfigStore::version);
  }

  @Override
  public List<Account> accounts() {
    return connection.call(JdbcConfigStore::accounts);
  }

  @Override
  public Optional<String> zoneIdByCallerReference(String accountId, String callerReference) {
    return connection.call(store -> store.zoneIdByCallerReference(accountId, callerReference));
  }

  @Override
  public Optional<String> callerReference(String zoneId) {
    return connection.call(store -> store.callerReference(zoneId));
  }

  @Override
  public Optional<HealthCheckOrigin> healthCheckOrigin(String checkId) {
    return connection.call(store -> store.healthCheckOrigin(checkId));
  }

  @Override
  public Optional<String> healthCheckIdByCallerReference(String accountId, String callerReference) {
    return connection.call(
        store -> store.healthCheckIdByCallerReference(accountId, callerReference));
  }

  @Override
  public List<String> healthChecksOfAlarm(String accountId, String region, String alarmName) {
    return connection.call(store -> store.healthChecksOfAlarm(accountId, region, alarmName));
  }

  @Override
  public Optional<CloudWatchAlarm> cloudWatchAlarm(String accountId, String region, String name) {
    return connection.call(store -> store.cloudWatchAlarm(accountId, region, name));
  }

  @Override
  public List<CloudWatchAlarm> cloudWatchAlarms(String accountId, String region) {
    return connection.call(store -> store.cloudWatchAlarms(accountId, region));
  }

  @Override
  public Optional<Subnet> subnet(String subnetId) {
    return connection.call(store -> store.subnet(subnetId));
  }

  @Override
  public List<Subnet> subnets(String accountId) {
    return connection.call(store -> store.subnets(accountId));
  }

  @Override
  public Optional<SecurityGroup> securityGroup(String groupId) {
    return connection.call(store -> store.securityGroup(groupId));
  }

  @Override
  public List<SecurityGroup> securityGroups(String accountId) {
    return connection.call(store -> store.securityGroups(accountId));
  }

  @Override
  public List<ResourceTag> tags(String accountId) {
    return connection.call(store -> store.tags(accountId));
  }

  @Override
  public Optional<AwsAccessKey> awsAccessKey(String accessKeyId) {
    return connection.call(store -> store.awsAccessKey(accessKeyId));
  }

  @Override
  public List<AwsAccessKey> awsAccessKeys(String accountId) {
    return connection.call(store -> store.awsAccessKeys(accountId));
  }

  @Override
  public Optional<Account> account(String accountId) {
    return connection.call(store -> store.account(accountId));
  }

  @Override
  public List<Vpc> vpcs() {
    return connection.call(JdbcConfigStore::vpcs);
  }

  @Override
  public List<Vpc> vpcsFrom(String accountId, String fromId, int limit) {
    return connection.call(store -> store.vpcsFrom(accountId, fromId, limit));
  }

  @Override
  public List<Vpc> vpcsOverlapping(Cidr cidr) {
    return connection.call(store -> store.vpcsOverlapping(cidr));
  }

  @Override
  public List<Vpc> vpcsWithResolverAddresses() {
    return connection.call(store -> store.vpcsWithResolverAddresses());
  }

  @Override
  public Optional<Vpc> vpc(String vpcId) {
    return connection.call(store -> store.vpc(vpcId));
  }

  @Override
  public List<HostedZone> zones() {
    return connection.call(JdbcConfigStore::zones);
  }

  @Override
  public Optional<HostedZone> zone(String zoneId) {
    return connection.call(store -> store.zone(zoneId));
  }

  @Override
  public List<RecordSet> recordSetsInOrder(
      String zoneId, String fromName, int fromType, String type, int limit) {
    return connection.call(
        store -> store.recordSetsInOrder(zoneId, fromName, fromType, type, limit));
  }

  @Override
  public int recordSetCount(String zoneId) {
    return connection.call(store -> store.recordSetCount(zoneId));
  }

  @Override
  public List<RecordSet> recordSets(String zoneId) {
    return connection.call(store -> store.recordSets(zoneId));
  }

  @Override
  public List<RecordSet> recordSetsAt(String zoneId, Set<String> names) {
    return connection.call(store -> store.recordSetsAt(zoneId, names));
  }

  @Override
  public List<String> associatedVpcIds(String zoneId) {
    return connection.call(store -> store.associatedVpcIds(zoneId));
  }

  @Override
  public List<Vpc> associatedVpcs(String zoneId) {
    return connection.call(store -> store.associatedVpcs(zoneId));
  }

  @Override
  public Set<String> domainsClaimingBelow(String zoneName) {
    return connection.call(store -> store.domainsClaimingBelow(zoneName));
  }

  @Override
  public List<String> associatedZoneIds(String vpcId) {
    return connection.call(store -> store.associatedZoneIds(vpcId));
  }

  @Override
  public List<String> authorizedVpcIds(String zoneId) {
    return connection.call(store -> store.authorizedVpcIds(zoneId));
  }

  @Override
  public Optional<Change> change(String changeId) {
    return connection.call(store -> store.change(changeId));
  }

  @Override
  public List<ResolverEndpoint> endpoints() {
    return connection.call(JdbcConfigStore::endpoints);
  }

  @Override
  public Optional<ResolverEndpoint> endpoint(String endpointId) {
    return connection.call(store -> store.endpoint(endpointId));
  }

  @Override
  public List<ResolverRule> rules() {
    return connection.call(JdbcConfigStore::rules);
  }

  @Override
  public Optional<ResolverRule> rule(String ruleId) {
    return connection.call(store -> store.rule(ruleId));
  }

  @Override
  public List<String> ruleShares(String ruleId) {
    return connection.call(store -> store.ruleShares(ruleId));
  }

  @Override
  public List<String> sharedRuleIds(String accountId) {
    return connection.call(store -> store.sharedRuleIds(accountId));
  }

  @Override
  public Optional<ResourceShare> resourceShare(String arn) {
    return connection.call(store -> store.resourceShare(arn));
  }

  @Override
  public List<ResourceShare> resourceShares(String accountId, String region) {
    return connection.call(store -> store.resourceShares(accountId, region));
  }

  @Override
  public List<ResourceShare> resourceSharesWithPrincipal(String accountId) {
    return connection.call(store -> store.resourceSharesWithPrincipal(accountId));
  }

  @Override
  public List<ResourceShareMember> resourceShareRules(String shareArn) {
    return connection.call(store -> store.resourceShareRules(shareArn));
  }

  @Override
  public List<ResourceShareMember> resourceSharePrincipals(String shareArn) {
    return connection.call(store -> store.resourceSharePrincipals(shareArn));
  }

  @Override
  public List<String> resourceSharesCovering(String ruleId, String accountId) {
    return connection.call(store -> store.resourceSharesCovering(ruleId, accountId));
  }

  @Override
  public List<RuleAssociation> ruleAssociations(String vpcId) {
    return connection.call(store -> store.ruleAssociations(vpcId));
  }

  @Override
  public List<HealthCheck> healthChecks() {
    return connection.call(JdbcConfigStore::healthChecks);
  }

  @Override
  public Optional<HealthCheck> healthCheck(String healthCheckId) {
    return connection.call(store -> store.healthCheck(healthCheckId));
  }

  @Override
  public List<QueryLogConfig> queryLogConfigs() {
    return connection.call(JdbcConfigStore::queryLogConfigs);
  }

  @Override
  public Optional<QueryLogConfig> queryLogConfig(String configId) {
    return connection.call(store -> store.queryLogConfig(configId));
  }

  @Override
  public List<QueryLogAssociation> queryLogAssociations(String configId) {
    return connection.call(store -> store.queryLogAssociations(configId));
  }
}
