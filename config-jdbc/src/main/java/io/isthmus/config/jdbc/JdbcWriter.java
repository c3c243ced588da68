package io.isthmus.config.jdbc;

import io.isthmus.config.Account;
import io.isthmus.config.AwsAccessKey;
import io.isthmus.config.Change;
import io.isthmus.config.Cidr;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheckOrigin;
import io.isthmus.config.HostedZone;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;
import io.isthmus.config.ResourceTag;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.StoreException;
import io.isthmus.config.Subnet;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@link ConfigWriter} bound to the connection of one write transaction, which holds the lock on
 * the version row. A write or delete of something missing throws {@link StoreException}, as does a
 * duplicate id.
 *
 * <p>Any {@link StoreException} dooms the transaction, even if the caller catches it: PostgreSQL
 * refuses every further statement of a failed transaction while H2 would carry on, so the writer
 * refuses further work itself and {@link #complete} rethrows, making both databases roll back. Not
 * thread-safe.
 */
final class JdbcWriter extends JdbcReader implements ConfigWriter {
  private final long versionBefore;
  private final RecordSetUpserts pending = new RecordSetUpserts();
  private final ChangeLog changeLog = new ChangeLog();
  private StoreException failure;

  /**
   * @param versionBefore the version read under the lock: this transaction commits as the next one
   */
  JdbcWriter(Connection connection, long versionBefore) {
    super(connection);
    this.versionBefore = versionBefore;
  }

  /** Sends the pending record sets first, so that every statement sees them. */
  @Override
  PreparedStatement prepare(String sql) throws SQLException {
    flushPending();
    return super.prepare(sql);
  }

  @Override
  StoreException failed(StoreException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /**
   * Sends what is pending and the change log of {@code version}, the version this write commits as;
   * throws if anything in this transaction failed.
   */
  void complete(long version, ChangeLog.Retention retention) {
    flushPending();
    try {
      changeLog.write(connection, version, retention);
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "write the change log", null, null));
    }
  }

  private void flushPending() {
    requireNoFailure();
    try {
      pending.flush(connection);
    } catch (StoreException e) {
      throw failed(e);
    }
  }

  private void requireNoFailure() {
    if (failure != null) {
      throw new StoreException(
          "the write already failed and will be rolled back: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void insertAccount(Account account, String tokenHash) {
    update(
        "INSERT INTO accounts (id, name, token_hash) VALUES (?, ?, ?)",
        "account " + account.id() + " or its token hash already exists",
        null,
        account.id(),
        account.name(),
        tokenHash);
  }

  @Override
  public void updateAccountToken(String accountId, String tokenHash) {
    requireOne(
        update(
            "UPDATE accounts SET token_hash = ? WHERE id = ?",
            "another account has this token hash",
            null,
            tokenHash,
            accountId),
        "no account " + accountId);
  }

  @Override
  public void insertCallerReference(String accountId, String callerReference, String zoneId) {
    update(
        "INSERT INTO zone_caller_references (account_id, caller_reference, zone_id)"
            + " VALUES (?, ?, ?)",
        "caller reference " + callerReference + " of account " + accountId + " already used",
        "no account " + accountId + " or no hosted zone " + zoneId,
        accountId,
        callerReference,
        zoneId);
  }

  @Override
  public void insertHealthCheckOrigin(HealthCheckOrigin origin) {
    update(
        "INSERT INTO health_check_origins ("
            + Rows.HEALTH_CHECK_ORIGIN_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?)",
        "caller reference "
            + origin.callerReference()
            + " of account "
            + origin.accountId()
            + " already used",
        "no account " + origin.accountId() + " or no health check " + origin.checkId(),
        origin.checkId(),
        origin.accountId(),
        origin.callerReference(),
        origin.alarmRegion(),
        origin.alarmName());
  }

  @Override
  public void updateHealthCheckAlarm(String checkId, String alarmRegion, String alarmName) {
    requireOne(
        update(
            "UPDATE health_check_origins SET alarm_region = ?, alarm_name = ? WHERE check_id = ?",
            null,
            null,
            alarmRegion,
            alarmName,
            checkId),
        "no health check made through Route 53 with id " + checkId);
  }

  @Override
  public void putCloudWatchAlarm(CloudWatchAlarm alarm) {
    deleteCloudWatchAlarm(alarm.accountId(), alarm.region(), alarm.name());
    update(
        "INSERT INTO cloudwatch_alarms ("
            + Rows.CLOUDWATCH_ALARM_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?)",
        null,
        "no account " + alarm.accountId() + " to own alarm " + alarm.name(),
        alarm.accountId(),
        alarm.region(),
        alarm.name(),
        alarm.definition(),
        alarm.updatedAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public boolean deleteCloudWatchAlarm(String accountId, String region, String name) {
    return update(
            "DELETE FROM cloudwatch_alarms WHERE account_id = ? AND region = ? AND name = ?",
            null,
            null,
            accountId,
            region,
            name)
        > 0;
  }

  @Override
  public int deleteCloudWatchAlarms(String accountId) {
    return update("DELETE FROM cloudwatch_alarms WHERE account_id = ?", null, null, accountId);
  }

  @Override
  public void insertSubnet(Subnet subnet) {
    update(
        "INSERT INTO ec2_subnets (" + Rows.SUBNET_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        "subnet " + subnet.id() + " already exists",
        "no account " + subnet.accountId() + " or no VPC " + subnet.vpcId(),
        subnet.id(),
        subnet.accountId(),
        subnet.vpcId(),
        subnet.cidr(),
        subnet.availabilityZone());
  }

  @Override
  public boolean deleteSubnet(String subnetId) {
    forgetTags(subnetId);
    return update("DELETE FROM ec2_subnets WHERE id = ?", null, null, subnetId) > 0;
  }

  @Override
  public void insertSecurityGroup(SecurityGroup group) {
    update(
        "INSERT INTO ec2_security_groups ("
            + Rows.SECURITY_GROUP_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?)",
        "VPC " + group.vpcId() + " already has a security group named " + group.name(),
        "no account " + group.accountId() + " or no VPC " + group.vpcId(),
        group.id(),
        group.accountId(),
        group.vpcId(),
        group.name(),
        group.description());
  }

  @Override
  public boolean deleteSecurityGroup(String groupId) {
    forgetTags(groupId);
    return update("DELETE FROM ec2_security_groups WHERE id = ?", null, null, groupId) > 0;
  }

  @Override
  public void putTag(ResourceTag tag) {
    deleteTag(tag.accountId(), tag.resourceId(), tag.key());
    update(
        "INSERT INTO resource_tags (" + Rows.TAG_COLUMNS + ") VALUES (?, ?, ?, ?)",
        null,
        "no account " + tag.accountId() + " to own the tags of " + tag.resourceId(),
        tag.accountId(),
        tag.resourceId(),
        tag.key(),
        tag.value());
  }

  @Override
  public boolean deleteTag(String accountId, String resourceId, String key) {
    return update(
            "DELETE FROM resource_tags WHERE account_id = ? AND resource_id = ? AND tag_key = ?",
            null,
            null,
            accountId,
            resourceId,
            key)
        > 0;
  }

  @Override
  public int deleteTags(String accountId, String resourceId) {
    return update(
        "DELETE FROM resource_tags WHERE account_id = ? AND resource_id = ?",
        null,
        null,
        accountId,
        resourceId);
  }

  @Override
  public int deleteAllTags(String accountId) {
    return update("DELETE FROM resource_tags WHERE account_id = ?", null, null, accountId);
  }

  @Override
  public void insertAwsAccessKey(AwsAccessKey key) {
    update(
        "INSERT INTO aws_access_keys (access_key_id, account_id, sealed_secret, created_at)"
            + " VALUES (?, ?, ?, ?)",
        "access key " + key.accessKeyId() + " already exists",
        "no account " + key.accountId() + " to own access key " + key.accessKeyId(),
        key.accessKeyId(),
        key.accountId(),
        key.sealedSecret(),
        key.createdAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public void deleteAwsAccessKey(String accountId, String accessKeyId) {
    requireOne(
        update(
            "DELETE FROM aws_access_keys WHERE account_id = ? AND access_key_id = ?",
            null,
            null,
            accountId,
            accessKeyId),
        "no access key " + accessKeyId + " of account " + accountId);
  }

  @Override
  public void insertVpc(Vpc vpc) {
    changeLog.vpcs();
    update(
        "INSERT INTO vpcs (id, account_id, name, region, resolver_addresses) VALUES (?, ?, ?, ?, ?)",
        "VPC " + vpc.id() + " already exists",
        "no account " + vpc.accountId() + " to own VPC " + vpc.id(),
        vpc.id(),
        vpc.accountId(),
        vpc.name(),
        vpc.region(),
        Rows.resolverAddressesColumn(vpc.resolverAddresses()));
    insertCidrs(vpc.id(), vpc.cidrs());
  }

  private void insertCidrs(String vpcId, List<String> cidrs) {
    insertOrdered(
        "INSERT INTO vpc_cidrs (vpc_id, ordinal, cidr, family, first_address) VALUES (?, ?, ?, ?, ?)",
        vpcId,
        cidrs,
        text -> {
          Cidr cidr =
              Cidr.parse(text)
                  .orElseThrow(() -> failed(new StoreException("invalid CIDR " + text)));
          return new Object[] {
            text, VpcCidrRanges.family(cidr), new BigDecimal(VpcCidrRanges.first(cidr))
          };
        },
        "the CIDRs of VPC " + vpcId);
  }

  /**
   * Inserts a list of a parent's children in one batch, each row being (parent id, its index in the
   * list, {@code values} of the item), so that the list reads back in the same order.
   */
  private <T> void insertOrdered(
      String sql, String parentId, List<T> items, Function<T, Object[]> values, String what) {
    insertOrdered(sql, parentId, items, values, what, null);
  }

  /**
   * As {@link #insertOrdered(String, String, List, Function, String)}, with the message of a
   * reference the children make to a missing row.
   */
  private <T> void insertOrdered(
      String sql,
      String parentId,
      List<T> items,
      Function<T, Object[]> values,
      String what,
      String ifMissingReference) {
    try (PreparedStatement statement = prepare(sql)) {
      for (int i = 0; i < items.size(); i++) {
        Object[] item = values.apply(items.get(i));
        Object[] row = new Object[item.length + 2];
        row[0] = parentId;
        row[1] = i;
        System.arraycopy(item, 0, row, 2, item.length);
        Sql.bind(statement, row);
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "insert " + what, null, ifMissingReference));
    }
  }

  @Override
  public void deleteVpc(String vpcId) {
    changeLog.vpcs();
    requireOne(
        update(
            "DELETE FROM vpcs WHERE id = ?",
            null,
            "VPC " + vpcId + " is still in use by hosted zones, resolver rules or endpoints",
            vpcId),
        "no VPC " + vpcId);
    forgetTags(vpcId);
  }

  @Override
  public void insertZone(HostedZone zone) {
    changeLog.structure();
    changeLog.wholeZone(zone.id());
    update(
        "INSERT INTO hosted_zones (id, name, account_id, comment) VALUES (?, ?, ?, ?)",
        "hosted zone " + zone.id() + " already exists",
        "no account " + zone.accountId() + " to own hosted zone " + zone.id(),
        zone.id(),
        zone.name(),
        zone.accountId(),
        zone.comment());
  }

  /** No change log entry: no node's answers or routes read a comment. */
  @Override
  public void updateZoneComment(String zoneId, String comment) {
    requireOne(
        update("UPDATE hosted_zones SET comment = ? WHERE id = ?", null, null, comment, zoneId),
        "no hosted zone " + zoneId);
  }

  @Override
  public void deleteZone(String zoneId) {
    changeLog.structure();
    // Record sets have no foreign key to their zone (V10); their alias rows go with them.
    update("DELETE FROM record_sets WHERE zone_id = ?", null, null, zoneId);
    requireOne(
        update("DELETE FROM hosted_zones WHERE id = ?", null, null, zoneId),
        "no hosted zone " + zoneId);
    forgetTags(zoneId);
  }

  /**
   * Replacing a record set keeps its position in the zone's order; a new one goes to the end. The
   * set is sent with the next statement or at commit, so a missing zone is reported then.
   */
  @Override
  public void putRecordSet(String zoneId, RecordSet recordSet) {
    put(zoneId, recordSet, false);
  }

  @Override
  public void insertRecordSet(String zoneId, RecordSet recordSet) {
    put(zoneId, recordSet, true);
  }

  private void put(String zoneId, RecordSet recordSet, boolean absent) {
    changeLog.name(zoneId, recordSet.name());
    requireNoFailure();
    if ("".equals(recordSet.setIdentifier())) {
      throw failed(new StoreException("empty set identifier in " + recordSet.key()));
    }
    for (String record : recordSet.records()) {
      if (!Rows.isStorableRecord(record)) {
        throw failed(new StoreException("a record contains a line break in " + recordSet.key()));
      }
    }
    pending.put(zoneId, recordSet, absent);
    if (pending.isFull()) {
      flushPending();
    }
  }

  @Override
  public void deleteRecordSet(String zoneId, RecordSetKey key) {
    changeLog.name(zoneId, key.name());
    requireOne(
        update(
            "DELETE FROM record_sets WHERE " + Rows.RECORD_SET_WHERE_KEY,
            null,
            null,
            Rows.keyValues(zoneId, key)),
        "no record set " + key + " in hosted zone " + zoneId);
  }

  @Override
  public void addAuthorization(String zoneId, String vpcId) {
    update(
        "INSERT INTO zone_authorizations (zone_id, vpc_id) VALUES (?, ?)",
        "VPC " + vpcId + " is already authorized for hosted zone " + zoneId,
        "no hosted zone " + zoneId + " or no VPC " + vpcId,
        zoneId,
        vpcId);
  }

  @Override
  public void removeAuthorization(String zoneId, String vpcId) {
    requireOne(
        update(
            "DELETE FROM zone_authorizations WHERE zone_id = ? AND vpc_id = ?",
            null,
            null,
            zoneId,
            vpcId),
        "VPC " + vpcId + " is not authorized for hosted zone " + zoneId);
  }

  @Override
  public void addAssociation(String zoneId, String vpcId) {
    changeLog.structure();
    update(
        "INSERT INTO zone_associations (zone_id, vpc_id) VALUES (?, ?)",
        "VPC " + vpcId + " is already associated with hosted zone " + zoneId,
        "no hosted zone " + zoneId + " or no VPC " + vpcId,
        zoneId,
        vpcId);
  }

  @Override
  public void removeAssociation(String zoneId, String vpcId) {
    changeLog.structure();
    requireOne(
        update(
            "DELETE FROM zone_associations WHERE zone_id = ? AND vpc_id = ?",
            null,
            null,
            zoneId,
            vpcId),
        "VPC " + vpcId + " is not associated with hosted zone " + zoneId);
  }

  /** {@code submittedAt} is kept to the microsecond, the precision both databases store. */
  @Override
  public Change recordChange(
      String changeId, Instant submittedAt, String comment, String ownerAccountId) {
    Change change =
        new Change(
            changeId,
            versionBefore + 1,
            submittedAt.truncatedTo(ChronoUnit.MICROS),
            comment,
            ownerAccountId);
    update(
        "INSERT INTO changes (id, version, submitted_at, comment, owner_account_id)"
            + " VALUES (?, ?, ?, ?, ?)",
        "change " + changeId + " already exists",
        "no account " + ownerAccountId + " to own change " + changeId,
        change.id(),
        change.version(),
        change.submittedAt(),
        change.comment(),
        change.ownerAccountId());
    return change;
  }

  @Override
  public void insertEndpoint(ResolverEndpoint endpoint) {
    changeLog.structure();
    update(
        "INSERT INTO resolver_endpoints (id, account_id, name, direction, vpc_id)"
            + " VALUES (?, ?, ?, ?, ?)",
        "resolver endpoint " + endpoint.id() + " already exists",
        "no account " + endpoint.accountId() + " or no VPC " + endpoint.vpcId(),
        endpoint.id(),
        endpoint.accountId(),
        endpoint.name(),
        endpoint.direction().name(),
        endpoint.vpcId());
    insertOrdered(
        "INSERT INTO endpoint_addresses (endpoint_id, ordinal, ip, port) VALUES (?, ?, ?, ?)",
        endpoint.id(),
        endpoint.ipAddresses(),
        JdbcWriter::address,
        "the addresses of resolver endpoint " + endpoint.id());
    insertOrdered(
        "INSERT INTO endpoint_allowed_cidrs (endpoint_id, ordinal, cidr) VALUES (?, ?, ?)",
        endpoint.id(),
        endpoint.allowedSourceCidrs(),
        cidr -> new Object[] {cidr},
        "the allowed source CIDRs of resolver endpoint " + endpoint.id());
  }

  @Override
  public void updateEndpoint(ResolverEndpoint endpoint) {
    changeLog.structure();
    requireOne(
        update(
            "UPDATE resolver_endpoints SET name = ? WHERE id = ?",
            null,
            null,
            endpoint.name(),
            endpoint.id()),
        "no resolver endpoint " + endpoint.id());
    update("DELETE FROM endpoint_addresses WHERE endpoint_id = ?", null, null, endpoint.id());
    insertOrdered(
        "INSERT INTO endpoint_addresses (endpoint_id, ordinal, ip, port) VALUES (?, ?, ?, ?)",
        endpoint.id(),
        endpoint.ipAddresses(),
        JdbcWriter::address,
        "the addresses of resolver endpoint " + endpoint.id());
  }

  @Override
  public void deleteEndpoint(String endpointId) {
    changeLog.structure();
    requireOne(
        update(
            "DELETE FROM resolver_endpoints WHERE id = ?",
            null,
            "resolver endpoint " + endpointId + " is still used by resolver rules",
            endpointId),
        "no resolver endpoint " + endpointId);
    forgetTags(endpointId);
  }

  @Override
  public void insertRule(ResolverRule rule) {
    changeLog.structure();
    update(
        "INSERT INTO resolver_rules"
            + " (id, owner_id, name, domain_name, rule_type, resolver_endpoint_id, region)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        "resolver rule " + rule.id() + " already exists",
        "no account " + rule.ownerId() + " or no resolver endpoint " + rule.resolverEndpointId(),
        rule.id(),
        rule.ownerId(),
        rule.name(),
        rule.domainName(),
        rule.ruleType().name(),
        rule.resolverEndpointId(),
        rule.region());
    insertTargets(rule);
  }

  @Override
  public void updateRule(ResolverRule rule) {
    changeLog.structure();
    requireOne(
        update(
            "UPDATE resolver_rules SET name = ?, resolver_endpoint_id = ? WHERE id = ?",
            null,
            "no resolver endpoint " + rule.resolverEndpointId(),
            rule.name(),
            rule.resolverEndpointId(),
            rule.id()),
        "no resolver rule " + rule.id());
    update("DELETE FROM rule_targets WHERE rule_id = ?", null, null, rule.id());
    insertTargets(rule);
  }

  private void insertTargets(ResolverRule rule) {
    insertOrdered(
        "INSERT INTO rule_targets (rule_id, ordinal, ip, port) VALUES (?, ?, ?, ?)",
        rule.id(),
        rule.targetIps(),
        JdbcWriter::address,
        "the targets of resolver rule " + rule.id());
  }

  private static Object[] address(TargetAddress address) {
    return new Object[] {address.ip(), address.port()};
  }

  /** Deletes the rule with its targets, shares and associations. */
  @Override
  public void deleteRule(String ruleId) {
    changeLog.structure();
    requireOne(
        update("DELETE FROM resolver_rules WHERE id = ?", null, null, ruleId),
        "no resolver rule " + ruleId);
    forgetTags(ruleId);
  }

  @Override
  public void addRuleShare(String ruleId, String accountId) {
    update(
        "INSERT INTO rule_shares (rule_id, account_id) VALUES (?, ?)",
        "resolver rule " + ruleId + " is already shared with account " + accountId,
        "no resolver rule " + ruleId + " or no account " + accountId,
        ruleId,
        accountId);
  }

  @Override
  public void removeRuleShare(String ruleId, String accountId) {
    requireOne(
        update(
            "DELETE FROM rule_shares WHERE rule_id = ? AND account_id = ?",
            null,
            null,
            ruleId,
            accountId),
        "resolver rule " + ruleId + " is not shared with account " + accountId);
  }

  @Override
  public void insertResourceShare(ResourceShare share) {
    update(
        "INSERT INTO ram_resource_shares ("
            + Rows.RESOURCE_SHARE_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        "resource share "
            + share.arn()
            + " or client token "
            + share.clientToken()
            + " of account "
            + share.accountId()
            + " already exists",
        "no account " + share.accountId() + " to own resource share " + share.arn(),
        share.arn(),
        share.accountId(),
        share.region(),
        share.name(),
        share.allowExternalPrincipals(),
        share.clientToken(),
        share.createdAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public boolean deleteResourceShare(String arn) {
    forgetTags(arn);
    return update("DELETE FROM ram_resource_shares WHERE arn = ?", null, null, arn) > 0;
  }

  @Override
  public void addResourceShareRule(ResourceShareMember rule) {
    update(
        "INSERT INTO ram_share_rules (share_arn, rule_id, associated_at) VALUES (?, ?, ?)",
        "resolver rule " + rule.memberId() + " is already in resource share " + rule.shareArn(),
        "no resource share " + rule.shareArn() + " or no resolver rule " + rule.memberId(),
        rule.shareArn(),
        rule.memberId(),
        rule.associatedAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public boolean removeResourceShareRule(String shareArn, String ruleId) {
    return update(
            "DELETE FROM ram_share_rules WHERE share_arn = ? AND rule_id = ?",
            null,
            null,
            shareArn,
            ruleId)
        > 0;
  }

  @Override
  public void addResourceSharePrincipal(ResourceShareMember principal) {
    update(
        "INSERT INTO ram_share_principals (share_arn, account_id, associated_at) VALUES (?, ?, ?)",
        "account " + principal.memberId() + " is already in resource share " + principal.shareArn(),
        "no resource share " + principal.shareArn() + " or no account " + principal.memberId(),
        principal.shareArn(),
        principal.memberId(),
        principal.associatedAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public boolean removeResourceSharePrincipal(String shareArn, String accountId) {
    return update(
            "DELETE FROM ram_share_principals WHERE share_arn = ? AND account_id = ?",
            null,
            null,
            shareArn,
            accountId)
        > 0;
  }

  @Override
  public void insertRuleAssociation(RuleAssociation association) {
    changeLog.structure();
    update(
        "INSERT INTO rule_associations (id, rule_id, vpc_id) VALUES (?, ?, ?)",
        "rule association "
            + association.id()
            + " already exists, or resolver rule "
            + association.ruleId()
            + " is already associated with VPC "
            + association.vpcId(),
        "no resolver rule " + association.ruleId() + " or no VPC " + association.vpcId(),
        association.id(),
        association.ruleId(),
        association.vpcId());
  }

  @Override
  public void deleteRuleAssociation(String associationId) {
    changeLog.structure();
    requireOne(
        update("DELETE FROM rule_associations WHERE id = ?", null, null, associationId),
        "no rule association " + associationId);
    forgetTags(associationId);
  }

  @Override
  public void insertHealthCheck(HealthCheck check) {
    changeLog.structure();
    Object[] data = Rows.healthCheckData(check);
    Object[] params = new Object[data.length + 3];
    params[0] = check.id();
    params[1] = check.accountId();
    params[2] = check.type() == null ? null : check.type().name();
    System.arraycopy(data, 0, params, 3, data.length);
    update(
        "INSERT INTO health_checks (id, account_id, type, "
            + String.join(", ", Rows.HEALTH_CHECK_DATA)
            + ") VALUES (?, ?, ?"
            + ", ?".repeat(data.length)
            + ")",
        "health check " + check.id() + " already exists",
        "no account " + check.accountId() + " to own health check " + check.id(),
        params);
    insertHealthCheckParts(check);
  }

  @Override
  public void updateHealthCheck(HealthCheck check) {
    changeLog.structure();
    Object[] data = Rows.healthCheckData(check);
    Object[] params = new Object[data.length + 1];
    System.arraycopy(data, 0, params, 0, data.length);
    params[data.length] = check.id();
    requireOne(
        update(
            "UPDATE health_checks SET "
                + String.join(" = ?, ", Rows.HEALTH_CHECK_DATA)
                + " = ? WHERE id = ?",
            null,
            null,
            params),
        "no health check " + check.id());
    update("DELETE FROM health_check_dimensions WHERE check_id = ?", null, null, check.id());
    update("DELETE FROM health_check_children WHERE parent_id = ?", null, null, check.id());
    insertHealthCheckParts(check);
  }

  /** The dimensions (in key order, which is as good as any for a map) and the children. */
  private void insertHealthCheckParts(HealthCheck check) {
    if (check.metric() != null && !check.metric().dimensions().isEmpty()) {
      try (PreparedStatement statement =
          prepare(
              "INSERT INTO health_check_dimensions (check_id, key_name, key_value)"
                  + " VALUES (?, ?, ?)")) {
        for (Map.Entry<String, String> dimension :
            new TreeMap<>(check.metric().dimensions()).entrySet()) {
          Sql.bind(statement, check.id(), dimension.getKey(), dimension.getValue());
          statement.addBatch();
        }
        statement.executeBatch();
      } catch (SQLException e) {
        throw failed(
            Sql.translate(e, "insert the dimensions of health check " + check.id(), null, null));
      }
    }
    if (check.calculated() != null) {
      insertOrdered(
          "INSERT INTO health_check_children (parent_id, ordinal, child_id) VALUES (?, ?, ?)",
          check.id(),
          check.calculated().childHealthChecks(),
          child -> new Object[] {child},
          "the children of health check " + check.id(),
          "a child of health check " + check.id() + " does not exist");
    }
  }

  /** Deletes the check with its dimensions and its own list of children. */
  @Override
  public void deleteHealthCheck(String healthCheckId) {
    changeLog.structure();
    requireOne(
        update(
            "DELETE FROM health_checks WHERE id = ?",
            null,
            "health check " + healthCheckId + " is a child of a calculated health check",
            healthCheckId),
        "no health check " + healthCheckId);
    forgetTags(healthCheckId);
  }

  /**
   * Tags name their resource by id, with no foreign key (V14: one table for every kind), so they go
   * here with the resource, whichever API deleted it.
   */
  private void forgetTags(String resourceId) {
    update("DELETE FROM resource_tags WHERE resource_id = ?", null, null, resourceId);
  }

  @Override
  public void insertQueryLogConfig(QueryLogConfig config) {
    changeLog.structure();
    update(
        "INSERT INTO query_log_configs (id, owner_account_id, name, destination)"
            + " VALUES (?, ?, ?, ?)",
        "query-log configuration " + config.id() + " already exists",
        "no account " + config.ownerAccountId() + " to own query-log configuration " + config.id(),
        config.id(),
        config.ownerAccountId(),
        config.name(),
        config.destination());
  }

  /** Deletes the configuration with its associations. */
  @Override
  public void deleteQueryLogConfig(String configId) {
    changeLog.structure();
    requireOne(
        update("DELETE FROM query_log_configs WHERE id = ?", null, null, configId),
        "no query-log configuration " + configId);
    forgetTags(configId);
  }

  @Override
  public void insertQueryLogAssociation(QueryLogAssociation association) {
    changeLog.structure();
    update(
        "INSERT INTO query_log_associations (id, config_id, vpc_id) VALUES (?, ?, ?)",
        "query-log association "
            + association.id()
            + " already exists, or query-log configuration "
            + association.configId()
            + " is already associated with VPC "
            + association.vpcId(),
        "no query-log configuration "
            + association.configId()
            + " or no VPC "
            + association.vpcId(),
        association.id(),
        association.configId(),
        association.vpcId());
  }

  @Override
  public void deleteQueryLogAssociation(String associationId) {
    changeLog.structure();
    requireOne(
        update("DELETE FROM query_log_associations WHERE id = ?", null, null, associationId),
        "no query-log association " + associationId);
  }

  /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
  private int update(String sql, String ifDuplicate, String ifMissingReference, Object... params) {
    try (PreparedStatement statement = prepare(sql)) {
      Sql.bind(statement, params);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "write the configuration", ifDuplicate, ifMissingReference));
    }
  }

  private void requireOne(int rows, String ifNone) {
    if (rows == 0) {
      throw failed(new StoreException(ifNone));
    }
  }
}
