package io.isthmus.config.jdbc;

import io.isthmus.config.Account;
import io.isthmus.config.AuditStore;
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
import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.HostedZone;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.MetricPointStore;
import io.isthmus.config.NodeRegistry;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration store over plain JDBC: an embedded H2 file database by default, PostgreSQL when
 * several nodes share one store. The schema comes from the Flyway migrations in {@code
 * db/migration}, which run unchanged on both.
 *
 * <p>Writes are serialized by locking the single row of {@code config_version} (SELECT ... FOR
 * UPDATE) at the start of every write transaction, across all nodes sharing the database; within
 * this process writers also queue on a lock first, so that waiting writers hold no connection.
 * {@link #load} reads in one read-only snapshot transaction and never blocks writers. Other reads
 * each run one statement on a connection of their own.
 *
 * <p>On PostgreSQL a write also sends a notification on {@link StoreNotifications#CONFIG_CHANNEL},
 * in its transaction, so that it reaches the other nodes when, and only if, the write commits.
 *
 * <p>The store does not own a DataSource passed to {@link #open}: {@link #close} leaves it open.
 * Only the pool that {@link #openEmbedded} creates is closed with the store. Thread-safe.
 */
public final class JdbcConfigStore implements ConfigStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcConfigStore.class);

  private final DataSource dataSource;
  private final Runnable closeAction;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final NotifySender notifications = new NotifySender();
  private volatile ChangeLog.Retention changeLogRetention = ChangeLog.DEFAULT_RETENTION;

  private JdbcConfigStore(DataSource dataSource, Runnable closeAction) {
    this.dataSource = dataSource;
    this.closeAction = closeAction;
  }

  /** Migrates the schema of {@code dataSource} to the latest version and opens the store on it. */
  public static JdbcConfigStore open(DataSource dataSource) {
    migrate(dataSource);
    return new JdbcConfigStore(dataSource, () -> {});
  }

  /** Opens the store on the embedded database under {@code dataDir}; close() shuts it down. */
  public static JdbcConfigStore openEmbedded(Path dataDir) {
    JdbcConnectionPool pool = embeddedPool(dataDir);
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
    return new JdbcConfigStore(pool, pool::dispose);
  }

  /**
   * A pooled DataSource for the embedded H2 database file under {@code dataDir}, creating the
   * directory. The caller owns it: H2's pool is closed with {@code JdbcConnectionPool.dispose()}.
   */
  public static DataSource embeddedDataSource(Path dataDir) {
    return embeddedPool(dataDir);
  }

  /**
   * The JDBC URL of the embedded database under {@code dataDir}. PostgreSQL mode with lower-case
   * identifiers and nulls sorting last lets one schema and one set of queries serve both databases.
   * H2 would otherwise close the database from a shutdown hook of its own, racing the node's
   * orderly stop (which still writes: the node leaves the registry); the database closes with the
   * pool instead.
   */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("isthmus")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
  }

  private static JdbcConnectionPool embeddedPool(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory " + dataDir, e);
    }
    return JdbcConnectionPool.create(embeddedUrl(dataDir), "sa", "");
  }

  private static void migrate(DataSource dataSource) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .javaMigrations(
              new V8_1__VpcCidrRanges(), new V8_2__RecordSetSortKeys(), new V10__RecordSetKeys())
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the configuration schema: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(Function<ConfigWriter, T> work) {
    if (writeLock.isHeldByCurrentThread()) {
      // The inner write would wait forever for the version row the outer one holds.
      throw new IllegalStateException("write() cannot be nested");
    }
    T result;
    writeLock.lock();
    try (Transaction transaction =
        Transaction.begin(dataSource, Connection.TRANSACTION_READ_COMMITTED, false)) {
      // READ COMMITTED: once the lock is ours, every statement sees the previous writer's commit.
      Connection connection = transaction.connection();
      long version = lockVersion(connection);
      JdbcWriter writer = new JdbcWriter(connection, version);
      result = work.apply(writer);
      writer.complete(version + 1, changeLogRetention);
      setVersion(connection, version + 1);
      notifications.send(connection, StoreNotifications.CONFIG_CHANNEL, Long.toString(version + 1));
      transaction.commit();
    } catch (SQLException e) {
      throw new StoreException("cannot write the configuration: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
    notifyListeners();
    return result;
  }

  /** Keeps fewer versions in the change log than by default, for tests of its pruning. */
  void retainChangeLog(ChangeLog.Retention retention) {
    changeLogRetention = retention;
  }

  private static long lockVersion(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT version FROM config_version WHERE id = 1 FOR UPDATE");
        ResultSet row = statement.executeQuery()) {
      if (!row.next()) {
        throw new StoreException("the configuration version row is missing");
      }
      return row.getLong(1);
    }
  }

  private static void setVersion(Connection connection, long version) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("UPDATE config_version SET version = ? WHERE id = 1")) {
      statement.setLong(1, version);
      statement.executeUpdate();
    }
  }

  private void notifyListeners() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        // The write is committed; a listener's trouble must not make it look failed.
        log.warn("A configuration listener failed after a committed write", e);
      }
    }
  }

  @Override
  public ConfigData load() {
    // SERIALIZABLE because H2's REPEATABLE READ is no snapshot across tables: a load could see a
    // zone committed after its associations were read. On PostgreSQL a read-only SERIALIZABLE
    // transaction with no serializable writers around (ours run READ COMMITTED) gets a safe
    // snapshot: REPEATABLE READ semantics, without predicate locks or serialization failures.
    try (Transaction transaction =
        Transaction.begin(dataSource, Connection.TRANSACTION_SERIALIZABLE, true)) {
      ConfigData data = new JdbcReader(transaction.connection()).load();
      transaction.commit();
      return data;
    } catch (SQLException e) {
      throw new StoreException("cannot load the configuration: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ConfigChanges> changesSince(long version) {
    // A snapshot like load(): the log, the record sets and the structure must be of one version.
    try (Transaction transaction =
        Transaction.begin(dataSource, Connection.TRANSACTION_SERIALIZABLE, true)) {
      Optional<ConfigChanges> changes =
          new JdbcReader(transaction.connection()).changesSince(version);
      transaction.commit();
      return changes;
    } catch (SQLException e) {
      throw new StoreException("cannot read the configuration changes: " + e.getMessage(), e);
    }
  }

  /**
   * The registry of the nodes sharing this store's database, whose schema this store migrated. It
   * works outside {@link #write}: heartbeats leave the configuration version alone and wake no
   * listener. It stops working when the store closes the embedded database.
   */
  public NodeRegistry nodeRegistry() {
    return new JdbcNodeRegistry(dataSource);
  }

  /**
   * The audit trail of the admin API, in this store's database. Like {@link #nodeRegistry} it works
   * outside {@link #write}: appending a record leaves the configuration version alone and wakes no
   * listener. It stops working when the store closes the embedded database.
   */
  public AuditStore auditStore() {
    return new JdbcAuditStore(dataSource);
  }

  /**
   * The metric points of the cluster, in this store's database. Like {@link #nodeRegistry} it works
   * outside {@link #write}: appending leaves the configuration version alone and wakes no listener.
   * It stops working when the store closes the embedded database.
   */
  public MetricPointStore metricPoints() {
    return new JdbcMetricPointStore(dataSource);
  }

  /**
   * The health statuses the health leader decided, in this store's database. Like {@link
   * #nodeRegistry} it works outside {@link #write}: saving leaves the configuration version alone
   * and wakes no listener (on PostgreSQL it notifies {@link HealthStatusStore#CHANNEL}). It stops
   * working when the store closes the embedded database.
   */
  public HealthStatusStore healthStatuses() {
    return new JdbcHealthStatusStore(dataSource, notifications);
  }

  /**
   * The cluster's leases, in this store's database. Like {@link #nodeRegistry} it works outside
   * {@link #write} and wakes no listener. It stops working when the store closes the embedded
   * database.
   */
  public LeaseStore leases() {
    return new JdbcLeaseStore(dataSource);
  }

  @Override
  public void addListener(Runnable afterCommit) {
    listeners.add(afterCommit);
  }

  /** Closes the embedded pool if {@link #openEmbedded} created it; otherwise does nothing. */
  @Override
  public void close() {
    closeAction.run();
  }

  private <T> T read(Function<JdbcReader, T> query) {
    try (Connection connection = dataSource.getConnection()) {
      return query.apply(new JdbcReader(connection));
    } catch (SQLException e) {
      throw new StoreException("cannot read the configuration: " + e.getMessage(), e);
    }
  }

  @Override
  public long version() {
    return read(JdbcReader::version);
  }

  @Override
  public List<Account> accounts() {
    return read(JdbcReader::accounts);
  }

  @Override
  public Optional<Account> account(String accountId) {
    return read(reader -> reader.account(accountId));
  }

  @Override
  public Optional<Account> accountByTokenHash(String tokenHash) {
    return read(reader -> reader.accountByTokenHash(tokenHash));
  }

  @Override
  public Optional<String> zoneIdByCallerReference(String accountId, String callerReference) {
    return read(reader -> reader.zoneIdByCallerReference(accountId, callerReference));
  }

  @Override
  public Optional<String> callerReference(String zoneId) {
    return read(reader -> reader.callerReference(zoneId));
  }

  @Override
  public Optional<HealthCheckOrigin> healthCheckOrigin(String checkId) {
    return read(reader -> reader.healthCheckOrigin(checkId));
  }

  @Override
  public Optional<String> healthCheckIdByCallerReference(String accountId, String callerReference) {
    return read(reader -> reader.healthCheckIdByCallerReference(accountId, callerReference));
  }

  @Override
  public List<String> healthChecksOfAlarm(String accountId, String region, String alarmName) {
    return read(reader -> reader.healthChecksOfAlarm(accountId, region, alarmName));
  }

  @Override
  public Optional<CloudWatchAlarm> cloudWatchAlarm(String accountId, String region, String name) {
    return read(reader -> reader.cloudWatchAlarm(accountId, region, name));
  }

  @Override
  public List<CloudWatchAlarm> cloudWatchAlarms(String accountId, String region) {
    return read(reader -> reader.cloudWatchAlarms(accountId, region));
  }

  @Override
  public Optional<Subnet> subnet(String subnetId) {
    return read(reader -> reader.subnet(subnetId));
  }

  @Override
  public List<Subnet> subnets(String accountId) {
    return read(reader -> reader.subnets(accountId));
  }

  @Override
  public Optional<SecurityGroup> securityGroup(String groupId) {
    return read(reader -> reader.securityGroup(groupId));
  }

  @Override
  public List<SecurityGroup> securityGroups(String accountId) {
    return read(reader -> reader.securityGroups(accountId));
  }

  @Override
  public List<ResourceTag> tags(String accountId) {
    return read(reader -> reader.tags(accountId));
  }

  @Override
  public Optional<AwsAccessKey> awsAccessKey(String accessKeyId) {
    return read(reader -> reader.awsAccessKey(accessKeyId));
  }

  @Override
  public List<AwsAccessKey> awsAccessKeys(String accountId) {
    return read(reader -> reader.awsAccessKeys(accountId));
  }

  /**
   * Every account that has a token, by the hex SHA-256 of its token: what a node needs to keep
   * accepting account tokens while the database is away.
   */
  public Map<String, Account> accountsByTokenHash() {
    return read(JdbcReader::accountsByTokenHash);
  }

  @Override
  public List<Vpc> vpcs() {
    return read(JdbcReader::vpcs);
  }

  @Override
  public List<Vpc> vpcsFrom(String accountId, String fromId, int limit) {
    return read(reader -> reader.vpcsFrom(accountId, fromId, limit));
  }

  @Override
  public List<Vpc> vpcsOverlapping(Cidr cidr) {
    return read(reader -> reader.vpcsOverlapping(cidr));
  }

  @Override
  public List<Vpc> vpcsWithResolverAddresses() {
    return read(reader -> reader.vpcsWithResolverAddresses());
  }

  @Override
  public Optional<Vpc> vpc(String vpcId) {
    return read(reader -> reader.vpc(vpcId));
  }

  @Override
  public List<HostedZone> zones() {
    return read(JdbcReader::zones);
  }

  @Override
  public Optional<HostedZone> zone(String zoneId) {
    return read(reader -> reader.zone(zoneId));
  }

  @Override
  public List<RecordSet> recordSetsInOrder(
      String zoneId, String fromName, int fromType, String type, int limit) {
    return read(reader -> reader.recordSetsInOrder(zoneId, fromName, fromType, type, limit));
  }

  @Override
  public int recordSetCount(String zoneId) {
    return read(reader -> reader.recordSetCount(zoneId));
  }

  @Override
  public List<RecordSet> recordSets(String zoneId) {
    return read(reader -> reader.recordSets(zoneId));
  }

  @Override
  public List<RecordSet> recordSetsAt(String zoneId, Set<String> names) {
    return read(reader -> reader.recordSetsAt(zoneId, names));
  }

  @Override
  public List<String> associatedVpcIds(String zoneId) {
    return read(reader -> reader.associatedVpcIds(zoneId));
  }

  @Override
  public List<Vpc> associatedVpcs(String zoneId) {
    return read(reader -> reader.associatedVpcs(zoneId));
  }

  @Override
  public Set<String> domainsClaimingBelow(String zoneName) {
    return read(reader -> reader.domainsClaimingBelow(zoneName));
  }

  @Override
  public List<String> associatedZoneIds(String vpcId) {
    return read(reader -> reader.associatedZoneIds(vpcId));
  }

  @Override
  public List<String> authorizedVpcIds(String zoneId) {
    return read(reader -> reader.authorizedVpcIds(zoneId));
  }

  @Override
  public Optional<Change> change(String changeId) {
    return read(reader -> reader.change(changeId));
  }

  @Override
  public List<ResolverEndpoint> endpoints() {
    return read(JdbcReader::endpoints);
  }

  @Override
  public Optional<ResolverEndpoint> endpoint(String endpointId) {
    return read(reader -> reader.endpoint(endpointId));
  }

  @Override
  public List<ResolverRule> rules() {
    return read(JdbcReader::rules);
  }

  @Override
  public Optional<ResolverRule> rule(String ruleId) {
    return read(reader -> reader.rule(ruleId));
  }

  @Override
  public List<String> ruleShares(String ruleId) {
    return read(reader -> reader.ruleShares(ruleId));
  }

  @Override
  public List<String> sharedRuleIds(String accountId) {
    return read(reader -> reader.sharedRuleIds(accountId));
  }

  @Override
  public Optional<ResourceShare> resourceShare(String arn) {
    return read(reader -> reader.resourceShare(arn));
  }

  @Override
  public List<ResourceShare> resourceShares(String accountId, String region) {
    return read(reader -> reader.resourceShares(accountId, region));
  }

  @Override
  public List<ResourceShare> resourceSharesWithPrincipal(String accountId) {
    return read(reader -> reader.resourceSharesWithPrincipal(accountId));
  }

  @Override
  public List<ResourceShareMember> resourceShareRules(String shareArn) {
    return read(reader -> reader.resourceShareRules(shareArn));
  }

  @Override
  public List<ResourceShareMember> resourceSharePrincipals(String shareArn) {
    return read(reader -> reader.resourceSharePrincipals(shareArn));
  }

  @Override
  public List<String> resourceSharesCovering(String ruleId, String accountId) {
    return read(reader -> reader.resourceSharesCovering(ruleId, accountId));
  }

  @Override
  public List<RuleAssociation> ruleAssociations(String vpcId) {
    return read(reader -> reader.ruleAssociations(vpcId));
  }

  @Override
  public List<HealthCheck> healthChecks() {
    return read(JdbcReader::healthChecks);
  }

  @Override
  public Optional<HealthCheck> healthCheck(String healthCheckId) {
    return read(reader -> reader.healthCheck(healthCheckId));
  }

  @Override
  public List<QueryLogConfig> queryLogConfigs() {
    return read(JdbcReader::queryLogConfigs);
  }

  @Override
  public Optional<QueryLogConfig> queryLogConfig(String configId) {
    return read(reader -> reader.queryLogConfig(configId));
  }

  @Override
  public List<QueryLogAssociation> queryLogAssociations(String configId) {
    return read(reader -> reader.queryLogAssociations(configId));
  }
}
