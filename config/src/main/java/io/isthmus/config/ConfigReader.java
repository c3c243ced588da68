package io.isthmus.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads of the stored configuration. Inside {@link ConfigStore#write} the reads see the
 * transaction's own writes. Names passed in are normalized ({@link DnsNames#normalize}).
 */
public interface ConfigReader {
  /** The current configuration version: increases by one with every committed write. */
  long version();

  List<Account> accounts();

  Optional<Account> account(String accountId);

  /** The account whose token hashes to {@code tokenHash} (hex SHA-256), if any. */
  Optional<Account> accountByTokenHash(String tokenHash);

  /** The AWS access key {@code accessKeyId}, if any. */
  Optional<AwsAccessKey> awsAccessKey(String accessKeyId);

  /** The AWS access keys of an account, oldest first. */
  List<AwsAccessKey> awsAccessKeys(String accountId);

  List<Vpc> vpcs();

  Optional<Vpc> vpc(String vpcId);

  /**
   * At most {@code limit} VPCs in id order, from {@code fromId} on (inclusive; null: the first), of
   * the account {@code accountId} only when it is not null: a page of a list, an index range.
   */
  List<Vpc> vpcsFrom(String accountId, String fromId, int limit);

  /** The VPCs with a CIDR block that overlaps {@code cidr}, in id order. */
  List<Vpc> vpcsOverlapping(Cidr cidr);

  /** The VPCs that have resolver addresses, in id order. */
  List<Vpc> vpcsWithResolverAddresses();

  List<HostedZone> zones();

  Optional<HostedZone> zone(String zoneId);

  /** The zone the account created with {@code callerReference}, if any (Route 53's idempotency). */
  Optional<String> zoneIdByCallerReference(String accountId, String callerReference);

  /** The CallerReference the zone was created with, if any. */
  Optional<String> callerReference(String zoneId);

  /** How the health check was made through Route 53's API, if it was. */
  Optional<HealthCheckOrigin> healthCheckOrigin(String checkId);

  /** The health check the account created with {@code callerReference}, if any. */
  Optional<String> healthCheckIdByCallerReference(String accountId, String callerReference);

  /** The health checks that follow the alarm, by id. */
  List<String> healthChecksOfAlarm(String accountId, String region, String alarmName);

  /** The account's alarm of that name in the region, if any. */
  Optional<CloudWatchAlarm> cloudWatchAlarm(String accountId, String region, String name);

  /** The account's alarms in the region, by name. */
  List<CloudWatchAlarm> cloudWatchAlarms(String accountId, String region);

  Optional<Subnet> subnet(String subnetId);

  /** The account's subnets, by id. */
  List<Subnet> subnets(String accountId);

  Optional<SecurityGroup> securityGroup(String groupId);

  /** The account's security groups, by id. */
  List<SecurityGroup> securityGroups(String accountId);

  /** The account's tags, by resource id and key. */
  List<ResourceTag> tags(String accountId);

  /**
   * Record sets of a zone in listing order, DNS canonical name order (RFC 4034 section 6.1) then
   * the type's number, starting at {@code fromName} and the type number {@code fromType}
   * (inclusive; a null name: from the start of the zone; 0: from the name's first type), of {@code
   * type} only when it is not null. At least {@code limit} of them unless the zone ends first, and
   * every record set of the last name and type: the caller orders record sets of one name and type
   * by their set identifier. An index range, whatever the size of the zone.
   */
  List<RecordSet> recordSetsInOrder(
      String zoneId, String fromName, int fromType, String type, int limit);

  /** How many record sets the zone holds (0 if it does not exist), without reading them. */
  int recordSetCount(String zoneId);

  /** Record sets of a zone in insertion order; empty if the zone does not exist. */
  List<RecordSet> recordSets(String zoneId);

  /**
   * The record sets of a zone at {@code names} and the alias record sets that target one of them,
   * in insertion order: what a change batch at those names reads, instead of the whole zone.
   */
  List<RecordSet> recordSetsAt(String zoneId, Set<String> names);

  /** VPC ids the zone is associated with. */
  List<String> associatedVpcIds(String zoneId);

  /**
   * The VPCs the zone is associated with, in the order of {@link #associatedVpcIds}, read at once
   * (a zone listing shows them for every zone of a page).
   */
  List<Vpc> associatedVpcs(String zoneId);

  /**
   * The domains that can take names from a zone named {@code zoneName} in a VPC they share
   * (docs/spec/resolution.md section 2), in any account: the names of the hosted zones strictly
   * below it and the domains of the FORWARD rules at or below it. Read without building the zones
   * or rules.
   */
  Set<String> domainsClaimingBelow(String zoneName);

  /** Zone ids associated with the VPC. */
  List<String> associatedZoneIds(String vpcId);

  /** VPC ids the zone owner has authorized to associate with the zone. */
  List<String> authorizedVpcIds(String zoneId);

  Optional<Change> change(String changeId);

  List<ResolverEndpoint> endpoints();

  Optional<ResolverEndpoint> endpoint(String endpointId);

  List<ResolverRule> rules();

  Optional<ResolverRule> rule(String ruleId);

  /** Account ids the rule is shared with (in the order they were added). */
  List<String> ruleShares(String ruleId);

  /**
   * Ids of the rules shared with the account, or with any account when {@code accountId} is null;
   * each once, in id order.
   */
  List<String> sharedRuleIds(String accountId);

  /** The RAM resource share of that ARN, if any. */
  Optional<ResourceShare> resourceShare(String arn);

  /**
   * The account's RAM resource shares in the region, or in every region when {@code region} is
   * null; by ARN.
   */
  List<ResourceShare> resourceShares(String accountId, String region);

  /** The RAM resource shares that name the account as a principal, by ARN. */
  List<ResourceShare> resourceSharesWithPrincipal(String accountId);

  /** The rules of a resource share, in the order they joined it. */
  List<ResourceShareMember> resourceShareRules(String shareArn);

  /** The principal accounts of a resource share, in the order they joined it. */
  List<ResourceShareMember> resourceSharePrincipals(String shareArn);

  /** The ARNs of the resource shares that hold both the rule and the principal account, by ARN. */
  List<String> resourceSharesCovering(String ruleId, String accountId);

  /** Every rule association, or those of one VPC when {@code vpcId} is not null. */
  List<RuleAssociation> ruleAssociations(String vpcId);

  /** Every health check, in creation order. */
  List<HealthCheck> healthChecks();

  Optional<HealthCheck> healthCheck(String healthCheckId);

  /** Every query-logging configuration, the operator's included, in id order. */
  List<QueryLogConfig> queryLogConfigs();

  Optional<QueryLogConfig> queryLogConfig(String configId);

  /**
   * Every query-logging association, or those of one configuration when {@code configId} is not
   * null; in id order.
   */
  List<QueryLogAssociation> queryLogAssociations(String configId);
}
