package io.isthmus.config.jdbc;

import io.isthmus.config.Account;
import io.isthmus.config.AwsAccessKey;
import io.isthmus.config.Change;
import io.isthmus.config.Cidr;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigReader;
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
import io.isthmus.config.StoreException;
import io.isthmus.config.Subnet;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@link ConfigReader} over one connection: each method is a single statement, so it is consistent
 * on its own even outside a transaction. Lists of accounts, VPCs, zones, endpoints, rules, rule
 * associations, query-log configurations and their associations are ordered by id, the lists inside
 * them as given; record sets, zone associations, authorizations, rule shares and health checks by
 * insertion. Not thread-safe: it lives as long as the connection is lent to it.
 */
class JdbcReader implements ConfigReader {
  /**
   * Rows the driver fetches per round trip. PostgreSQL otherwise reads a whole result into memory,
   * which matters when {@link #load} reads a million record sets (it streams only inside a
   * transaction, which load() has).
   */
  private static final int FETCH_SIZE = 10_000;

  final Connection connection;

  JdbcReader(Connection connection) {
    this.connection = connection;
  }

  /** Every statement of the reader and the writer is prepared here. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setFetchSize(FETCH_SIZE);
    return statement;
  }

  /** Hook for the writer, which remembers a failure; returns {@code e} to be thrown. */
  StoreException failed(StoreException e) {
    return e;
  }

