package io.isthmus.config.jdbc;

import io.isthmus.config.Account;
import io.isthmus.config.AliasTarget;
import io.isthmus.config.AwsAccessKey;
import io.isthmus.config.Change;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Calculated;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.HttpTarget;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.config.HealthCheck.TcpTarget;
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
import io.isthmus.config.RoutingFields;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.Subnet;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping between rows of the schema and the configuration records, in both directions. Every
 * SELECT names its columns in the order these mappers read them.
 */
final class Rows {
  static final String ACCOUNT_COLUMNS = "id, name";
  static final String ZONE_COLUMNS = "id, name, account_id, comment";
  static final String CHANGE_COLUMNS = "id, version, submitted_at, comment, owner_account_id";

  /** The columns identifying a record set within its zone, in the order of {@link #key}. */
  static final List<String> RECORD_SET_KEY = List.of("name", "type", "set_identifier");

  /** The other columns of a record set, in the order of {@link #data}. */
  static final List<String> RECORD_SET_DATA =
      List.of(
          "ttl",
          "records",
          "failover",
          "weight",
          "multi_value_answer",
          "region",
          "health_check_id",
          "alias_dns_name",
          "alias_evaluate_target_health");

  /**
   * The condition selecting one record set by the unique index record_sets_key (V10), with the
   * values of {@link #keyValues}.
   */
  static final String RECORD_SET_WHERE_KEY = "zone_id = ? AND sort_key = ? AND set_identifier = ?";

  /** Key then data columns: what {@link #recordSet} reads. */
  static final String RECORD_SET_COLUMNS =
      String.join(", ", RECORD_SET_KEY) + ", " + String.join(", ", RECORD_SET_DATA);

  /** VPCs joined with their CIDRs, one row per CIDR; fold the rows with {@link #vpcs}. */
  static final String VPC_SELECT =
      "SELECT v.id, v.account_id, v.name, v.region, c.cidr, v.resolver_addresses FROM vpcs v"
          + " LEFT JOIN vpc_cidrs c ON c.vpc_id = v.id";

  static final String VPC_ORDER = " ORDER BY v.id, c.ordinal";

  /** Rules joined with their targets, one row per target; fold the rows with {@link #rules}. */
  static final String RULE_SELECT =
      "SELECT r.id, r.owner_id, r.name, r.domain_name, r.rule_type, r.resolver_endpoint_id,"
          + " r.region, t.ip, t.port FROM resolver_rules r"
          + " LEFT JOIN rule_targets t ON t.rule_id = r.id";

  static final String RULE_ORDER = " ORDER BY r.id, t.ordinal";

  static final String RULE_ASSOCIATION_COLUMNS = "id, rule_id, vpc_id";

  /**
   * The columns of a health check that an update replaces (all but id, account_id, type and seq),
   * in the order of {@link #healthCheckData}.
   */
  static final List<String> HEALTH_CHECK_DATA =
      List.of(
          "metric_namespace",
          "metric_name",
          "metric_statistic",
          "metric_period_seconds",
          "metric_evaluation_periods",
          "metric_datapoints_to_alarm",
          "metric_comparison",
          "metric_threshold",
          "tcp_ip",
          "tcp_port",
          "http_url",
          "http_search_string",
          "calculated_health_threshold",
          "interval_seconds",
          "failure_threshold",
          "insufficient_data",
          "inverted",
          "disabled");

  /** What {@link #healthChecks} reads of a check's own row: id, account_id, type, then the data. */
  private static final String HEALTH_CHECK_COLUMNS =
      "h.id, h.account_id, h.type, h." + String.join(", h.", HEALTH_CHECK_DATA) + ", h.seq";

  /** Column of {@link #healthCheckSelect} after the check's own: part, ordinal, name, value. */
  private static final int HEALTH_CHECK_PART = HEALTH_CHECK_DATA.size() + 5;

  private static final int DIMENSION_PART = 0;
  private static final int CHILD_PART = 1;

  /** The part column of {@link #endpointSelect}: which child list a row belongs to. */
  private static final int ADDRESS_PART = 0;

