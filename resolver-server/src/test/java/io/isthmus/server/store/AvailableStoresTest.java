package io.isthmus.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.Account;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.Change;
import io.isthmus.config.Cidr;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HostedZone;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RegisteredNode;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.StoredMetricPoint;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.jdbc.JdbcConfigStore;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast-failing wrappers of {@link StoreConnection} against the embedded database: each call
 * reaches the store and returns its answer, and fails with {@link StoreUnavailableException} while
 * the database is away.
 */
class AvailableStoresTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String OWNER = "111111111111";

  @TempDir Path dir;

  private final AtomicLong nanos = new AtomicLong();
  private StoreConnection connection;

  @BeforeEach
  void open() throws InterruptedException {
    connection =
        StoreConnection.start(
            () -> JdbcConfigStore.openEmbedded(dir), Duration.ofMillis(10), nanos::get);
    assertThat(connection.awaitFirstAttempt(Duration.ofSeconds(30))).isTrue();
  }

  @AfterEach
  void close() {
    connection.close();
  }

  /** A use that finds the database unreachable: uses fail at once for the next second. */
  private void databaseGoesAway() {
    assertThatThrownBy(
            () ->
                connection.call(
                    store -> {
                      throw new StoreException(
                          "cannot read", new SQLTransientConnectionException("timeout"));
                    }))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void everyConfigurationReadReturnsWhatTheStoreHolds() {
    AvailableConfigStore config = new AvailableConfigStore(connection, new AccountTokens());
    AtomicInteger commits = new AtomicInteger();
    config.addListener(commits::incrementAndGet);
    Vpc vpc = new Vpc("vpc-1", OWNER, "net", "us-east-1", List.of("127.77.0.0/24"));
    HostedZone zone = new HostedZone("Z1", "zone.example.", OWNER, "comment");
    RecordSet www = RecordSet.simple("www.zone.example.", "A", 60, List.of("127.77.0.1"));
    ResolverEndpoint endpoint =
        new ResolverEndpoint(
            "rslvr-out-1",
            OWNER,
            "out",
            ResolverEndpoint.Direction.OUTBOUND,
            "vpc-1",
            List.of(new TargetAddress("127.77.0.2", 53)),
            List.of());
    ResolverRule rule =
        new ResolverRule(
            "rslvr-rr-1",
            OWNER,
            "onprem",
            "corp.example.",
            ResolverRule.RuleType.FORWARD,
            List.of(new TargetAddress("127.77.0.3", 53)),
            "rslvr-out-1",
            "us-east-1");
    RuleAssociation ruleAssociation = new RuleAssociation("rslvr-rrassoc-1", "rslvr-rr-1", "vpc-1");
    HealthCheck check =
        new HealthCheck(
            "hc-1",
            OWNER,
            HealthCheck.Type.TCP,
            null,
            new HealthCheck.TcpTarget("127.77.0.4", 80),
            null,
            null,
            30,
            3,
            HealthCheck.InsufficientData.HEALTHY,
            false,
            false);
    QueryLogConfig logs = new QueryLogConfig("qlc-1", OWNER, "logs", QueryLogConfig.STDOUT);
    QueryLogAssociation logged = new QueryLogAssociation("qla-1", "qlc-1", "vpc-1");

    Change change =
        config.write(
            w -> {
              w.insertAccount(new Account(OWNER, "networking"), "hash-networking");
              w.insertAccount(new Account("222222222222", "app"), "hash-app");
              w.insertVpc(vpc);
              w.insertZone(zone);
              w.putRecordSet("Z1", www);
              w.addAuthorization("Z1", "vpc-1");
              w.addAssociation("Z1", "vpc-1");
              w.insertEndpoint(endpoint);
              w.insertRule(rule);
              w.addRuleShare("rslvr-rr-1", "222222222222");
              w.insertRuleAssociation(ruleAssociation);
              w.insertHealthCheck(check);
              w.insertQueryLogConfig(logs);
              w.insertQueryLogAssociation(logged);
              return w.recordChange("C1", T0, "everything", OWNER);
            });

    assertThat(commits).hasPositiveValue();
    assertThat(config.version()).isEqualTo(1).isEqualTo(change.version());
    assertThat(config.load().version()).isEqualTo(1);
    assertThat(config.accounts()).extracting(Account::id).containsExactly(OWNER, "222222222222");
    assertThat(config.account(OWNER)).contains(new Account(OWNER, "networking"));
    assertThat(config.accountByTokenHash("hash-app")).contains(new Account("222222222222", "app"));
    assertThat(config.vpcs()).containsExactly(vpc);
    assertThat(config.vpc("vpc-1")).contains(vpc);
    assertThat(config.zones()).containsExactly(zone);
    assertThat(config.zone("Z1")).contains(zone);
    assertThat(config.recordSets("Z1")).containsExactly(www);
    assertThat(config.recordSetsAt("Z1", Set.of("www.zone.example."))).containsExactly(www);
    assertThat(config.recordSetsInOrder("Z1", null, 0, null, 10)).containsExactly(www);
    assertThat(config.recordSetCount("Z1")).isEqualTo(1);
    assertThat(config.vpcsFrom(OWNER, null, 10)).containsExactly(vpc);
    assertThat(config.vpcsOverlapping(Cidr.parse("127.77.0.128/25").orElseThrow()))
        .containsExactly(vpc);
    assertThat(config.changesSince(0))
        .hasValueSatisfying(changes -> assertThat(changes.version()).isEqualTo(1));
    assertThat(config.associatedVpcIds("Z1")).containsExactly("vpc-1");
    assertThat(config.domainsClaimingBelow("example."))
        .containsExactly("corp.example.", "zone.example.");
    assertThat(config.associatedZoneIds("vpc-1")).containsExactly("Z1");
    assertThat(config.authorizedVpcIds("Z1")).containsExactly("vpc-1");
    assertThat(config.change("C1")).contains(change);
    assertThat(config.endpoints()).containsExactly(endpoint);
    assertThat(config.endpoint("rslvr-out-1")).contains(endpoint);
    assertThat(config.rules()).containsExactly(rule);
    assertThat(config.rule("rslvr-rr-1")).contains(rule);
    assertThat(config.ruleShares("rslvr-rr-1")).containsExactly("222222222222");
    assertThat(config.sharedRuleIds("222222222222")).containsExactly("rslvr-rr-1");
    assertThat(config.ruleAssociations("vpc-1")).containsExactly(ruleAssociation);
    assertThat(config.healthChecks()).containsExactly(check);
    assertThat(config.healthCheck("hc-1")).contains(check);
    assertThat(config.queryLogConfigs()).containsExactly(logs);
    assertThat(config.queryLogConfig("qlc-1")).contains(logs);
    assertThat(config.queryLogAssociations("qlc-1")).containsExactly(logged);

    // The connection owns the JDBC store: closing the wrapper leaves it usable.
    config.close();
    assertThat(config.version()).isEqualTo(1);
  }

  @Test
  void aTokenFoundInTheStoreIsStillAcceptedWhileTheStoreIsAway() {
    AvailableConfigStore config = new AvailableConfigStore(connection, new AccountTokens());
    Account app = new Account("222222222222", "app");
    config.write(
        w -> {
          w.insertAccount(app, "hash-app");
          return null;
        });
    assertThat(config.accountByTokenHash("hash-app")).contains(app);

    databaseGoesAway();

    assertThat(config.accountByTokenHash("hash-app")).contains(app);
    assertThatThrownBy(() -> config.accountByTokenHash("hash-never-seen"))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(config::version).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void leasesAreTakenHeldAndReleasedInTheStore() {
    AvailableLeaseStore leases = new AvailableLeaseStore(connection);

    assertThat(leases.holder("health")).isEmpty();
    assertThat(leases.acquire("health", "node-a", Duration.ofSeconds(30))).isTrue();
    assertThat(leases.acquire("health", "node-b", Duration.ofSeconds(30))).isFalse();
    assertThat(leases.holder("health")).contains("node-a");
    leases.release("health", "node-a");
    assertThat(leases.holder("health")).isEmpty();

    databaseGoesAway();
    assertThatThrownBy(() -> leases.holder("health")).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void healthStatusesAreSavedReadAndPruned() {
    AvailableHealthStatusStore statuses = new AvailableHealthStatusStore(connection);
    StoredHealthStatus up = status("hc-up", true);
    StoredHealthStatus down = status("hc-down", false);

    statuses.save(List.of(up, down));
    assertThat(statuses.statuses()).containsExactlyInAnyOrder(up, down);
    statuses.retainOnly(List.of("hc-up"));
    assertThat(statuses.statuses()).containsExactly(up);

    databaseGoesAway();
    assertThatThrownBy(statuses::statuses).isInstanceOf(StoreUnavailableException.class);
  }

  private static StoredHealthStatus status(String checkId, boolean healthy) {
    return new StoredHealthStatus(
        checkId, healthy, null, T0, "because", List.of(), "node-a", T0.plusSeconds(1));
  }

  @Test
  void metricPointsAreAppendedTailedAndExpired() {
    AvailableMetricPointStore points = new AvailableMetricPointStore(connection);

    points.append(List.of(point(T0, 1.0), point(T0.plusSeconds(60), 2.0)));
    List<StoredMetricPoint> all = points.after(0, 10);
    assertThat(all).extracting(StoredMetricPoint::value).containsExactly(1.0, 2.0);
    assertThat(points.after(all.get(0).id(), 10))
        .extracting(StoredMetricPoint::value)
        .containsExactly(2.0);
    assertThat(points.deleteBefore(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(points.after(0, 10)).extracting(StoredMetricPoint::value).containsExactly(2.0);

    databaseGoesAway();
    assertThatThrownBy(() -> points.deleteBefore(T0)).isInstanceOf(StoreUnavailableException.class);
  }

  private static StoredMetricPoint point(Instant at, double value) {
    return new StoredMetricPoint(
        0, OWNER, "App/Web", "Latency", Map.of("Host", "web-1"), at, value);
  }

  @Test
  void nodesHeartbeatAndAreForgotten() {
    AvailableNodeRegistry registry = new AvailableNodeRegistry(connection);

    registry.heartbeat("node-a", List.of("us-east-1"), 7, T0, T0.plusSeconds(5), true);
    assertThat(registry.nodes())
        .containsExactly(
            new RegisteredNode("node-a", List.of("us-east-1"), 7, T0, T0.plusSeconds(5), true));
    registry.forget("node-a");
    assertThat(registry.nodes()).isEmpty();

    databaseGoesAway();
    assertThatThrownBy(registry::nodes).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void auditEventsAreAppendedFoundAndPruned() {
    AvailableAuditStore audit = new AvailableAuditStore(connection);
    AuditEvent first = event(T0, "POST");
    AuditEvent second = event(T0.plusSeconds(60), "DELETE");

    audit.append(first);
    audit.append(second);
    assertThat(audit.find(0, T0, AuditEvent.OPERATOR, 10))
        .extracting(AuditRecord::event)
        .containsExactly(first, second);
    assertThat(audit.prune(T0.plusSeconds(60), 10)).isEqualTo(1);
    assertThat(audit.find(0, T0, AuditEvent.OPERATOR, 10))
        .extracting(AuditRecord::event)
        .containsExactly(second);

    databaseGoesAway();
    assertThatThrownBy(() -> audit.prune(T0, 0)).isInstanceOf(StoreUnavailableException.class);
  }

  private static AuditEvent event(Instant at, String method) {
    return new AuditEvent(at, AuditEvent.OPERATOR, method, "/v1/vpcs", "vpc-1", 200, null, null);
  }
}