  /** Runs a query and maps its whole result. */
  <T> T query(String sql, Sql.RowMapper<T> result, Object... params) {
    try (PreparedStatement statement = prepare(sql)) {
      Sql.bind(statement, params);
      try (ResultSet rows = statement.executeQuery()) {
        return result.map(rows);
      }
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "read the configuration", null, null));
    }
  }

  <T> List<T> list(String sql, Sql.RowMapper<T> row, Object... params) {
    return query(
        sql,
        rows -> {
          List<T> items = new ArrayList<>();
          while (rows.next()) {
            items.add(row.map(rows));
          }
          return items;
        },
        params);
  }

  <T> Optional<T> one(String sql, Sql.RowMapper<T> row, Object... params) {
    return list(sql, row, params).stream().findFirst();
  }

  @Override
  public long version() {
    return one("SELECT version FROM config_version WHERE id = 1", rows -> rows.getLong(1))
        .orElseThrow(() -> new StoreException("the configuration version row is missing"));
  }

  @Override
  public List<Account> accounts() {
    return list("SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts ORDER BY id", Rows::account);
  }

  @Override
  public Optional<Account> account(String accountId) {
    return one(
        "SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?", Rows::account, accountId);
  }

  @Override
  public Optional<Account> accountByTokenHash(String tokenHash) {
    return one(
        "SELECT " + Rows.ACCOUNT_COLUMNS + " FROM accounts WHERE token_hash = ?",
        Rows::account,
        tokenHash);
  }

  @Override
  public Optional<String> zoneIdByCallerReference(String accountId, String callerReference) {
    return one(
        "SELECT zone_id FROM zone_caller_references WHERE account_id = ? AND caller_reference = ?",
        rows -> rows.getString(1),
        accountId,
        callerReference);
  }

  @Override
  public Optional<String> callerReference(String zoneId) {
    return one(
        "SELECT caller_reference FROM zone_caller_references WHERE zone_id = ?",
        rows -> rows.getString(1),
        zoneId);
  }

  @Override
  public Optional<HealthCheckOrigin> healthCheckOrigin(String checkId) {
    return one(
        "SELECT "
            + Rows.HEALTH_CHECK_ORIGIN_COLUMNS
            + " FROM health_check_origins WHERE check_id = ?",
        Rows::healthCheckOrigin,
        checkId);
  }

  @Override
  public Optional<String> healthCheckIdByCallerReference(String accountId, String callerReference) {
    return one(
        "SELECT check_id FROM health_check_origins WHERE account_id = ? AND caller_reference = ?",
        rows -> rows.getString(1),
        accountId,
        callerReference);
  }

  @Override
  public List<String> healthChecksOfAlarm(String accountId, String region, String alarmName) {
    return list(
        "SELECT check_id FROM health_check_origins"
            + " WHERE account_id = ? AND alarm_region = ? AND alarm_name = ? ORDER BY check_id",
        rows -> rows.getString(1),
        accountId,
        region,
        alarmName);
  }

  @Override
  public Optional<CloudWatchAlarm> cloudWatchAlarm(String accountId, String region, String name) {
    return one(
        "SELECT "
            + Rows.CLOUDWATCH_ALARM_COLUMNS
            + " FROM cloudwatch_alarms WHERE account_id = ? AND region = ? AND name = ?",
        Rows::cloudWatchAlarm,
        accountId,
        region,
        name);
  }

  @Override
  public List<CloudWatchAlarm> cloudWatchAlarms(String accountId, String region) {
    return list(
        "SELECT "
            + Rows.CLOUDWATCH_ALARM_COLUMNS
            + " FROM cloudwatch_alarms WHERE account_id = ? AND region = ? ORDER BY name",
        Rows::cloudWatchAlarm,
        accountId,
        region);
  }

  @Override
  public Optional<Subnet> subnet(String subnetId) {
    return one(
        "SELECT " + Rows.SUBNET_COLUMNS + " FROM ec2_subnets WHERE id = ?", Rows::subnet, subnetId);
  }

  @Override
  public List<Subnet> subnets(String accountId) {
    return list(
        "SELECT " + Rows.SUBNET_COLUMNS + " FROM ec2_subnets WHERE account_id = ? ORDER BY id",
        Rows::subnet,
        accountId);
  }

  @Override
  public Optional<SecurityGroup> securityGroup(String groupId) {
    return one(
        "SELECT " + Rows.SECURITY_GROUP_COLUMNS + " FROM ec2_security_groups WHERE id = ?",
        Rows::securityGroup,
        groupId);
  }

  @Override
  public List<SecurityGroup> securityGroups(String accountId) {
    return list(
        "SELECT "
            + Rows.SECURITY_GROUP_COLUMNS
            + " FROM ec2_security_groups WHERE account_id = ? ORDER BY id",
        Rows::securityGroup,
        accountId);
  }

  @Override
  public List<ResourceTag> tags(String accountId) {
    return list(
        "SELECT "
            + Rows.TAG_COLUMNS
            + " FROM resource_tags WHERE account_id = ? ORDER BY resource_id, tag_key",
        Rows::tag,
        accountId);
  }

  @Override
  public Optional<AwsAccessKey> awsAccessKey(String accessKeyId) {
    return one(
        "SELECT " + Rows.AWS_ACCESS_KEY_COLUMNS + " FROM aws_access_keys WHERE access_key_id = ?",
        Rows::awsAccessKey,
        accessKeyId);
  }

  @Override
  public List<AwsAccessKey> awsAccessKeys(String accountId) {
    return list(
        "SELECT "
            + Rows.AWS_ACCESS_KEY_COLUMNS
            + " FROM aws_access_keys WHERE account_id = ? ORDER BY created_at, access_key_id",
        Rows::awsAccessKey,
        accountId);
  }

  /** Every account that has a token, by the hex SHA-256 of its token. */
  Map<String, Account> accountsByTokenHash() {
    return query(
        "SELECT token_hash, "
            + Rows.ACCOUNT_COLUMNS
            + " FROM accounts WHERE token_hash IS NOT NULL ORDER BY id",
        rows -> {
          Map<String, Account> accounts = new HashMap<>();
          while (rows.next()) {
            accounts.put(rows.getString(1), new Account(rows.getString(2), rows.getString(3)));
          }
          return accounts;
        });
  }

  @Override
  public List<Vpc> vpcs() {
    return query(Rows.VPC_SELECT + Rows.VPC_ORDER, Rows::vpcs);
  }

  @Override
  public List<Vpc> vpcsFrom(String accountId, String fromId, int limit) {
    String from = fromId == null ? "" : fromId;
    List<String> ids =
        accountId == null
            ? list(
                "SELECT id FROM vpcs WHERE id >= ? ORDER BY id LIMIT ?",
                rows -> rows.getString(1),
                from,
                limit)
            : list(
                "SELECT id FROM vpcs WHERE id >= ? AND account_id = ? ORDER BY id LIMIT ?",
                rows -> rows.getString(1),
                from,
                accountId,
                limit);
    if (ids.isEmpty()) {
      return List.of();
    }
    // Then the page's VPCs with their CIDRs, in one range of the primary key.
    String last = ids.get(ids.size() - 1);
    return accountId == null
        ? query(
            Rows.VPC_SELECT + " WHERE v.id >= ? AND v.id <= ?" + Rows.VPC_ORDER,
            Rows::vpcs,
            from,
            last)
        : query(
            Rows.VPC_SELECT
                + " WHERE v.id >= ? AND v.id <= ? AND v.account_id = ?"
                + Rows.VPC_ORDER,
            Rows::vpcs,
            from,
            last,
            accountId);
  }

  @Override
  public List<Vpc> vpcsOverlapping(Cidr cidr) {
    List<BigInteger> containing = VpcCidrRanges.containingFirsts(cidr);
    List<Object> params = new ArrayList<>();
    params.add(VpcCidrRanges.family(cidr));
    params.add(new BigDecimal(VpcCidrRanges.first(cidr)));
    params.add(new BigDecimal(VpcCidrRanges.last(cidr)));
    params.add(VpcCidrRanges.family(cidr));
    containing.forEach(first -> params.add(new BigDecimal(first)));
    // Two index range lookups (blocks inside, blocks containing), then the exact test on the text.
    List<String> vpcIds =
        query(
            "SELECT vpc_id, cidr FROM vpc_cidrs WHERE family = ? AND first_address BETWEEN ? AND ?"
                + " UNION SELECT vpc_id, cidr FROM vpc_cidrs WHERE family = ? AND first_address IN ("
                + String.join(", ", Collections.nCopies(containing.size(), "?"))
                + ")",
            rows -> {
              Set<String> ids = new TreeSet<>();
              while (rows.next()) {
                String vpcId = rows.getString(1);
                Cidr.parse(rows.getString(2))
                    .filter(cidr::overlaps)
                    .ifPresent(overlapping -> ids.add(vpcId));
              }
              return List.copyOf(ids);
            },
            params.toArray());
    List<Vpc> vpcs = new ArrayList<>();
    for (String vpcId : vpcIds) {
      vpc(vpcId).ifPresent(vpcs::add);
    }
    return vpcs;
  }

  @Override
  public List<Vpc> vpcsWithResolverAddresses() {
    return query(
        Rows.VPC_SELECT + " WHERE v.resolver_addresses IS NOT NULL" + Rows.VPC_ORDER, Rows::vpcs);
  }

  @Override
  public Optional<Vpc> vpc(String vpcId) {
    return query(Rows.VPC_SELECT + " WHERE v.id = ?" + Rows.VPC_ORDER, Rows::vpcs, vpcId).stream()
        .findFirst();
  }

  @Override
  public List<HostedZone> zones() {
    return list("SELECT " + Rows.ZONE_COLUMNS + " FROM hosted_zones ORDER BY id", Rows::zone);
  }

  @Override
  public Optional<HostedZone> zone(String zoneId) {
    return one(
        "SELECT " + Rows.ZONE_COLUMNS + " FROM hosted_zones WHERE id = ?", Rows::zone, zoneId);
  }

  @Override
  public List<RecordSet> recordSetsInOrder(
      String zoneId, String fromName, int fromType, String type, int limit) {
    byte[] from = fromName == null ? new byte[0] : CanonicalKey.of(fromName, fromType);
    String select =
        "SELECT sort_key, "
            + Rows.RECORD_SET_COLUMNS
            + " FROM record_sets WHERE zone_id = ? AND sort_key "
            + "%s ?"
            + (type == null ? "" : " AND type = ?");
    List<Object> params = new ArrayList<>(List.of(zoneId, from));
    if (type != null) {
      params.add(type);
    }
    params.add(limit);
    List<KeyedRecordSet> page =
        list(
            // zone_id first: H2 reads the index in order only when the ORDER BY names its columns.
            String.format(select, ">=") + " ORDER BY zone_id, sort_key LIMIT ?",
            KeyedRecordSet::of,
            params.toArray());
    if (page.size() < limit) {
      return page.stream().map(KeyedRecordSet::recordSet).toList();
    }
    // The limit may have cut the last name and type's record sets in two: all of them, then.
    byte[] last = page.get(page.size() - 1).sortKey();
    List<RecordSet> whole = new ArrayList<>();
    page.stream()
        .filter(keyed -> !Arrays.equals(keyed.sortKey(), last))
        .forEach(keyed -> whole.add(keyed.recordSet()));
    params.set(1, last);
    params.remove(params.size() - 1);
    list(String.format(select, "="), KeyedRecordSet::of, params.toArray())
        .forEach(keyed -> whole.add(keyed.recordSet()));
    return whole;
  }

  private record KeyedRecordSet(byte[] sortKey, RecordSet recordSet) {
    static KeyedRecordSet of(ResultSet row) throws SQLException {
      return new KeyedRecordSet(row.getBytes(1), Rows.recordSet(row, 2));
    }
  }

  @Override
  public int recordSetCount(String zoneId) {
    return one("SELECT COUNT(*) FROM record_sets WHERE zone_id = ?", rows -> rows.getInt(1), zoneId)
        .orElse(0);
  }

  @Override
  public List<RecordSet> recordSets(String zoneId) {
    return list(
        "SELECT " + Rows.RECORD_SET_COLUMNS + " FROM record_sets WHERE zone_id = ? ORDER BY seq",
        rows -> Rows.recordSet(rows, 1),
        zoneId);
  }

  @Override
  public List<RecordSet> recordSetsAt(String zoneId, Set<String> names) {
    return recordSetsAt(zoneId, names, true);
  }

  /**
   * The record sets at {@code names}, with the aliases targeting them if {@code aliases}, in zone
   * order: per name, the sequence numbers by index (by name, by alias target), then the rows by
   * their primary key. In two steps because H2, asked for the whole row at once, may walk another
   * index of the zone instead (half a million index entries per name in a zone that size).
   */
  private List<RecordSet> recordSetsAt(String zoneId, Set<String> names, boolean aliases) {
    Set<Long> seqs = new TreeSet<>();
    lookUp(SEQ_BY_NAME, names, seqs, name -> nameRange(zoneId, name));
    if (aliases) {
      lookUp(SEQ_BY_ALIAS_TARGET, names, seqs, name -> new Object[] {zoneId, name});
    }
    List<RecordSet> found = new ArrayList<>(seqs.size());
    try (PreparedStatement statement = prepare(ROW_BY_SEQ)) {
      for (long seq : seqs) {
        Sql.bind(statement, seq);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            found.add(Rows.recordSet(rows, 1));
          }
        }
      }
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "read the configuration", null, null));
    }
    return found;
  }

  /** Every type of a name is one range of record_sets_key: from type 0 to one past the last. */
  private static final String SEQ_BY_NAME =
      "SELECT seq FROM record_sets WHERE zone_id = ? AND sort_key >= ? AND sort_key < ?";

  private static final String SEQ_BY_ALIAS_TARGET =
      "SELECT seq FROM alias_record_sets WHERE zone_id = ? AND alias_dns_name = ?";

  private static final String ROW_BY_SEQ =
      "SELECT " + Rows.RECORD_SET_COLUMNS + " FROM record_sets WHERE seq = ?";

  /** The values of {@link #SEQ_BY_NAME}; null for a name no record set can have. */
  private static Object[] nameRange(String zoneId, String name) {
    try {
      return new Object[] {
        zoneId, CanonicalKey.of(name, 0), CanonicalKey.of(name, CanonicalKey.AFTER_LAST_TYPE)
      };
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void lookUp(
      String sql, Set<String> names, Set<Long> seqs, Function<String, Object[]> values) {
    try (PreparedStatement statement = prepare(sql)) {
      for (String name : names) {
        Object[] params = values.apply(name);
        if (params == null) {
          continue;
        }
        Sql.bind(statement, params);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            seqs.add(rows.getLong(1));
          }
        }
      }
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "read the configuration", null, null));
    }
  }

  @Override
  public List<String> associatedVpcIds(String zoneId) {
    return list(
        "SELECT vpc_id FROM zone_associations WHERE zone_id = ? ORDER BY seq",
        rows -> rows.getString(1),
        zoneId);
  }

  @Override
  public List<Vpc> associatedVpcs(String zoneId) {
    // The associations first: H2 joins in the order written past a LEFT JOIN, and starting from
    // the VPCs and their CIDRs read all 100,000 CIDRs of a large configuration for each zone.
    return query(
        "SELECT v.id, v.account_id, v.name, v.region, c.cidr, v.resolver_addresses"
            + " FROM zone_associations a"
            + " JOIN vpcs v ON v.id = a.vpc_id LEFT JOIN vpc_cidrs c ON c.vpc_id = v.id"
            + " WHERE a.zone_id = ? ORDER BY a.seq, c.ordinal",
        Rows::vpcs,
        zoneId);
  }

  @Override
  public Set<String> domainsClaimingBelow(String zoneName) {
    // Suffix matches scan the zones and rules (an index cannot serve them), but read one column
    // each: thousands of rows in a millisecond.
    String below = "%." + likeLiteral(zoneName);
    Set<String> domains = new TreeSet<>();
    domains.addAll(
        list(
            "SELECT name FROM hosted_zones WHERE name LIKE ? ESCAPE '\\'",
            rows -> rows.getString(1),
            below));
    domains.addAll(
        list(
            "SELECT domain_name FROM resolver_rules WHERE rule_type = ?"
                + " AND (domain_name = ? OR domain_name LIKE ? ESCAPE '\\')",
            rows -> rows.getString(1),
            ResolverRule.RuleType.FORWARD.name(),
            zoneName,
            below));
    return domains;
  }

  /** {@code text} matching itself in a LIKE pattern with the escape character {@code \}. */
  static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  @Override
  public List<String> associatedZoneIds(String vpcId) {
    return list(
        "SELECT zone_id FROM zone_associations WHERE vpc_id = ? ORDER BY seq",
        rows -> rows.getString(1),
        vpcId);
  }

  @Override
  public List<String> authorizedVpcIds(String zoneId) {
    return list(
        "SELECT vpc_id FROM zone_authorizations WHERE zone_id = ? ORDER BY seq",
        rows -> rows.getString(1),
        zoneId);
  }

  @Override
  public Optional<Change> change(String changeId) {
    return one(
        "SELECT " + Rows.CHANGE_COLUMNS + " FROM changes WHERE id = ?", Rows::change, changeId);
  }

  @Override
  public List<ResolverEndpoint> endpoints() {
    return query(Rows.endpointSelect(""), Rows::endpoints);
  }

  @Override
  public Optional<ResolverEndpoint> endpoint(String endpointId) {
    return query(Rows.endpointSelect(" WHERE e.id = ?"), Rows::endpoints, endpointId, endpointId)
        .stream()
        .findFirst();
  }

  @Override
  public List<ResolverRule> rules() {
    return query(Rows.RULE_SELECT + Rows.RULE_ORDER, Rows::rules);
  }

  @Override
  public Optional<ResolverRule> rule(String ruleId) {
    return query(Rows.RULE_SELECT + " WHERE r.id = ?" + Rows.RULE_ORDER, Rows::rules, ruleId)
        .stream()
        .findFirst();
  }

  @Override
  public List<String> ruleShares(String ruleId) {
    return list(
        "SELECT account_id FROM rule_shares WHERE rule_id = ? ORDER BY seq",
        rows -> rows.getString(1),
        ruleId);
  }

  @Override
  public List<String> sharedRuleIds(String accountId) {
    if (accountId == null) {
      return list(
          "SELECT DISTINCT rule_id FROM rule_shares ORDER BY rule_id", rows -> rows.getString(1));
    }
    return list(
        "SELECT rule_id FROM rule_shares WHERE account_id = ? ORDER BY rule_id",
        rows -> rows.getString(1),
        accountId);
  }

  @Override
  public Optional<ResourceShare> resourceShare(String arn) {
    return one(
        "SELECT " + Rows.RESOURCE_SHARE_COLUMNS + " FROM ram_resource_shares WHERE arn = ?",
        Rows::resourceShare,
        arn);
  }

  @Override
  public List<ResourceShare> resourceShares(String accountId, String region) {
    String select =
        "SELECT " + Rows.RESOURCE_SHARE_COLUMNS + " FROM ram_resource_shares WHERE account_id = ?";
    if (region == null) {
      return list(select + " ORDER BY arn", Rows::resourceShare, accountId);
    }
    return list(select + " AND region = ? ORDER BY arn", Rows::resourceShare, accountId, region);
  }

  @Override
  public List<ResourceShare> resourceSharesWithPrincipal(String accountId) {
    return list(
        "SELECT s."
            + Rows.RESOURCE_SHARE_COLUMNS.replace(", ", ", s.")
            + " FROM ram_resource_shares s JOIN ram_share_principals p ON p.share_arn = s.arn"
            + " WHERE p.account_id = ? ORDER BY s.arn",
        Rows::resourceShare,
        accountId);
  }

  @Override
  public List<ResourceShareMember> resourceShareRules(String shareArn) {
    return list(
        "SELECT share_arn, rule_id, associated_at FROM ram_share_rules WHERE share_arn = ?"
            + " ORDER BY seq",
        Rows::resourceShareMember,
        shareArn);
  }

  @Override
  public List<ResourceShareMember> resourceSharePrincipals(String shareArn) {
    return list(
        "SELECT share_arn, account_id, associated_at FROM ram_share_principals"
            + " WHERE share_arn = ? ORDER BY seq",
        Rows::resourceShareMember,
        shareArn);
  }

  @Override
  public List<String> resourceSharesCovering(String ruleId, String accountId) {
    return list(
        "SELECT r.share_arn FROM ram_share_rules r JOIN ram_share_principals p"
            + " ON p.share_arn = r.share_arn WHERE r.rule_id = ? AND p.account_id = ?"
            + " ORDER BY r.share_arn",
        rows -> rows.getString(1),
        ruleId,
        accountId);
  }

  @Override
  public List<RuleAssociation> ruleAssociations(String vpcId) {
    String select = "SELECT " + Rows.RULE_ASSOCIATION_COLUMNS + " FROM rule_associations";
    if (vpcId == null) {
      return list(select + " ORDER BY id", Rows::ruleAssociation);
    }
    return list(select + " WHERE vpc_id = ? ORDER BY id", Rows::ruleAssociation, vpcId);
  }

  @Override
  public List<HealthCheck> healthChecks() {
    return query(Rows.healthCheckSelect(""), Rows::healthChecks);
  }

  @Override
  public Optional<HealthCheck> healthCheck(String healthCheckId) {
    return query(
            Rows.healthCheckSelect(" WHERE h.id = ?"),
            Rows::healthChecks,
            healthCheckId,
            healthCheckId)
        .stream()
        .findFirst();
  }

  @Override
  public List<QueryLogConfig> queryLogConfigs() {
    return list(
        "SELECT " + Rows.QUERY_LOG_CONFIG_COLUMNS + " FROM query_log_configs ORDER BY id",
        Rows::queryLogConfig);
  }

  @Override
  public Optional<QueryLogConfig> queryLogConfig(String configId) {
    return one(
        "SELECT " + Rows.QUERY_LOG_CONFIG_COLUMNS + " FROM query_log_configs WHERE id = ?",
        Rows::queryLogConfig,
        configId);
  }

  @Override
  public List<QueryLogAssociation> queryLogAssociations(String configId) {
    String select = "SELECT " + Rows.QUERY_LOG_ASSOCIATION_COLUMNS + " FROM query_log_associations";
    if (configId == null) {
      return list(select + " ORDER BY id", Rows::queryLogAssociation);
    }
    return list(select + " WHERE config_id = ? ORDER BY id", Rows::queryLogAssociation, configId);
  }

  /**
   * Everything the data plane needs, in one query per table (never one per zone). Consistent only
   * when the connection is in a snapshot transaction, which {@link JdbcConfigStore#load} opens.
   */
  ConfigData load() {
    return load(true, true);
  }

  /**
   * {@link #load}, or for {@link #changesSince} without record sets (each zone's list empty) and
   * without VPCs when they did not change (the list empty).
   */
  private ConfigData load(boolean withRecordSets, boolean withVpcs) {
    long version = version();
    List<Vpc> vpcs = withVpcs ? vpcs() : List.of();
    Map<String, List<RecordSet>> recordSets =
        withRecordSets
            ? groupByZone(
                "SELECT zone_id, " + Rows.RECORD_SET_COLUMNS + " FROM record_sets ORDER BY seq",
                rows -> Rows.recordSet(rows, 2))
            : Map.of();
    Map<String, List<String>> vpcIds =
        groupByZone(
            "SELECT zone_id, vpc_id FROM zone_associations ORDER BY seq",
            rows -> rows.getString(2));
    List<ZoneData> zones = new ArrayList<>();
    for (HostedZone zone : zones()) {
      zones.add(
          new ZoneData(
              zone,
              recordSets.getOrDefault(zone.id(), List.of()),
              vpcIds.getOrDefault(zone.id(), List.of())));
    }
    return new ConfigData(
        version,
        vpcs,
        zones,
        endpoints(),
        rules(),
        ruleAssociations(null),
        healthChecks(),
        queryLogConfigs(),
        queryLogAssociations(null));
  }

  /**
   * What changed after version {@code from}, read from the change log (V8__change_log.sql); empty
   * when the log does not cover every version since. Consistent only in a snapshot transaction,
   * which {@link JdbcConfigStore#changesSince} opens.
   */
  Optional<ConfigChanges> changesSince(long from) {
    long version = version();
    if (version < from) {
      return Optional.empty();
    }
    List<Logged> logged =
        list(
            "SELECT structure, vpcs FROM config_log WHERE version > ? ORDER BY version",
            rows -> new Logged(rows.getBoolean(1), rows.getBoolean(2)),
            from);
    if (logged.size() != version - from) {
      return Optional.empty();
    }
    boolean structureChanged = logged.stream().anyMatch(Logged::structure);
    boolean vpcsChanged = logged.stream().anyMatch(Logged::vpcs);
    // The log first, then the record sets by index, zone by zone: H2 answers an IN (subquery)
    // with a scan of every record set.
    Map<String, Set<String>> changedNames = new HashMap<>();
    query(
        "SELECT DISTINCT zone_id, name FROM config_log_names WHERE version > ?",
        rows -> {
          while (rows.next()) {
            // A null name: the zone is read whole.
            changedNames
                .computeIfAbsent(rows.getString(1), zone -> new HashSet<>())
                .add(rows.getString(2));
          }
          return null;
        },
        from);
    Map<String, List<RecordSet>> whole = new HashMap<>();
    Map<String, Map<String, List<RecordSet>>> byName = new HashMap<>();
    changedNames.forEach(
        (zoneId, names) -> {
          if (names.contains(null)) {
            whole.put(zoneId, recordSets(zoneId));
            return;
          }
          Map<String, List<RecordSet>> now = new HashMap<>();
          names.forEach(name -> now.put(name, new ArrayList<>()));
          for (RecordSet set : recordSetsAt(zoneId, names, false)) {
            now.get(set.name()).add(set);
          }
          byName.put(zoneId, now);
        });
    return Optional.of(
        new ConfigChanges(
            from,
            version,
            structureChanged ? load(false, vpcsChanged) : null,
            vpcsChanged,
            whole,
            byName));
  }

  /** What a version of the change log says changed besides record sets. */
  private record Logged(boolean structure, boolean vpcs) {}

  /** Rows whose first column is a zone id, grouped by it, each group in the query's order. */
  private <T> Map<String, List<T>> groupByZone(String sql, Sql.RowMapper<T> row, Object... params) {
    return query(
        sql,
        rows -> {
          Map<String, List<T>> groups = new HashMap<>();
          while (rows.next()) {
            groups.computeIfAbsent(rows.getString(1), zone -> new ArrayList<>()).add(row.map(rows));
          }
          return groups;
        },
        params);
  }
}