  private static final int CIDR_PART = 1;

  /** The set identifier column holds '' for a simple record set (see V1__configuration.sql). */
  private static final String NO_SET_IDENTIFIER = "";

  private static final String RECORD_SEPARATOR = "\n";

  private Rows() {}

  static Account account(ResultSet row) throws SQLException {
    return new Account(row.getString(1), row.getString(2));
  }

  static final String AWS_ACCESS_KEY_COLUMNS =
      "access_key_id, account_id, sealed_secret, created_at";

  static AwsAccessKey awsAccessKey(ResultSet row) throws SQLException {
    return new AwsAccessKey(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getObject(4, OffsetDateTime.class).toInstant());
  }

  static final String CLOUDWATCH_ALARM_COLUMNS = "account_id, region, name, definition, updated_at";

  static CloudWatchAlarm cloudWatchAlarm(ResultSet row) throws SQLException {
    return new CloudWatchAlarm(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getObject(5, OffsetDateTime.class).toInstant());
  }

  static final String HEALTH_CHECK_ORIGIN_COLUMNS =
      "check_id, account_id, caller_reference, alarm_region, alarm_name";

  static HealthCheckOrigin healthCheckOrigin(ResultSet row) throws SQLException {
    return new HealthCheckOrigin(
        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5));
  }

  static final String SUBNET_COLUMNS = "id, account_id, vpc_id, cidr, availability_zone";

  static Subnet subnet(ResultSet row) throws SQLException {
    return new Subnet(
        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5));
  }

  static final String SECURITY_GROUP_COLUMNS = "id, account_id, vpc_id, group_name, description";

  static SecurityGroup securityGroup(ResultSet row) throws SQLException {
    return new SecurityGroup(
        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5));
  }

  static final String RESOURCE_SHARE_COLUMNS =
      "arn, account_id, region, name, allow_external_principals, client_token, created_at";

  static ResourceShare resourceShare(ResultSet row) throws SQLException {
    return new ResourceShare(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getBoolean(5),
        row.getString(6),
        row.getObject(7, OffsetDateTime.class).toInstant());
  }

  static ResourceShareMember resourceShareMember(ResultSet row) throws SQLException {
    return new ResourceShareMember(
        row.getString(1), row.getString(2), row.getObject(3, OffsetDateTime.class).toInstant());
  }

  static final String TAG_COLUMNS = "account_id, resource_id, tag_key, tag_value";

  static ResourceTag tag(ResultSet row) throws SQLException {
    return new ResourceTag(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
  }

  static HostedZone zone(ResultSet row) throws SQLException {
    return new HostedZone(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
  }

  static Change change(ResultSet row) throws SQLException {
    OffsetDateTime submittedAt = row.getObject(3, OffsetDateTime.class);
    return new Change(
        row.getString(1),
        row.getLong(2),
        submittedAt.toInstant(),
        row.getString(4),
        row.getString(5));
  }

  /**
   * Reads the {@link #RECORD_SET_COLUMNS} starting at column {@code first}. The routing columns
   * ({@code failover}, {@code weight}, {@code multi_value_answer}, {@code region}) are the API's
   * spelling of the policy, read by {@link RoutingFields#toPolicy()}.
   *
   * @throws SQLDataException if the row is not a valid record set (only a hand-edited database has
   *     one: the API writes valid record sets only)
   */
  /**
   * The TTLs read so far, each boxed once. Zones use a few TTLs each; past this many distinct
   * values the rest are boxed per record set, as without sharing.
   */
  private static final int MAX_SHARED_TTLS = 4096;

  private static final ConcurrentHashMap<Long, Long> TTLS = new ConcurrentHashMap<>();

  private static Long shared(Long ttl) {
    if (ttl == null) {
      return null;
    }
    Long known = TTLS.get(ttl);
    if (known != null) {
      return known;
    }
    if (TTLS.size() >= MAX_SHARED_TTLS) {
      return ttl;
    }
    Long first = TTLS.putIfAbsent(ttl, ttl);
    return first == null ? ttl : first;
  }

  static RecordSet recordSet(ResultSet row, int first) throws SQLException {
    String name = row.getString(first);
    // A node keeps every record set it serves: a million of them share a few types and TTLs
    // rather than holding a string and a boxed number each (docs/performance.md, heap per record).
    String type = row.getString(first + 1).intern();
    Long ttl = row.getObject(first + 3, Long.class);
    String setIdentifier = row.getString(first + 2);
    String aliasDnsName = row.getString(first + 10);
    RoutingFields routing =
        new RoutingFields(
            row.getString(first + 5),
            row.getObject(first + 6, Integer.class),
            row.getObject(first + 7, Boolean.class),
            row.getString(first + 8));
    try {
      return new RecordSet(
          name,
          type,
          shared(ttl),
          splitRecords(row.getString(first + 4)),
          NO_SET_IDENTIFIER.equals(setIdentifier) ? null : setIdentifier,
          routing.toPolicy(),
          row.getString(first + 9),
          aliasDnsName == null ? null : new AliasTarget(aliasDnsName, row.getBoolean(first + 11)));
    } catch (IllegalArgumentException e) {
      throw new SQLDataException(
          "invalid stored record set " + name + " " + type + ": " + e.getMessage(), e);
    }
  }

  /** The values of the {@link #RECORD_SET_KEY} columns. */
  static Object[] key(RecordSetKey key) {
    String setIdentifier = key.setIdentifier() == null ? NO_SET_IDENTIFIER : key.setIdentifier();
    return new Object[] {key.name(), key.type(), setIdentifier};
  }

  /**
   * The values of {@link #RECORD_SET_WHERE_KEY}: the zone, the sort key of the set's name and type,
   * its set identifier.
   */
  static Object[] keyValues(String zoneId, RecordSetKey key) {
    String setIdentifier = key.setIdentifier() == null ? NO_SET_IDENTIFIER : key.setIdentifier();
    return new Object[] {zoneId, CanonicalKey.of(key.name(), key.type()), setIdentifier};
  }

  /** The values of the {@link #RECORD_SET_DATA} columns. */
  static Object[] data(RecordSet recordSet) {
    AliasTarget alias = recordSet.aliasTarget();
    RoutingFields routing = RoutingFields.of(recordSet.routing());
    return new Object[] {
      recordSet.ttl(),
      joinRecords(recordSet.records()),
      routing.failover(),
      routing.weight(),
      routing.multiValueAnswer(),
      routing.region(),
      recordSet.healthCheckId(),
      alias == null ? null : alias.dnsName(),
      alias == null ? null : alias.evaluateTargetHealth()
    };
  }

  /** True when the value can be stored in the newline-joined records column. */
  static boolean isStorableRecord(String record) {
    return !record.contains(RECORD_SEPARATOR);
  }

  /** NULL for no records, so that no records and one empty record stay distinct. */
  private static String joinRecords(List<String> records) {
    return records.isEmpty() ? null : String.join(RECORD_SEPARATOR, records);
  }

  private static List<String> splitRecords(String column) {
    // limit -1 keeps trailing empty values.
    return column == null ? List.of() : Arrays.asList(column.split(RECORD_SEPARATOR, -1));
  }

  /** Folds the rows of {@link #VPC_SELECT} (ordered by VPC) into VPCs with their CIDRs. */
  static List<Vpc> vpcs(ResultSet rows) throws SQLException {
    List<Vpc> vpcs = new ArrayList<>();
    Vpc head = null;
    List<String> cidrs = new ArrayList<>();
    while (rows.next()) {
      String id = rows.getString(1);
      if (head == null || !head.id().equals(id)) {
        addVpc(vpcs, head, cidrs);
        head =
            new Vpc(
                id,
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                List.of(),
                resolverAddresses(rows.getString(6)));
        cidrs = new ArrayList<>();
      }
      String cidr = rows.getString(5);
      if (cidr != null) {
        cidrs.add(cidr);
      }
    }
    addVpc(vpcs, head, cidrs);
    return vpcs;
  }

  /**
   * Endpoints with their addresses and allowed CIDRs in one statement, so that a read outside a
   * transaction still sees an endpoint whole: one row per address and one per CIDR, told apart by
   * the part column (6). Fold the rows with {@link #endpoints}.
   *
   * @param where a condition on {@code e}, repeated in both halves (bind its parameters twice), or
   *     empty
   */
  static String endpointSelect(String where) {
    String endpoint = "SELECT e.id, e.account_id, e.name, e.direction, e.vpc_id, ";
    return endpoint
        + ADDRESS_PART
        + ", a.ordinal, a.ip, a.port FROM resolver_endpoints e"
        + " LEFT JOIN endpoint_addresses a ON a.endpoint_id = e.id"
        + where
        + " UNION ALL "
        + endpoint
        + CIDR_PART
        + ", c.ordinal, c.cidr, CAST(NULL AS INTEGER) FROM resolver_endpoints e"
        + " JOIN endpoint_allowed_cidrs c ON c.endpoint_id = e.id"
        + where
        + " ORDER BY 1, 6, 7";
  }

  /** Folds the rows of {@link #endpointSelect} into endpoints with their lists. */
  static List<ResolverEndpoint> endpoints(ResultSet rows) throws SQLException {
    List<ResolverEndpoint> endpoints = new ArrayList<>();
    ResolverEndpoint head = null;
    List<TargetAddress> addresses = new ArrayList<>();
    List<String> cidrs = new ArrayList<>();
    while (rows.next()) {
      String id = rows.getString(1);
      if (head == null || !head.id().equals(id)) {
        addEndpoint(endpoints, head, addresses, cidrs);
        head =
            new ResolverEndpoint(
                id,
                rows.getString(2),
                rows.getString(3),
                ResolverEndpoint.Direction.valueOf(rows.getString(4)),
                rows.getString(5),
                List.of(),
                List.of());
        addresses = new ArrayList<>();
        cidrs = new ArrayList<>();
      }
      String value = rows.getString(8);
      if (value != null && rows.getInt(6) == ADDRESS_PART) {
        addresses.add(new TargetAddress(value, rows.getInt(9)));
      } else if (value != null) {
        cidrs.add(value);
      }
    }
    addEndpoint(endpoints, head, addresses, cidrs);
    return endpoints;
  }

  private static void addEndpoint(
      List<ResolverEndpoint> endpoints,
      ResolverEndpoint head,
      List<TargetAddress> addresses,
      List<String> cidrs) {
    if (head != null) {
      endpoints.add(
          new ResolverEndpoint(
              head.id(),
              head.accountId(),
              head.name(),
              head.direction(),
              head.vpcId(),
              addresses,
              cidrs));
    }
  }

  /** Folds the rows of {@link #RULE_SELECT} (ordered by rule) into rules with their targets. */
  static List<ResolverRule> rules(ResultSet rows) throws SQLException {
    List<ResolverRule> rules = new ArrayList<>();
    ResolverRule head = null;
    List<TargetAddress> targets = new ArrayList<>();
    while (rows.next()) {
      String id = rows.getString(1);
      if (head == null || !head.id().equals(id)) {
        addRule(rules, head, targets);
        head =
            new ResolverRule(
                id,
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                ResolverRule.RuleType.valueOf(rows.getString(5)),
                List.of(),
                rows.getString(6),
                rows.getString(7));
        targets = new ArrayList<>();
      }
      String ip = rows.getString(8);
      if (ip != null) {
        targets.add(new TargetAddress(ip, rows.getInt(9)));
      }
    }
    addRule(rules, head, targets);
    return rules;
  }

  private static void addRule(
      List<ResolverRule> rules, ResolverRule head, List<TargetAddress> targets) {
    if (head != null) {
      rules.add(
          new ResolverRule(
              head.id(),
              head.ownerId(),
              head.name(),
              head.domainName(),
              head.ruleType(),
              targets,
              head.resolverEndpointId(),
              head.region()));
    }
  }

  static RuleAssociation ruleAssociation(ResultSet row) throws SQLException {
    return new RuleAssociation(row.getString(1), row.getString(2), row.getString(3));
  }

  private static void addVpc(List<Vpc> vpcs, Vpc head, List<String> cidrs) {
    if (head != null) {
      vpcs.add(
          new Vpc(
              head.id(),
              head.accountId(),
              head.name(),
              head.region(),
              cidrs,
              head.resolverAddresses()));
    }
  }

  /** The resolver_addresses column (V15) of a VPC: NULL for none. */
  static String resolverAddressesColumn(List<TargetAddress> addresses) {
    if (addresses.isEmpty()) {
      return null;
    }
    StringBuilder column = new StringBuilder();
    for (TargetAddress address : addresses) {
      if (column.length() > 0) {
        column.append(',');
      }
      String ip = address.ip().contains(":") ? "[" + address.ip() + "]" : address.ip();
      column.append(ip).append(':').append(address.port());
    }
    return column.toString();
  }

  static List<TargetAddress> resolverAddresses(String column) {
    if (column == null) {
      return List.of();
    }
    List<TargetAddress> addresses = new ArrayList<>();
    for (String item : column.split(",")) {
      int colon = item.lastIndexOf(':');
      String ip = item.substring(0, colon);
      if (ip.startsWith("[")) {
        ip = ip.substring(1, ip.length() - 1);
      }
      addresses.add(new TargetAddress(ip, Integer.parseInt(item.substring(colon + 1))));
    }
    return addresses;
  }

  /**
   * The values of the {@link #HEALTH_CHECK_DATA} columns; enums are stored by name, a threshold of
   * -0.0 as 0.0.
   */
  static Object[] healthCheckData(HealthCheck check) {
    MetricAlarm metric = check.metric();
    TcpTarget tcp = check.tcp();
    HttpTarget http = check.http();
    Calculated calculated = check.calculated();
    return new Object[] {
      metric == null ? null : metric.namespace(),
      metric == null ? null : metric.metricName(),
      metric == null ? null : name(metric.statistic()),
      metric == null ? null : metric.periodSeconds(),
      metric == null ? null : metric.evaluationPeriods(),
      metric == null ? null : metric.datapointsToAlarm(),
      metric == null ? null : name(metric.comparison()),
      // + 0.0 turns -0.0 into 0.0, which H2 would do on its own and PostgreSQL would not; they
      // compare alike with every value, so both databases now read back the same.
      metric == null ? null : metric.threshold() + 0.0,
      tcp == null ? null : tcp.ip(),
      tcp == null ? null : tcp.port(),
      http == null ? null : http.url(),
      http == null ? null : http.searchString(),
      calculated == null ? null : calculated.healthThreshold(),
      check.intervalSeconds(),
      check.failureThreshold(),
      name(check.insufficientDataHealthStatus()),
      check.inverted(),
      check.disabled()
    };
  }

  private static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  /**
   * Health checks with their dimensions and children in one statement, so that a read outside a
   * transaction still sees a check whole: one row per dimension (or one row for a check without
   * any) and one per child, told apart by the part column. Fold the rows with {@link
   * #healthChecks}; they come in creation order.
   *
   * @param where a condition on {@code h}, repeated in both halves (bind its parameters twice), or
   *     empty
   */
  static String healthCheckSelect(String where) {
    String check = "SELECT " + HEALTH_CHECK_COLUMNS + ", ";
    return check
        + DIMENSION_PART
        + ", CAST(NULL AS INTEGER), d.key_name, d.key_value FROM health_checks h"
        + " LEFT JOIN health_check_dimensions d ON d.check_id = h.id"
        + where
        + " UNION ALL "
        + check
        + CHILD_PART
        + ", c.ordinal, c.child_id, CAST(NULL AS VARCHAR) FROM health_checks h"
        + " JOIN health_check_children c ON c.parent_id = h.id"
        + where
        + " ORDER BY "
        + (HEALTH_CHECK_PART - 1)
        + ", "
        + HEALTH_CHECK_PART
        + ", "
        + (HEALTH_CHECK_PART + 1)
        + ", "
        + (HEALTH_CHECK_PART + 2);
  }

  /**
   * Folds the rows of {@link #healthCheckSelect} into health checks. A part is present when its
   * primitive column is set (period, port, health threshold) and, for HTTP, when the URL is, so
   * that exactly what was written reads back.
   */
  static List<HealthCheck> healthChecks(ResultSet rows) throws SQLException {
    List<HealthCheck> checks = new ArrayList<>();
    HealthCheck head = null;
    Map<String, String> dimensions = new LinkedHashMap<>();
    List<String> children = new ArrayList<>();
    while (rows.next()) {
      String id = rows.getString(1);
      if (head == null || !head.id().equals(id)) {
        addHealthCheck(checks, head, dimensions, children);
        head = healthCheckRow(rows);
        dimensions = new LinkedHashMap<>();
        children = new ArrayList<>();
      }
      String name = rows.getString(HEALTH_CHECK_PART + 2);
      if (name != null && rows.getInt(HEALTH_CHECK_PART) == DIMENSION_PART) {
        dimensions.put(name, rows.getString(HEALTH_CHECK_PART + 3));
      } else if (name != null) {
        children.add(name);
      }
    }
    addHealthCheck(checks, head, dimensions, children);
    return checks;
  }

  /** The check of the current row, without its dimensions and children. */
  private static HealthCheck healthCheckRow(ResultSet row) throws SQLException {
    MetricAlarm metric = null;
    if (row.getObject(7) != null) {
      metric =
          new MetricAlarm(
              row.getString(4),
              row.getString(5),
              Map.of(),
              enumOrNull(Statistic.class, row.getString(6)),
              row.getInt(7),
              row.getInt(8),
              row.getInt(9),
              enumOrNull(Comparison.class, row.getString(10)),
              row.getDouble(11));
    }
    TcpTarget tcp =
        row.getObject(13) == null ? null : new TcpTarget(row.getString(12), row.getInt(13));
    HttpTarget http =
        row.getString(14) == null ? null : new HttpTarget(row.getString(14), row.getString(15));
    Calculated calculated =
        row.getObject(16) == null ? null : new Calculated(List.of(), row.getInt(16));
    return new HealthCheck(
        row.getString(1),
        row.getString(2),
        enumOrNull(HealthCheck.Type.class, row.getString(3)),
        metric,
        tcp,
        http,
        calculated,
        row.getInt(17),
        row.getInt(18),
        enumOrNull(InsufficientData.class, row.getString(19)),
        row.getBoolean(20),
        row.getBoolean(21));
  }

  private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
    return name == null ? null : Enum.valueOf(type, name);
  }

  private static void addHealthCheck(
      List<HealthCheck> checks,
      HealthCheck head,
      Map<String, String> dimensions,
      List<String> children) {
    if (head == null) {
      return;
    }
    MetricAlarm metric = head.metric();
    if (metric != null) {
      metric =
          new MetricAlarm(
              metric.namespace(),
              metric.metricName(),
              dimensions,
              metric.statistic(),
              metric.periodSeconds(),
              metric.evaluationPeriods(),
              metric.datapointsToAlarm(),
              metric.comparison(),
              metric.threshold());
    }
    Calculated calculated = head.calculated();
    if (calculated != null) {
      calculated = new Calculated(children, calculated.healthThreshold());
    }
    checks.add(
        new HealthCheck(
            head.id(),
            head.accountId(),
            head.type(),
            metric,
            head.tcp(),
            head.http(),
            calculated,
            head.intervalSeconds(),
            head.failureThreshold(),
            head.insufficientDataHealthStatus(),
            head.inverted(),
            head.disabled()));
  }

  static final String QUERY_LOG_CONFIG_COLUMNS = "id, owner_account_id, name, destination";

  static final String QUERY_LOG_ASSOCIATION_COLUMNS = "id, config_id, vpc_id";

  static QueryLogConfig queryLogConfig(ResultSet row) throws SQLException {
    return new QueryLogConfig(
        row.getString(1), row.getString(2), row.getString(3), row.getString(4));
  }

  static QueryLogAssociation queryLogAssociation(ResultSet row) throws SQLException {
    return new QueryLogAssociation(row.getString(1), row.getString(2), row.getString(3));
  }
}
