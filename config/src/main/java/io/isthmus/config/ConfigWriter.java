package io.isthmus.config;

/**
 * Writes inside one {@link ConfigStore#write} transaction. Callers validate before writing; the
 * store enforces only identity (a duplicate id or a missing parent throws {@link StoreException}).
 */
public interface ConfigWriter extends ConfigReader {
  void insertAccount(Account account, String tokenHash);

  void updateAccountToken(String accountId, String tokenHash);

  /** Stores a new access key; one whose id exists already (in any account) fails the write. */
  void insertAwsAccessKey(AwsAccessKey key);

  /** Deletes an account's access key; a key of another account or none fails the write. */
  void deleteAwsAccessKey(String accountId, String accessKeyId);

  void insertVpc(Vpc vpc);

  /** Deletes the VPC with its subnets, security groups and tags. */
  void deleteVpc(String vpcId);

  void insertZone(HostedZone zone);

  /** Replaces the zone's comment (null for none); the resolution of names does not read it. */
  void updateZoneComment(String zoneId, String comment);

  /** Records the CallerReference a zone of its owner was created with; a reused one fails. */
  void insertCallerReference(String accountId, String callerReference, String zoneId);

  /** Records how a health check was made through Route 53's API; a reused reference fails. */
  void insertHealthCheckOrigin(HealthCheckOrigin origin);

  /** Makes a health check made through Route 53's API follow another alarm. */
  void updateHealthCheckAlarm(String checkId, String alarmRegion, String alarmName);

  /** Creates the alarm, or replaces the one of its account, region and name. */
  void putCloudWatchAlarm(CloudWatchAlarm alarm);

  /** Deletes an alarm; false if there was none. */
  boolean deleteCloudWatchAlarm(String accountId, String region, String name);

  /** Deletes every alarm of the account, in every region; how many there were. */
  int deleteCloudWatchAlarms(String accountId);

  void insertSubnet(Subnet subnet);

  /** Deletes a subnet, with its tags; false if there was none. */
  boolean deleteSubnet(String subnetId);

  /** Adds a security group; a name its VPC already has fails. */
  void insertSecurityGroup(SecurityGroup group);

  /** Deletes a security group, with its tags; false if there was none. */
  boolean deleteSecurityGroup(String groupId);

  /** Sets a tag of a resource, replacing the value of that key. */
  void putTag(ResourceTag tag);

  /** Deletes a tag of a resource; false if there was none. */
  boolean deleteTag(String accountId, String resourceId, String key);

  /** Deletes every tag of the account's resource; how many there were. */
  int deleteTags(String accountId, String resourceId);

  /** Deletes every tag of the account; how many there were. */
  int deleteAllTags(String accountId);

  /** Deletes the zone with its record sets, authorizations, associations and tags. */
  void deleteZone(String zoneId);

  /** Inserts or replaces the record set with the same {@link RecordSet#key()}. */
  void putRecordSet(String zoneId, RecordSet recordSet);

  /**
   * Inserts a record set that the caller read as absent in this write (no set of its key is
   * stored): as {@link #putRecordSet}, without first looking for one to replace, which a bulk
   * import of new names would do in vain for each. A set of its key stored after all fails the
   * write.
   */
  void insertRecordSet(String zoneId, RecordSet recordSet);

  void deleteRecordSet(String zoneId, RecordSetKey key);

  void addAuthorization(String zoneId, String vpcId);

  void removeAuthorization(String zoneId, String vpcId);

  void addAssociation(String zoneId, String vpcId);

  void removeAssociation(String zoneId, String vpcId);

  /**
   * Records a change with the version this transaction will commit as ({@code version() + 1} of the
   * state before the transaction), readable by {@code ownerAccountId} (see {@link Change}; null: by
   * the operator alone). The owner must be an existing account.
   */
  Change recordChange(
      String changeId, java.time.Instant submittedAt, String comment, String ownerAccountId);

  void insertEndpoint(ResolverEndpoint endpoint);

  /**
   * Replaces the endpoint's name and addresses (in their order); its account, direction, VPC and
   * allowed sources never change.
   */
  void updateEndpoint(ResolverEndpoint endpoint);

  void deleteEndpoint(String endpointId);

  void insertRule(ResolverRule rule);

  /** Replaces the rule's name, targets and endpoint (id, owner, domain, type stay). */
  void updateRule(ResolverRule rule);

  void deleteRule(String ruleId);

  void addRuleShare(String ruleId, String accountId);

  void removeRuleShare(String ruleId, String accountId);

  /** Stores a new RAM resource share; its owner must exist, and its client token be new. */
  void insertResourceShare(ResourceShare share);

  /** Deletes a resource share with its rules, principals and tags; false if there was none. */
  boolean deleteResourceShare(String arn);

  /** Adds a rule to a resource share; both must exist, and the rule not be in it already. */
  void addResourceShareRule(ResourceShareMember rule);

  /** Removes a rule from a resource share; false if it was not in it. */
  boolean removeResourceShareRule(String shareArn, String ruleId);

  /** Adds a principal account to a resource share; both must exist, the account not be in it. */
  void addResourceSharePrincipal(ResourceShareMember principal);

  /** Removes a principal account from a resource share; false if it was not in it. */
  boolean removeResourceSharePrincipal(String shareArn, String accountId);

  void insertRuleAssociation(RuleAssociation association);

  void deleteRuleAssociation(String associationId);

  /**
   * Inserts a health check; the children of a calculated check must exist (the store does not check
   * their owner or type: the API does).
   */
  void insertHealthCheck(HealthCheck healthCheck);

  /**
   * Replaces everything of the health check with the same id but its owner and type, which never
   * change (a record set or a calculated parent was checked against them).
   */
  void updateHealthCheck(HealthCheck healthCheck);

  /**
   * Deletes the health check. Throws if a calculated check still counts it as a child; record sets
   * naming it are the caller's to check.
   */
  void deleteHealthCheck(String healthCheckId);

  /** Inserts a query-logging configuration; a null owner makes it the operator's. */
  void insertQueryLogConfig(QueryLogConfig config);

  /** Deletes the configuration with its associations (the API refuses while it has any). */
  void deleteQueryLogConfig(String configId);

  /** Associates a configuration with a VPC; each pair at most once. */
  void insertQueryLogAssociation(QueryLogAssociation association);

  void deleteQueryLogAssociation(String associationId);
}
