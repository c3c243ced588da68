package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.Account;
import io.isthmus.config.AliasTarget;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.isthmus.config.AwsAccessKey;
import io.isthmus.config.Change;
import io.isthmus.config.Cidr;
import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Calculated;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.HttpTarget;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.config.HealthCheck.TcpTarget;
import io.isthmus.config.HealthCheck.Type;
import io.isthmus.config.HealthCheckOrigin;
import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.HostedZone;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.MetricPointStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RecordSetList;
import io.isthmus.config.RegisteredNode;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverEndpoint.Direction;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResolverRule.RuleType;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;
import io.isthmus.config.ResourceTag;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.config.RoutingPolicy.Role;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.SecurityGroup;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.StoredHealthStatus.Transition;
import io.isthmus.config.StoredMetricPoint;
import io.isthmus.config.Subnet;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour of {@link JdbcConfigStore}, run by one subclass per database (H2 and PostgreSQL),
 * each test on a fresh, empty database.
 */
abstract class JdbcConfigStoreContract {

  /** A database for one test; every {@link #open} is a new DataSource onto the same data. */
  interface TestDatabase {
    DataSource open();

    /** Releases what {@link #open} returned, as a node going down would. */
    void release(DataSource dataSource);
  }

  /** A fresh, empty database. */
  abstract TestDatabase newDatabase();

  /**
   * A fresh database holding the migrated, empty schema, for each test's store: by default an empty
   * one that opening the store migrates; a server may copy a database migrated once.
   */
  TestDatabase newMigratedDatabase() {
    return newDatabase();
  }

  static final Account ACME = new Account("111111111111", "acme");
  static final Account OTHER = new Account("222222222222", "other");
  static final Vpc NET =
      new Vpc(
          "vpc-00000000000000001",
          ACME.id(),
          "net",
          "us-east-1",
          List.of("10.2.0.0/16", "10.1.0.0/16", "fd00::/8"));
  static final Vpc BARE =
      new Vpc("vpc-00000000000000002", OTHER.id(), "bare", "eu-west-1", List.of());
  static final HostedZone APP = new HostedZone("ZAPP000000000001", "app.example.", ACME.id(), "c");
  static final HostedZone DB = new HostedZone("ZDB0000000000001", "db.example.", ACME.id(), null);
  static final HostedZone EMPTY_COMMENT =
      new HostedZone("ZEMPTY0000000001", "empty.example.", OTHER.id(), "");

  /** Lists in an order that is neither sorted nor reversed, so that only ordinals keep it. */
  static final ResolverEndpoint INBOUND =
      new ResolverEndpoint(
          "rslvr-in-00000000000000001",
          ACME.id(),
          "listeners",
          Direction.INBOUND,
          NET.id(),
          List.of(
              new TargetAddress("10.2.0.11", 53),
              new TargetAddress("fd00:0:0:0:0:0:0:a", 5353),
              new TargetAddress("10.2.0.10", 53)),
          List.of("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12"));

  static final ResolverEndpoint OUTBOUND =
      new ResolverEndpoint(
          "rslvr-out-00000000000000001",
          ACME.id(),
          "sources",
          Direction.OUTBOUND,
          NET.id(),
          List.of(new TargetAddress("10.2.0.21", 53), new TargetAddress("10.2.0.20", 53)),
          List.of());
  static final ResolverRule FORWARD =
      new ResolverRule(
          "rslvr-rr-00000000000000001",
          ACME.id(),
          "to-dc",
          "corp.example.",
          RuleType.FORWARD,
          List.of(
              new TargetAddress("192.168.9.2", 53),
              new TargetAddress("192.168.9.1", 5353),
              new TargetAddress("192.168.9.3", 53)),
          OUTBOUND.id(),
          "us-east-1");
  static final ResolverRule SYSTEM =
      new ResolverRule(
          "rslvr-rr-00000000000000002",
          ACME.id(),
          "local",
          "sys.corp.example.",
          RuleType.SYSTEM,
          List.of(),
          null,
          "us-east-1");
  static final RuleAssociation FORWARD_IN_NET =
      new RuleAssociation("rslvr-rrassoc-00000000000000002", FORWARD.id(), NET.id());
  static final RuleAssociation SYSTEM_IN_NET =
      new RuleAssociation("rslvr-rrassoc-00000000000000001", SYSTEM.id(), NET.id());

  /**
   * One check of each type, created in an order that is not the order of their ids, with the edge
   * values a careless mapping would lose: dimension keys and values with separators, quotes, line
   * breaks and non-ASCII letters; every enum; a threshold that is not a short decimal.
   */
  static final HealthCheck METRIC_CHECK =
      new HealthCheck(
          "c0000000-0000-4000-8000-000000000001",
          ACME.id(),
          Type.METRIC,
          new MetricAlarm(
              "App/Web",
              "Latency p99",
              Map.of("Host", "web-1", "Zone=Ä", "a,b \"q\"\nline", "k", " "),
              Statistic.SAMPLE_COUNT,
              60,
              5,
              3,
              Comparison.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
              0.1 + 0.2),
          null,
          null,
          null,
          10,
          1,
          InsufficientData.UNHEALTHY,
          true,
          false);

  static final HealthCheck TCP_CHECK =
      new HealthCheck(
          "a0000000-0000-4000-8000-000000000002",
          OTHER.id(),
          Type.TCP,
          null,
          new TcpTarget("fd00:0:0:0:0:0:0:1", 65535),
          null,
          null,
          HealthCheck.DEFAULT_INTERVAL_SECONDS,
          HealthCheck.DEFAULT_FAILURE_THRESHOLD,
          InsufficientData.LAST_KNOWN_STATUS,
          false,
          true);

  static final HealthCheck HTTP_CHECK =
      new HealthCheck(
          "b0000000-0000-4000-8000-000000000003",
          ACME.id(),
          Type.HTTP,
          null,
          null,
          new HttpTarget("http://10.0.0.1:8080/health?x=1&y=é", "\"status\": \"ok\""),
          null,
          300,
          10,
          InsufficientData.HEALTHY,
          true,
          true);

  static final HealthCheck HTTPS_CHECK =
      new HealthCheck(
          "f0000000-0000-4000-8000-000000000004",
          ACME.id(),
          Type.HTTPS,
          null,
          null,
          new HttpTarget("https://10.0.0.2/", null),
          null,
          1,
          3,
          InsufficientData.LAST_KNOWN_STATUS,
          false,
          false);

  /** Children in neither id nor creation order. */
  static final HealthCheck CALCULATED_CHECK =
      new HealthCheck(
          "d0000000-0000-4000-8000-000000000005",
          ACME.id(),
          Type.CALCULATED,
          null,
          null,
          null,
          new Calculated(List.of(HTTPS_CHECK.id(), METRIC_CHECK.id(), HTTP_CHECK.id()), 2),
          30,
          3,
          InsufficientData.LAST_KNOWN_STATUS,
          false,
          false);

  static final HealthCheck EMPTY_CALCULATED_CHECK =
      new HealthCheck(
          "e0000000-0000-4000-8000-000000000006",
          OTHER.id(),
          Type.CALCULATED,
          null,
          null,
          null,
          new Calculated(List.of(), 0),
          30,
          3,
          InsufficientData.LAST_KNOWN_STATUS,
          false,
          false);

  /** Every health check of {@link #populate}, in creation order. */
  static final List<HealthCheck> HEALTH_CHECKS =
      List.of(
          METRIC_CHECK,
          TCP_CHECK,
          HTTP_CHECK,
          HTTPS_CHECK,
          CALCULATED_CHECK,
          EMPTY_CALCULATED_CHECK);

  private TestDatabase database;
  private final List<Runnable> cleanups = new ArrayList<>();
  JdbcConfigStore store;

  @BeforeEach
  void openStore() {
    database = newMigratedDatabase();
    store = openStore(database.open());
  }

  /** Another DataSource on this test's database, as another node would have; closed after it. */
  DataSource anotherDataSource() {
    DataSource another = database.open();
    cleanups.add(() -> database.release(another));
    return another;
  }

  @AfterEach
  void closeStores() {
    Collections.reverse(cleanups);
    cleanups.forEach(Runnable::run);
  }

  /** Opens a store on {@code dataSource}; both are closed after the test. */
  JdbcConfigStore openStore(DataSource dataSource) {
    JdbcConfigStore opened = JdbcConfigStore.open(dataSource);
    cleanups.add(() -> database.release(dataSource));
    cleanups.add(opened::close);
    return opened;
  }

  static RecordSet a(String name, long ttl, String... values) {
    return RecordSet.simple(name, "A", ttl, List.of(values));
  }

  /**
   * Every routing policy (both failover roles, the weights 0 and 255), an alias, and the edge
   * values that a careless mapping would lose.
   */
  static List<RecordSet> recordSetsWithEveryField() {
    return List.of(
        RecordSet.simple("app.example.", "SOA", 900, List.of("ns. hostmaster. 1 7200 900 1 60")),
        RecordSet.simple("www.app.example.", "A", 0, List.of("10.0.0.1", "10.0.0.2")),
        RecordSet.simple(
            "txt.app.example.",
            "TXT",
            2_147_483_647L,
            List.of("\"a \\\"quoted\\\" \\\\ value\"", "\"\"", "\"caf\\195\\169\"")),
        RecordSet.simple("empty.app.example.", "TXT", 60, List.of("")),
        // What PostgreSQL's COPY text format reads as escapes or NULL, stored as typed.
        RecordSet.simple("copy.app.example.", "TXT", 60, List.of("\"a\tb\"", "\\N", "c\rd\\")),
        RecordSet.routed(
            "w.app.example.",
            "A",
            60L,
            List.of("10.0.1.1"),
            "blue",
            new RoutingPolicy.Weighted(0),
            "hc-1"),
        RecordSet.routed(
            "w.app.example.",
            "A",
            60L,
            List.of("10.0.1.2"),
            "green",
            new RoutingPolicy.Weighted(255),
            null),
        RecordSet.routed(
            "f.app.example.",
            "A",
            30L,
            List.of("10.0.2.1"),
            "primary",
            new RoutingPolicy.Failover(Role.PRIMARY),
            "hc-2"),
        RecordSet.routed(
            "f.app.example.",
            "A",
            30L,
            List.of("10.0.2.2"),
            "secondary",
            new RoutingPolicy.Failover(Role.SECONDARY),
            null),
        RecordSet.routed(
            "m.app.example.",
            "A",
            30L,
            List.of("10.0.3.1"),
            "one",
            RoutingPolicy.MULTI_VALUE,
            null),
        new RecordSet(
            "alias.app.example.",
            "A",
            null,
            List.of(),
            null,
            RoutingPolicy.SIMPLE,
            null,
            new AliasTarget("www.app.example.", true)),
        new RecordSet(
            "alias2.app.example.",
            "A",
            null,
            List.of(),
            "x",
            new RoutingPolicy.Weighted(1),
            null,
            new AliasTarget("w.app.example.", false)));
  }

  /**
   * Accounts, VPCs, three zones with record sets, authorizations and associations, endpoints, rules
   * and health checks.
   */
  void populate() {
    store.write(
        w -> {
          w.insertAccount(ACME, "hash-acme");
          w.insertAccount(OTHER, "hash-other");
          w.insertVpc(NET);
          w.insertVpc(BARE);
          w.insertZone(APP);
          w.insertZone(DB);
          w.insertZone(EMPTY_COMMENT);
          recordSetsWithEveryField().forEach(set -> w.putRecordSet(APP.id(), set));
          w.putRecordSet(DB.id(), a("db.example.", 60, "10.9.0.1"));
          w.addAssociation(APP.id(), NET.id());
          w.addAssociation(APP.id(), BARE.id());
          w.addAssociation(DB.id(), NET.id());
          w.addAuthorization(APP.id(), BARE.id());
          w.insertEndpoint(INBOUND);
          w.insertEndpoint(OUTBOUND);
          w.insertRule(FORWARD);
          w.insertRule(SYSTEM);
          w.addRuleShare(FORWARD.id(), OTHER.id());
          w.insertRuleAssociation(FORWARD_IN_NET);
          w.insertRuleAssociation(SYSTEM_IN_NET);
          HEALTH_CHECKS.forEach(w::insertHealthCheck);
          return null;
        });
  }

  @Test
  void roundTripsEveryEntityAndField() {
    populate();
    Instant submitted = Instant.parse("2030-01-02T03:04:05.123456789Z");
    Change change = store.write(w -> w.recordChange("C0001", submitted, "first", ACME.id()));
    Change noComment = store.write(w -> w.recordChange("C0002", submitted, null, null));
    Change emptyComment = store.write(w -> w.recordChange("C0003", submitted, "", OTHER.id()));

    assertThat(store.accounts()).containsExactly(ACME, OTHER);
    assertThat(store.account(OTHER.id())).contains(OTHER);
    assertThat(store.account("999999999999")).isEmpty();
    assertThat(store.accountByTokenHash("hash-other")).contains(OTHER);
    assertThat(store.accountByTokenHash("hash-none")).isEmpty();
    assertThat(store.vpcs()).containsExactly(NET, BARE);
    assertThat(store.vpc(NET.id())).contains(NET);
    assertThat(store.vpc(BARE.id())).contains(BARE);
    assertThat(store.vpc("vpc-none")).isEmpty();
    assertThat(store.zones()).containsExactly(APP, DB, EMPTY_COMMENT);
    assertThat(store.zone(DB.id())).contains(DB);
    assertThat(store.zone(EMPTY_COMMENT.id())).contains(EMPTY_COMMENT);
    assertThat(store.zone("Znone")).isEmpty();
    assertThat(store.recordSets(APP.id())).containsExactlyElementsOf(recordSetsWithEveryField());
    assertThat(store.recordSets("Znone")).isEmpty();
    assertThat(store.associatedVpcIds(APP.id())).containsExactly(NET.id(), BARE.id());
    assertThat(store.associatedVpcs(APP.id())).containsExactly(NET, BARE);
    assertThat(store.associatedVpcs(DB.id())).containsExactly(NET);
    assertThat(store.associatedVpcs("Znone")).isEmpty();
    assertThat(store.associatedZoneIds(NET.id())).containsExactly(APP.id(), DB.id());
    assertThat(store.authorizedVpcIds(APP.id())).containsExactly(BARE.id());
    assertThat(store.authorizedVpcIds(DB.id())).isEmpty();

    Instant micros = Instant.parse("2030-01-02T03:04:05.123456Z");
    assertThat(change).isEqualTo(new Change("C0001", 2, micros, "first", ACME.id()));
    assertThat(store.change("C0001")).contains(change);
    assertThat(store.change("C0002")).contains(noComment);
    assertThat(noComment.comment()).isNull();
    assertThat(noComment.ownerAccountId()).as("the operator's alone").isNull();
    assertThat(store.change("C0003")).contains(emptyComment);
    assertThat(emptyComment.comment()).isEmpty();
    assertThat(emptyComment.ownerAccountId()).isEqualTo(OTHER.id());
    assertThat(store.change("Cnone")).isEmpty();

    assertThat(store.load())
        .isEqualTo(
            new ConfigData(
                4,
                List.of(NET, BARE),
                List.of(
                    new ZoneData(APP, recordSetsWithEveryField(), List.of(NET.id(), BARE.id())),
                    new ZoneData(DB, List.of(a("db.example.", 60, "10.9.0.1")), List.of(NET.id())),
                    new ZoneData(EMPTY_COMMENT, List.of(), List.of())),
                List.of(INBOUND, OUTBOUND),
                List.of(FORWARD, SYSTEM),
                List.of(SYSTEM_IN_NET, FORWARD_IN_NET),
                HEALTH_CHECKS));
  }

  @Test
  void roundTripsHealthChecksInCreationOrder() {
    populate();

    assertThat(store.healthChecks()).containsExactlyElementsOf(HEALTH_CHECKS);
    for (HealthCheck check : HEALTH_CHECKS) {
      assertThat(store.healthCheck(check.id())).contains(check);
    }
    assertThat(store.healthCheck("00000000-0000-4000-8000-000000000000")).isEmpty();
    assertThat(store.healthCheck(CALCULATED_CHECK.id()).orElseThrow().calculated())
        .isEqualTo(CALCULATED_CHECK.calculated());
    assertThat(store.healthCheck(METRIC_CHECK.id()).orElseThrow().metric().dimensions())
        .isEqualTo(METRIC_CHECK.metric().dimensions());
    assertThat(store.load().healthChecks()).containsExactlyElementsOf(HEALTH_CHECKS);
  }

  @Test
  void thresholdsReadBackBitForBitButNegativeZero() {
    populate();
    List<Double> thresholds =
        List.of(
            0.0,
            -0.0,
            -1.5,
            1e-300,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            123456789.12345679,
            Math.PI);
    List<HealthCheck> checks = new ArrayList<>();
    for (int i = 0; i < thresholds.size(); i++) {
      checks.add(withThreshold(METRIC_CHECK, "t-" + i, thresholds.get(i)));
    }
    store.write(
        w -> {
          checks.forEach(w::insertHealthCheck);
          return null;
        });

    for (int i = 0; i < checks.size(); i++) {
      double read = store.healthCheck("t-" + i).orElseThrow().metric().threshold();
      // -0.0 is stored as 0.0 on both databases (H2 has no negative zero).
      double expected = thresholds.get(i) + 0.0;
      assertThat(Double.doubleToRawLongBits(read))
          .as("threshold %s", thresholds.get(i))
          .isEqualTo(Double.doubleToRawLongBits(expected));
    }
  }

  private static HealthCheck withThreshold(HealthCheck check, String id, double threshold) {
    MetricAlarm m = check.metric();
    return new HealthCheck(
        id,
        check.accountId(),
        check.type(),
        new MetricAlarm(
            m.namespace(),
            m.metricName(),
            m.dimensions(),
            m.statistic(),
            m.periodSeconds(),
            m.evaluationPeriods(),
            m.datapointsToAlarm(),
            m.comparison(),
            threshold),
        null,
        null,
        null,
        check.intervalSeconds(),
        check.failureThreshold(),
        check.insufficientDataHealthStatus(),
        check.inverted(),
        check.disabled());
  }

  @Test
  void updatingAHealthCheckReplacesAllButItsOwnerAndType() {
    populate();
    HealthCheck metric =
        new HealthCheck(
            METRIC_CHECK.id(),
            OTHER.id(),
            Type.TCP,
            new MetricAlarm(
                "Other",
                "Errors",
                Map.of("Host", "web-2"),
                Statistic.AVERAGE,
                300,
                2,
                1,
                Comparison.LESS_THAN_THRESHOLD,
                -4.25),
            null,
            null,
            null,
            30,
            3,
            InsufficientData.LAST_KNOWN_STATUS,
            false,
            true);
    HealthCheck calculated =
        new HealthCheck(
            CALCULATED_CHECK.id(),
            ACME.id(),
            Type.CALCULATED,
            null,
            null,
            null,
            new Calculated(List.of(HTTP_CHECK.id(), TCP_CHECK.id()), 1),
            5,
            2,
            InsufficientData.HEALTHY,
            true,
            false);
    store.write(
        w -> {
          w.updateHealthCheck(metric);
          w.updateHealthCheck(calculated);
          w.updateHealthCheck(
              new HealthCheck(
                  TCP_CHECK.id(),
                  TCP_CHECK.accountId(),
                  TCP_CHECK.type(),
                  null,
                  new TcpTarget("10.0.0.9", 1),
                  null,
                  null,
                  7,
                  8,
                  InsufficientData.UNHEALTHY,
                  true,
                  false));
          return null;
        });

    HealthCheck expectedMetric =
        new HealthCheck(
            METRIC_CHECK.id(),
            ACME.id(),
            Type.METRIC,
            metric.metric(),
            null,
            null,
            null,
            30,
            3,
            InsufficientData.LAST_KNOWN_STATUS,
            false,
            true);
    HealthCheck expectedTcp =
        new HealthCheck(
            TCP_CHECK.id(),
            OTHER.id(),
            Type.TCP,
            null,
            new TcpTarget("10.0.0.9", 1),
            null,
            null,
            7,
            8,
            InsufficientData.UNHEALTHY,
            true,
            false);
    assertThat(store.healthCheck(METRIC_CHECK.id())).contains(expectedMetric);
    assertThat(store.healthCheck(CALCULATED_CHECK.id())).contains(calculated);
    // Updates keep each check's place in creation order.
    assertThat(store.load().healthChecks())
        .containsExactly(
            expectedMetric,
            expectedTcp,
            HTTP_CHECK,
            HTTPS_CHECK,
            calculated,
            EMPTY_CALCULATED_CHECK);

    // The former children and dimensions are gone: HTTPS is no child any more, so it can go.
    store.write(
        w -> {
          w.updateHealthCheck(withDimensions(METRIC_CHECK, Map.of()));
          w.deleteHealthCheck(HTTPS_CHECK.id());
          return null;
        });
    assertThat(store.healthCheck(METRIC_CHECK.id()).orElseThrow().metric().dimensions()).isEmpty();
  }

  private static HealthCheck withDimensions(HealthCheck check, Map<String, String> dimensions) {
    MetricAlarm m = check.metric();
    MetricAlarm metric =
        new MetricAlarm(
            m == null ? "N" : m.namespace(),
            m == null ? "M" : m.metricName(),
            dimensions,
            Statistic.SUM,
            60,
            1,
            1,
            Comparison.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
            0);
    return new HealthCheck(
        check.id(),
        check.accountId(),
        Type.METRIC,
        metric,
        null,
        null,
        null,
        check.intervalSeconds(),
        check.failureThreshold(),
        check.insufficientDataHealthStatus(),
        check.inverted(),
        check.disabled());
  }

  @Test
  void deletingAHealthCheckRemovesItsDimensionsAndChildren() {
    populate();
    store.write(
        w -> {
          // The parent first: then its children are no one's and can go too.
          w.deleteHealthCheck(CALCULATED_CHECK.id());
          w.deleteHealthCheck(METRIC_CHECK.id());
          w.deleteHealthCheck(HTTPS_CHECK.id());
          return null;
        });

    assertThat(store.healthCheck(CALCULATED_CHECK.id())).isEmpty();
    assertThat(store.healthCheck(METRIC_CHECK.id())).isEmpty();
    assertThat(store.healthChecks()).containsExactly(TCP_CHECK, HTTP_CHECK, EMPTY_CALCULATED_CHECK);
    assertThat(store.load().healthChecks())
        .containsExactly(TCP_CHECK, HTTP_CHECK, EMPTY_CALCULATED_CHECK);

    // The ids, dimension keys and child ordinals are free again; a re-created check goes last.
    store.write(
        w -> {
          w.insertHealthCheck(METRIC_CHECK);
          w.insertHealthCheck(HTTPS_CHECK);
          w.insertHealthCheck(CALCULATED_CHECK);
          return null;
        });
    assertThat(store.healthChecks())
        .containsExactly(
            TCP_CHECK,
            HTTP_CHECK,
            EMPTY_CALCULATED_CHECK,
            METRIC_CHECK,
            HTTPS_CHECK,
            CALCULATED_CHECK);
  }

  @Test
  void roundTripsEndpointsRulesSharesAndAssociations() {
    populate();
    ResolverRule forwardOfOther =
        new ResolverRule(
            "rslvr-rr-00000000000000003",
            OTHER.id(),
            "catch-all",
            ".",
            RuleType.SYSTEM,
            List.of(),
            null,
            "eu-west-1");
    RuleAssociation inBare =
        new RuleAssociation("rslvr-rrassoc-00000000000000003", forwardOfOther.id(), BARE.id());
    store.write(
        w -> {
          w.insertRule(forwardOfOther);
          w.addRuleShare(forwardOfOther.id(), ACME.id());
          w.addRuleShare(SYSTEM.id(), OTHER.id());
          w.insertRuleAssociation(inBare);
          return null;
        });

    assertThat(store.endpoints()).containsExactly(INBOUND, OUTBOUND);
    assertThat(store.endpoint(INBOUND.id())).contains(INBOUND);
    assertThat(store.endpoint(OUTBOUND.id())).contains(OUTBOUND);
    assertThat(store.endpoint(OUTBOUND.id()).orElseThrow().allowedSourceCidrs()).isEmpty();
    assertThat(store.endpoint("rslvr-in-none")).isEmpty();
    assertThat(store.rules()).containsExactly(FORWARD, SYSTEM, forwardOfOther);
    assertThat(store.rule(FORWARD.id())).contains(FORWARD);
    assertThat(store.rule(SYSTEM.id())).contains(SYSTEM);
    assertThat(store.rule(SYSTEM.id()).orElseThrow().resolverEndpointId()).isNull();
    assertThat(store.rule("rslvr-rr-none")).isEmpty();
    assertThat(store.ruleShares(FORWARD.id())).containsExactly(OTHER.id());
    assertThat(store.ruleShares(SYSTEM.id())).containsExactly(OTHER.id());
    assertThat(store.ruleShares("rslvr-rr-none")).isEmpty();
    assertThat(store.sharedRuleIds(OTHER.id())).containsExactly(FORWARD.id(), SYSTEM.id());
    assertThat(store.sharedRuleIds(ACME.id())).containsExactly(forwardOfOther.id());
    assertThat(store.sharedRuleIds(null))
        .containsExactly(FORWARD.id(), SYSTEM.id(), forwardOfOther.id());
    assertThat(store.ruleAssociations(null)).containsExactly(SYSTEM_IN_NET, FORWARD_IN_NET, inBare);
    assertThat(store.ruleAssociations(NET.id())).containsExactly(SYSTEM_IN_NET, FORWARD_IN_NET);
    assertThat(store.ruleAssociations(BARE.id())).containsExactly(inBare);
    assertThat(store.ruleAssociations("vpc-none")).isEmpty();

    ConfigData loaded = store.load();
    assertThat(loaded.endpoints()).containsExactly(INBOUND, OUTBOUND);
    assertThat(loaded.rules()).containsExactly(FORWARD, SYSTEM, forwardOfOther);
    assertThat(loaded.ruleAssociations()).containsExactly(SYSTEM_IN_NET, FORWARD_IN_NET, inBare);
  }

  @Test
  void rulesSharesAreKeptInTheOrderTheyWereAdded() {
    populate();
    Account third = new Account("000000000003", "third");
    store.write(
        w -> {
          w.insertAccount(third, "hash-third");
          w.addRuleShare(FORWARD.id(), third.id());
          w.addRuleShare(SYSTEM.id(), third.id());
          return null;
        });
    assertThat(store.ruleShares(FORWARD.id())).containsExactly(OTHER.id(), third.id());

    store.write(
        w -> {
          w.removeRuleShare(FORWARD.id(), OTHER.id());
          return null;
        });
    assertThat(store.ruleShares(FORWARD.id())).containsExactly(third.id());
    assertThat(store.sharedRuleIds(OTHER.id())).isEmpty();
    assertThat(store.sharedRuleIds(third.id())).containsExactly(FORWARD.id(), SYSTEM.id());
  }

  @Test
  void updatingARuleReplacesItsNameTargetsAndEndpointOnly() {
    populate();
    ResolverEndpoint otherOutbound =
        new ResolverEndpoint(
            "rslvr-out-00000000000000002",
            ACME.id(),
            "more-sources",
            Direction.OUTBOUND,
            NET.id(),
            List.of(new TargetAddress("10.2.0.30", 53), new TargetAddress("10.2.0.31", 53)),
            List.of());
    List<TargetAddress> targets =
        List.of(new TargetAddress("192.168.9.9", 53), new TargetAddress("192.168.9.8", 53));
    store.write(
        w -> {
          w.insertEndpoint(otherOutbound);
          // The domain, type and region given here are ignored: a rule keeps them.
          w.updateRule(
              new ResolverRule(
                  FORWARD.id(),
                  OTHER.id(),
                  "renamed",
                  "other.example.",
                  RuleType.SYSTEM,
                  targets,
                  otherOutbound.id(),
                  "eu-west-1"));
          return null;
        });

    ResolverRule updated =
        new ResolverRule(
            FORWARD.id(),
            ACME.id(),
            "renamed",
            "corp.example.",
            RuleType.FORWARD,
            targets,
            otherOutbound.id(),
            "us-east-1");
    assertThat(store.rule(FORWARD.id())).contains(updated);
    assertThat(store.load().rules()).containsExactly(updated, SYSTEM);
    assertThat(store.ruleShares(FORWARD.id())).containsExactly(OTHER.id());
    assertThat(store.ruleAssociations(NET.id())).contains(FORWARD_IN_NET);

    // The endpoint is no longer in use, so it can go.
    store.write(
        w -> {
          w.deleteEndpoint(OUTBOUND.id());
          return null;
        });
    assertThat(store.endpoints()).containsExactly(INBOUND, otherOutbound);
  }

  @Test
  void deletingARuleRemovesItsTargetsSharesAndAssociations() {
    populate();
    store.write(
        w -> {
          w.deleteRule(FORWARD.id());
          return null;
        });

    assertThat(store.rule(FORWARD.id())).isEmpty();
    assertThat(store.rules()).containsExactly(SYSTEM);
    assertThat(store.ruleShares(FORWARD.id())).isEmpty();
    assertThat(store.sharedRuleIds(null)).isEmpty();
    assertThat(store.ruleAssociations(null)).containsExactly(SYSTEM_IN_NET);

    // Its id, targets' ordinals and association with the VPC are free again.
    store.write(
        w -> {
          w.insertRule(FORWARD);
          w.insertRuleAssociation(FORWARD_IN_NET);
          return null;
        });
    assertThat(store.rule(FORWARD.id())).contains(FORWARD);
    assertThat(store.ruleShares(FORWARD.id())).isEmpty();
  }

  @Test
  void deletingAnEndpointRemovesItsAddressesAndCidrs() {
    populate();
    store.write(
        w -> {
          w.deleteEndpoint(INBOUND.id());
          w.deleteRuleAssociation(FORWARD_IN_NET.id());
          w.deleteRule(FORWARD.id());
          w.deleteEndpoint(OUTBOUND.id());
          return null;
        });
    assertThat(store.endpoints()).isEmpty();
    assertThat(store.load().endpoints()).isEmpty();

    ResolverEndpoint again =
        new ResolverEndpoint(
            INBOUND.id(),
            ACME.id(),
            "again",
            Direction.INBOUND,
            NET.id(),
            List.of(new TargetAddress("10.2.0.99", 53)),
            List.of());
    store.write(
        w -> {
          w.insertEndpoint(again);
          return null;
        });
    assertThat(store.endpoint(INBOUND.id())).contains(again);
  }

  @Test
  void aVpcWithoutZonesRulesOrEndpointsCanBeDeleted() {
    populate();
    store.write(
        w -> {
          w.deleteRuleAssociation(FORWARD_IN_NET.id());
          w.deleteRuleAssociation(SYSTEM_IN_NET.id());
          w.deleteRule(FORWARD.id());
          w.deleteEndpoint(INBOUND.id());
          w.deleteEndpoint(OUTBOUND.id());
          w.deleteZone(APP.id());
          w.deleteZone(DB.id());
          w.deleteVpc(NET.id());
          return null;
        });
    assertThat(store.vpcs()).containsExactly(BARE);
    assertThat(store.rules()).containsExactly(SYSTEM);
  }

  @Test
  void readsInsideAWriteSeeItsOwnWrites() {
    populate();
    store.write(
        w -> {
          w.putRecordSet(DB.id(), a("new.db.example.", 5, "10.9.0.2"));
          assertThat(w.recordSets(DB.id()))
              .containsExactly(
                  a("db.example.", 60, "10.9.0.1"), a("new.db.example.", 5, "10.9.0.2"));
          w.deleteZone(APP.id());
          assertThat(w.zones()).containsExactly(DB, EMPTY_COMMENT);
          assertThat(w.associatedZoneIds(NET.id())).containsExactly(DB.id());
          assertThat(w.version()).isEqualTo(1);
          return null;
        });
  }

  @Test
  void versionIncreasesByOnePerWrite() {
    assertThat(store.version()).isZero();
    populate();
    assertThat(store.version()).isEqualTo(1);
    store.write(w -> null);
    assertThat(store.version()).isEqualTo(2);
    Change change = store.write(w -> w.recordChange("C1", Instant.EPOCH, null, null));
    assertThat(change.version()).isEqualTo(3).isEqualTo(store.version());
    assertThat(store.load().version()).isEqualTo(3);
  }

  @Test
  void writeThatThrowsLeavesNothingBehind() {
    populate();
    ConfigData before = store.load();
    AtomicInteger notified = new AtomicInteger();
    store.addListener(notified::incrementAndGet);
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertAccount(new Account("333333333333", "gone"), "hash-gone");
                      w.putRecordSet(DB.id(), a("gone.db.example.", 5, "10.9.9.9"));
                      w.recordSets(DB.id()); // flushes the pending record set
                      w.deleteZone(APP.id());
                      w.recordChange("Cgone", Instant.EPOCH, null, ACME.id());
                      w.removeRuleShare(FORWARD.id(), OTHER.id());
                      w.deleteRuleAssociation(SYSTEM_IN_NET.id());
                      w.insertEndpoint(withVpc(INBOUND, "rslvr-in-gone", BARE.id()));
                      w.updateRule(withEndpoint(FORWARD, FORWARD.id(), "rslvr-in-gone"));
                      w.deleteHealthCheck(CALCULATED_CHECK.id());
                      w.updateHealthCheck(withDimensions(HTTP_CHECK, Map.of("gone", "gone")));
                      w.insertHealthCheck(withThreshold(METRIC_CHECK, "gone", 1));
                      w.rules(); // runs while the write is open
                      throw boom;
                    }))
        .isSameAs(boom);

    assertThat(store.load()).isEqualTo(before);
    assertThat(store.account("333333333333")).isEmpty();
    assertThat(store.change("Cgone")).isEmpty();
    assertThat(notified).hasValue(0);
  }

  @Test
  void storeExceptionDoomsTheWriteEvenWhenCaught() {
    populate();
    ConfigData before = store.load();

    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertZone(new HostedZone("Znew", "new.example.", ACME.id(), null));
                      try {
                        w.insertAccount(ACME, "hash-again");
                      } catch (StoreException expected) {
                        // A caller that swallows the failure must not commit half a write.
                      }
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(ACME.id());

    assertThat(store.load()).isEqualTo(before);
  }

  static Stream<Arguments> identityViolations() {
    return Stream.of(
        violation("duplicate account", w -> w.insertAccount(ACME, "hash-new"), ACME.id()),
        violation(
            "duplicate token hash",
            w -> w.insertAccount(new Account("333333333333", "x"), "hash-acme"),
            "token hash"),
        violation(
            "token of a missing account",
            w -> w.updateAccountToken("333333333333", "hash-x"),
            "333333333333"),
        violation(
            "VPC of a missing account",
            w -> w.insertVpc(new Vpc("vpc-x", "333333333333", "x", "r", List.of())),
            "333333333333"),
        violation("duplicate VPC", w -> w.insertVpc(NET), NET.id()),
        violation("delete a missing VPC", w -> w.deleteVpc("vpc-none"), "vpc-none"),
        violation("delete an associated VPC", w -> w.deleteVpc(NET.id()), "in use"),
        violation(
            "delete a VPC with an endpoint",
            w -> {
              Vpc vpc = new Vpc("vpc-new", ACME.id(), "x", "us-east-1", List.of());
              w.insertVpc(vpc);
              w.insertEndpoint(withVpc(INBOUND, "rslvr-in-new", vpc.id()));
              w.deleteVpc(vpc.id());
            },
            "in use"),
        violation(
            "delete a VPC a rule is associated with",
            w -> {
              w.insertVpc(new Vpc("vpc-new", ACME.id(), "x", "us-east-1", List.of()));
              w.insertRuleAssociation(
                  new RuleAssociation("rslvr-rrassoc-x", SYSTEM.id(), "vpc-new"));
              w.deleteVpc("vpc-new");
            },
            "in use"),
        violation("duplicate endpoint", w -> w.insertEndpoint(INBOUND), INBOUND.id()),
        violation(
            "endpoint in a missing VPC",
            w -> w.insertEndpoint(withVpc(INBOUND, "rslvr-in-new", "vpc-none")),
            "vpc-none"),
        violation(
            "delete a missing endpoint", w -> w.deleteEndpoint("rslvr-in-none"), "rslvr-in-none"),
        violation(
            "delete an endpoint a rule uses", w -> w.deleteEndpoint(OUTBOUND.id()), "used by"),
        violation("duplicate rule", w -> w.insertRule(SYSTEM), SYSTEM.id()),
        violation(
            "rule through a missing endpoint",
            w -> w.insertRule(withEndpoint(FORWARD, "rslvr-rr-new", "rslvr-out-none")),
            "rslvr-out-none"),
        violation(
            "update a missing rule",
            w -> w.updateRule(withEndpoint(FORWARD, "rslvr-rr-none", OUTBOUND.id())),
            "rslvr-rr-none"),
        violation(
            "update a rule to a missing endpoint",
            w -> w.updateRule(withEndpoint(FORWARD, FORWARD.id(), "rslvr-out-none")),
            "rslvr-out-none"),
        violation("delete a missing rule", w -> w.deleteRule("rslvr-rr-none"), "rslvr-rr-none"),
        violation(
            "duplicate share", w -> w.addRuleShare(FORWARD.id(), OTHER.id()), "already shared"),
        violation(
            "share with a missing account",
            w -> w.addRuleShare(FORWARD.id(), "333333333333"),
            "333333333333"),
        violation(
            "share of a missing rule",
            w -> w.addRuleShare("rslvr-rr-none", OTHER.id()),
            "rslvr-rr-none"),
        violation(
            "remove a missing share",
            w -> w.removeRuleShare(SYSTEM.id(), OTHER.id()),
            "not shared"),
        violation(
            "rule associated twice with a VPC",
            w ->
                w.insertRuleAssociation(
                    new RuleAssociation("rslvr-rrassoc-new", FORWARD.id(), NET.id())),
            "already associated"),
        violation(
            "duplicate rule association id",
            w ->
                w.insertRuleAssociation(
                    new RuleAssociation(FORWARD_IN_NET.id(), FORWARD.id(), BARE.id())),
            FORWARD_IN_NET.id()),
        violation(
            "rule association with a missing VPC",
            w ->
                w.insertRuleAssociation(
                    new RuleAssociation("rslvr-rrassoc-new", FORWARD.id(), "vpc-none")),
            "vpc-none"),
        violation(
            "delete a missing rule association",
            w -> w.deleteRuleAssociation("rslvr-rrassoc-none"),
            "rslvr-rrassoc-none"),
        violation("duplicate health check", w -> w.insertHealthCheck(TCP_CHECK), TCP_CHECK.id()),
        violation(
            "health check of a missing account",
            w ->
                w.insertHealthCheck(
                    new HealthCheck(
                        "hc-new",
                        "333333333333",
                        Type.TCP,
                        null,
                        TCP_CHECK.tcp(),
                        null,
                        null,
                        30,
                        3,
                        InsufficientData.LAST_KNOWN_STATUS,
                        false,
                        false)),
            "333333333333"),
        violation(
            "calculated health check with a missing child",
            w ->
                w.insertHealthCheck(
                    new HealthCheck(
                        "hc-new",
                        ACME.id(),
                        Type.CALCULATED,
                        null,
                        null,
                        null,
                        new Calculated(List.of(TCP_CHECK.id(), "hc-none"), 1),
                        30,
                        3,
                        InsufficientData.LAST_KNOWN_STATUS,
                        false,
                        false)),
            "does not exist"),
        violation(
            "update a calculated health check to a missing child",
            w ->
                w.updateHealthCheck(
                    new HealthCheck(
                        EMPTY_CALCULATED_CHECK.id(),
                        OTHER.id(),
                        Type.CALCULATED,
                        null,
                        null,
                        null,
                        new Calculated(List.of("hc-none"), 1),
                        30,
                        3,
                        InsufficientData.LAST_KNOWN_STATUS,
                        false,
                        false)),
            "does not exist"),
        violation(
            "update a missing health check",
            w -> w.updateHealthCheck(withThreshold(METRIC_CHECK, "hc-none", 1)),
            "hc-none"),
        violation("delete a missing health check", w -> w.deleteHealthCheck("hc-none"), "hc-none"),
        violation(
            "delete a child of a calculated health check",
            w -> w.deleteHealthCheck(METRIC_CHECK.id()),
            "child of a calculated health check"),
        violation("duplicate zone", w -> w.insertZone(APP), APP.id()),
        violation(
            "zone of a missing account",
            w -> w.insertZone(new HostedZone("Zx", "x.", "333333333333", null)),
            "333333333333"),
        violation("delete a missing zone", w -> w.deleteZone("Znone"), "Znone"),
        violation(
            "record set of a missing zone",
            w -> w.putRecordSet("Znone", a("x.", 1, "10.0.0.1")),
            "Znone"),
        violation(
            "empty set identifier",
            w ->
                w.putRecordSet(
                    APP.id(),
                    RecordSet.routed(
                        "x.app.example.",
                        "A",
                        1L,
                        List.of("10.0.0.1"),
                        "",
                        new RoutingPolicy.Weighted(1),
                        null)),
            "set identifier"),
        violation(
            "record with a line break",
            w -> w.putRecordSet(APP.id(), a("x.app.example.", 1, "10.0.0.1\n10.0.0.2")),
            "line break"),
        violation(
            "delete a missing record set",
            w -> w.deleteRecordSet(APP.id(), new RecordSetKey("www.app.example.", "A", "blue")),
            "www.app.example."),
        violation("duplicate association", w -> w.addAssociation(APP.id(), NET.id()), "already"),
        violation(
            "association with a missing VPC",
            w -> w.addAssociation(DB.id(), "vpc-none"),
            "vpc-none"),
        violation(
            "association with a missing zone", w -> w.addAssociation("Znone", NET.id()), "Znone"),
        violation(
            "remove a missing association",
            w -> w.removeAssociation(DB.id(), BARE.id()),
            BARE.id()),
        violation(
            "duplicate authorization", w -> w.addAuthorization(APP.id(), BARE.id()), "already"),
        violation(
            "authorization for a missing VPC",
            w -> w.addAuthorization(APP.id(), "vpc-none"),
            "vpc-none"),
        violation(
            "remove a missing authorization",
            w -> w.removeAuthorization(DB.id(), NET.id()),
            NET.id()),
        violation(
            "duplicate change",
            w -> {
              w.recordChange("Cdup", Instant.EPOCH, null, null);
              w.recordChange("Cdup", Instant.EPOCH, null, null);
            },
            "Cdup"),
        violation(
            "change owned by no account",
            w -> w.recordChange("Corphan", Instant.EPOCH, null, "999999999999"),
            "999999999999"));
  }

  private static ResolverEndpoint withVpc(ResolverEndpoint endpoint, String id, String vpcId) {
    return new ResolverEndpoint(
        id,
        endpoint.accountId(),
        endpoint.name(),
        endpoint.direction(),
        vpcId,
        endpoint.ipAddresses(),
        endpoint.allowedSourceCidrs());
  }

  private static ResolverRule withEndpoint(ResolverRule rule, String id, String endpointId) {
    return new ResolverRule(
        id,
        rule.ownerId(),
        rule.name(),
        rule.domainName(),
        rule.ruleType(),
        rule.targetIps(),
        endpointId,
        rule.region());
  }

  private static Arguments violation(String name, Consumer<ConfigWriter> write, String message) {
    return Arguments.of(name, write, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityViolations")
  void identityViolationsThrowAndChangeNothing(
      String name, Consumer<ConfigWriter> write, String message) {
    populate();
    ConfigData before = store.load();

    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      write.accept(w);
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(message);

    assertThat(store.load()).isEqualTo(before);
  }

  @Test
  void listenersRunAfterCommitOnTheWritingThread() {
    List<Long> versionsSeen = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    store.addListener(
        () -> {
          // A new connection sees the write only once it is committed.
          versionsSeen.add(store.version());
          threads.add(Thread.currentThread());
        });
    store.addListener(
        () -> {
          throw new IllegalStateException("a broken listener");
        });
    AtomicInteger third = new AtomicInteger();
    store.addListener(third::incrementAndGet);

    String result = store.write(w -> "result");
    assertThat(result).isEqualTo("result");
    populate();

    assertThat(versionsSeen).containsExactly(1L, 2L);
    assertThat(threads).containsOnly(Thread.currentThread());
    assertThat(third).hasValue(2);
    assertThat(store.version()).isEqualTo(2);
  }

  @Test
  void nestedWriteIsRefused() {
    assertThatThrownBy(() -> store.write(w -> store.write(inner -> null)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.version()).isZero();
  }

  @Test
  void restartKeepsEverything() {
    populate();
    store.write(
        w -> w.recordChange("C1", Instant.parse("2030-01-01T00:00:00Z"), "kept", ACME.id()));
    ConfigData before = store.load();

    closeStores();
    cleanups.clear();
    store = openStore(database.open());

    assertThat(store.load()).isEqualTo(before);
    assertThat(store.version()).isEqualTo(2);
    assertThat(store.accountByTokenHash("hash-acme")).contains(ACME);
    assertThat(store.authorizedVpcIds(APP.id())).containsExactly(BARE.id());
    assertThat(store.change("C1")).map(Change::comment).contains("kept");
    assertThat(store.change("C1")).map(Change::ownerAccountId).contains(ACME.id());
    store.write(w -> null);
    assertThat(store.version()).isEqualTo(3);
  }

  /**
   * A fresh database migrated up to the last version before {@code version}, as a store of an older
   * release left it; released after the test.
   */
  private DataSource databaseMigratedBefore(String version) {
    TestDatabase old = newDatabase();
    DataSource dataSource = old.open();
    cleanups.add(() -> old.release(dataSource));
    FluentConfiguration migrations =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .javaMigrations(new V8_1__VpcCidrRanges(), new V8_2__RecordSetSortKeys());
    MigrationVersion upgrade = MigrationVersion.fromVersion(version);
    MigrationVersion lastBefore =
        Stream.of(migrations.load().info().all())
            .map(MigrationInfo::getVersion)
            .filter(candidate -> candidate.compareTo(upgrade) < 0)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    migrations.target(lastBefore).load().migrate();
    return dataSource;
  }

  /**
   * A change recorded before changes had owners (V6) names no zone or account, so the upgrade
   * cannot tell who made it: it stays the operator's alone, intact otherwise, and new changes next
   * to it get their owner.
   */
  @Test
  void changesRecordedBeforeOwnersBecomeTheOperatorsAlone() throws Exception {
    DataSource dataSource = databaseMigratedBefore("6");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement account =
            connection.prepareStatement(
                "INSERT INTO accounts (id, name, token_hash) VALUES (?, ?, ?)");
        PreparedStatement change =
            connection.prepareStatement(
                "INSERT INTO changes (id, version, submitted_at, comment) VALUES (?, ?, ?, ?)")) {
      account.setString(1, ACME.id());
      account.setString(2, ACME.name());
      account.setString(3, "hash-acme");
      account.executeUpdate();
      change.setString(1, "Cold");
      change.setLong(2, 1);
      change.setObject(3, OffsetDateTime.parse("2030-01-01T00:00:00Z"));
      change.setString(4, "before owners");
      change.executeUpdate();
    }

    JdbcConfigStore upgraded = JdbcConfigStore.open(dataSource);
    cleanups.add(upgraded::close);

    assertThat(upgraded.change("Cold"))
        .contains(
            new Change("Cold", 1, Instant.parse("2030-01-01T00:00:00Z"), "before owners", null));
    Change next = upgraded.write(w -> w.recordChange("Cnew", Instant.EPOCH, null, ACME.id()));
    assertThat(upgraded.change("Cnew")).contains(next);
    assertThat(next.ownerAccountId()).isEqualTo(ACME.id());
  }

  @Test
  void updatedTokenReplacesTheOldOne() {
    populate();
    store.write(
        w -> {
          w.updateAccountToken(ACME.id(), "hash-acme-2");
          return null;
        });
    assertThat(store.accountByTokenHash("hash-acme")).isEmpty();
    assertThat(store.accountByTokenHash("hash-acme-2")).contains(ACME);
  }

  @Test
  void deletingAZoneRemovesItsRecordSetsAuthorizationsAndAssociations() {
    populate();
    store.write(
        w -> {
          w.deleteZone(APP.id());
          return null;
        });

    assertThat(store.zone(APP.id())).isEmpty();
    assertThat(store.recordSets(APP.id())).isEmpty();
    assertThat(store.associatedVpcIds(APP.id())).isEmpty();
    assertThat(store.authorizedVpcIds(APP.id())).isEmpty();
    assertThat(store.associatedZoneIds(NET.id())).containsExactly(DB.id());
    assertThat(store.associatedZoneIds(BARE.id())).isEmpty();
    assertThat(store.load().zones()).extracting(ZoneData::zone).containsExactly(DB, EMPTY_COMMENT);

    // The zone's name and its record sets' keys are free again.
    store.write(
        w -> {
          w.insertZone(APP);
          w.putRecordSet(APP.id(), a("www.app.example.", 1, "10.0.0.9"));
          return null;
        });
    assertThat(store.recordSets(APP.id())).containsExactly(a("www.app.example.", 1, "10.0.0.9"));
  }

  @Test
  void deletingAVpcRemovesItsCidrsAndAuthorizations() {
    populate();
    store.write(
        w -> {
          w.removeAssociation(APP.id(), BARE.id());
          w.deleteVpc(BARE.id());
          return null;
        });

    assertThat(store.vpc(BARE.id())).isEmpty();
    assertThat(store.authorizedVpcIds(APP.id())).isEmpty();
    assertThat(store.associatedVpcIds(APP.id())).containsExactly(NET.id());

    Vpc again = new Vpc(BARE.id(), OTHER.id(), "again", "eu-west-1", List.of("10.7.0.0/16"));
    store.write(
        w -> {
          w.insertVpc(again);
          return null;
        });
    assertThat(store.vpc(BARE.id())).contains(again);
  }

  @Test
  void domainsClaimingBelowAreZonesStrictlyBelowAndForwardRulesAtOrBelow() {
    populate();
    store.write(
        w -> {
          w.insertZone(new HostedZone("ZBELOW0000000001", "x.corp.example.", OTHER.id(), null));
          w.insertZone(new HostedZone("ZSAME00000000001", "corp.example.", OTHER.id(), null));
          w.insertZone(new HostedZone("ZUNDER0000000001", "a.b_c.example.", ACME.id(), null));
          // "_" and "%" are LIKE wildcards: a zone named like the pattern's wildcards must not
          // match.
          w.insertZone(new HostedZone("ZLOOK00000000001", "a.bxc.example.", ACME.id(), null));
          w.insertRule(
              new ResolverRule(
                  "rslvr-rr-00000000000000009",
                  OTHER.id(),
                  "deep",
                  "y.x.corp.example.",
                  RuleType.FORWARD,
                  List.of(new TargetAddress("192.168.9.9", 53)),
                  OUTBOUND.id(),
                  "us-east-1"));
          return null;
        });

    // The FORWARD rule at corp.example. itself counts, the zone of the same name does not, nor
    // does the SYSTEM rule below it.
    assertThat(store.domainsClaimingBelow("corp.example."))
        .containsExactlyInAnyOrder("corp.example.", "x.corp.example.", "y.x.corp.example.");
    assertThat(store.domainsClaimingBelow("example."))
        .contains("app.example.", "db.example.", "corp.example.", "a.bxc.example.")
        .doesNotContain("example.", "sys.corp.example.");
    assertThat(store.domainsClaimingBelow("b_c.example.")).containsExactly("a.b_c.example.");
    assertThat(store.domainsClaimingBelow("app.example.")).isEmpty();
  }

  @Test
  void recordSetsKeepInsertionOrderAndReplaceInPlace() {
    populate();
    String z = DB.id();
    store.write(
        w -> {
          w.deleteRecordSet(z, new RecordSetKey("db.example.", "A", null));
          w.putRecordSet(z, a("c.db.example.", 1, "10.0.0.3"));
          w.putRecordSet(z, a("a.db.example.", 1, "10.0.0.1"));
          w.putRecordSet(z, a("b.db.example.", 1, "10.0.0.2"));
          // Replaced within the same batch: keeps the first position, takes the last value.
          w.putRecordSet(z, a("c.db.example.", 2, "10.0.0.30"));
          return null;
        });
    assertThat(store.recordSets(z))
        .containsExactly(
            a("c.db.example.", 2, "10.0.0.30"),
            a("a.db.example.", 1, "10.0.0.1"),
            a("b.db.example.", 1, "10.0.0.2"));

    store.write(
        w -> {
          w.putRecordSet(z, a("a.db.example.", 3, "10.0.0.11", "10.0.0.12"));
          w.deleteRecordSet(z, new RecordSetKey("c.db.example.", "A", null));
          w.putRecordSet(z, a("c.db.example.", 4, "10.0.0.33"));
          return null;
        });
    assertThat(store.recordSets(z))
        .containsExactly(
            a("a.db.example.", 3, "10.0.0.11", "10.0.0.12"),
            a("b.db.example.", 1, "10.0.0.2"),
            a("c.db.example.", 4, "10.0.0.33"));
    // A load holds the same sets, grouped by name as every ZoneData keeps them.
    assertThat(store.load().zones().get(1).recordSets())
        .isEqualTo(RecordSetList.of(store.recordSets(z)));
  }

  @Test
  void insertedRecordSetsAreStoredInOrderAndAnInsertOfAStoredKeyFailsTheWrite() {
    populate();
    store.write(
        w -> {
          w.insertRecordSet(DB.id(), a("x.db.example.", 60, "10.9.1.1"));
          w.putRecordSet(DB.id(), a("db.example.", 61, "10.9.0.9"));
          w.insertRecordSet(DB.id(), a("y.db.example.", 60, "10.9.1.2"));
          // Put again after an insert: still one set, in the first one's place.
          w.putRecordSet(DB.id(), a("x.db.example.", 62, "10.9.1.3"));
          return null;
        });
    assertThat(store.recordSets(DB.id()))
        .containsExactly(
            a("db.example.", 61, "10.9.0.9"),
            a("x.db.example.", 62, "10.9.1.3"),
            a("y.db.example.", 60, "10.9.1.2"));
    long version = store.version();

    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertRecordSet(DB.id(), a("z.db.example.", 60, "10.9.1.4"));
                      w.insertRecordSet(DB.id(), a("y.db.example.", 60, "10.9.1.5"));
                      return null;
                    }))
        .isInstanceOf(StoreException.class);
    assertThat(store.version()).isEqualTo(version);
    assertThat(store.recordSets(DB.id()))
        .extracting(RecordSet::name)
        .doesNotContain("z.db.example.");
  }

  @Test
  void manyRecordSetsInOneWriteKeepTheirOrder() {
    populate();
    int count = RecordSetUpserts.MAX_PENDING * 2 + 7;
    List<RecordSet> sets =
        IntStream.range(0, count)
            .mapToObj(
                i -> a("h" + (count - i) + ".db.example.", i, "10.1." + i / 256 + "." + i % 256))
            .toList();
    store.write(
        w -> {
          sets.forEach(set -> w.putRecordSet(DB.id(), set));
          // Replacing one that was already flushed keeps its place.
          w.putRecordSet(DB.id(), a("h" + count + ".db.example.", 99, "10.9.9.9"));
          return null;
        });

    List<RecordSet> expected = new ArrayList<>();
    expected.add(a("db.example.", 60, "10.9.0.1"));
    expected.add(a("h" + count + ".db.example.", 99, "10.9.9.9"));
    expected.addAll(sets.subList(1, count));
    assertThat(store.recordSets(DB.id())).containsExactlyElementsOf(expected);
  }

  @Test
  void concurrentWritersOnTwoStoresAreSerialized() throws Exception {
    populate();
    // A second store on its own DataSource stands for another node sharing the database.
    JdbcConfigStore otherNode = openStore(database.open());
    RecordSetKey counterKey = new RecordSetKey("counter.db.example.", "TXT", null);
    store.write(
        w -> {
          w.putRecordSet(DB.id(), RecordSet.simple(counterKey.name(), "TXT", 0, List.of("\"0\"")));
          return null;
        });
    long start = store.version();
    int threads = 4;
    int writesPerThread = 25;

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      JdbcConfigStore node = t % 2 == 0 ? store : otherNode;
      int thread = t;
      results.add(
          pool.submit(
              () -> {
                List<Long> versions = new ArrayList<>();
                for (int i = 0; i < writesPerThread; i++) {
                  String changeId = "C" + thread + "-" + i;
                  versions.add(node.write(w -> increment(w, counterKey, changeId)).version());
                }
                return versions;
              }));
    }
    List<Long> versions = new ArrayList<>();
    for (Future<List<Long>> result : results) {
      versions.addAll(result.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    int writes = threads * writesPerThread;
    assertThat(store.version()).isEqualTo(start + writes);
    assertThat(versions)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(start + 1, start + writes).boxed().toList());
    RecordSet counter = store.recordSets(DB.id()).get(1);
    assertThat(counter.ttl()).isEqualTo(writes);
    assertThat(counter.records()).containsExactly("\"" + writes + "\"");
  }

  /** A read-modify-write that loses updates unless writes are serialized. */
  private static Change increment(ConfigWriter w, RecordSetKey key, String changeId) {
    RecordSet current =
        w.recordSets(DB.id()).stream().filter(set -> set.key().equals(key)).findFirst().get();
    long next = current.ttl() + 1;
    w.putRecordSet(DB.id(), RecordSet.simple(key.name(), "TXT", next, List.of("\"" + next + "\"")));
    return w.recordChange(changeId, Instant.EPOCH, null, null);
  }

  @Test
  void loadIsOneConsistentSnapshotWhileWritesGoOn() throws Exception {
    store.write(
        w -> {
          w.insertAccount(ACME, "hash-acme");
          w.insertVpc(NET);
          return null;
        });
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<?> writes =
        writer.submit(
            () -> {
              try {
                for (int n = 0; n < 60; n++) {
                  int i = n;
                  String id = "Z" + i;
                  // Each write adds one zone with two record sets and one association.
                  store.write(
                      w -> {
                        w.insertZone(new HostedZone(id, "z" + i + ".example.", ACME.id(), null));
                        w.putRecordSet(id, a("z" + i + ".example.", 1, "10.0.0.1"));
                        w.putRecordSet(id, a("w.z" + i + ".example.", 1, "10.0.0.2"));
                        w.addAssociation(id, NET.id());
                        return null;
                      });
                }
              } finally {
                writing.set(false);
              }
            });

    int loads = 0;
    while (writing.get() || loads == 0) {
      ConfigData data = store.load();
      assertThat(data.zones()).hasSize((int) data.version() - 1);
      assertThat(data.zones())
          .allSatisfy(
              zone -> {
                assertThat(zone.recordSets()).hasSize(2);
                assertThat(zone.vpcIds()).containsExactly(NET.id());
              });
      loads++;
    }
    writes.get(60, TimeUnit.SECONDS);
    writer.shutdown();
    assertThat(store.load().zones()).hasSize(60);
  }

  @Test
  void loadRunsAFixedNumberOfQueriesWhateverTheNumberOfZonesAndRules() {
    populate();
    AtomicInteger statements = new AtomicInteger();
    DataSource dataSource = database.open();
    cleanups.add(() -> database.release(dataSource));
    JdbcConfigStore counted = JdbcConfigStore.open(countingStatements(dataSource, statements));
    cleanups.add(counted::close);
    statements.set(0); // not the migration's

    counted.load();
    int withThreeZones = statements.getAndSet(0);
    store.write(
        w -> {
          for (int i = 0; i < 50; i++) {
            String id = "Zmany" + i;
            w.insertZone(new HostedZone(id, "many" + i + ".example.", ACME.id(), null));
            w.putRecordSet(id, a("many" + i + ".example.", 1, "10.0.0.1"));
            w.addAssociation(id, NET.id());
            w.insertEndpoint(withVpc(INBOUND, "rslvr-in-many" + i, NET.id()));
            w.insertRule(withEndpoint(SYSTEM, "rslvr-rr-many" + i, null));
            w.insertRuleAssociation(
                new RuleAssociation("rslvr-rrassoc-many" + i, "rslvr-rr-many" + i, NET.id()));
            w.insertHealthCheck(withThreshold(METRIC_CHECK, "hc-many" + i, i));
            w.insertQueryLogConfig(
                new QueryLogConfig("rqlc-many" + i, ACME.id(), "q", "file:q" + i));
            w.insertQueryLogAssociation(
                new QueryLogAssociation("rqlca-many" + i, "rqlc-many" + i, NET.id()));
          }
          return null;
        });
    ConfigData many = counted.load();
    assertThat(many.zones()).hasSize(53);
    assertThat(many.endpoints()).hasSize(52);
    assertThat(many.rules()).hasSize(52);
    assertThat(many.ruleAssociations()).hasSize(52);
    assertThat(many.healthChecks()).hasSize(HEALTH_CHECKS.size() + 50);
    assertThat(many.queryLogConfigs()).hasSize(50);
    assertThat(many.queryLogAssociations()).hasSize(50);

    assertThat(statements.get()).isEqualTo(withThreeZones).isLessThanOrEqualTo(11);
  }

  /** Counts the statements prepared on connections from {@code dataSource}. */
  private static DataSource countingStatements(DataSource dataSource, AtomicInteger count) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(dataSource, method, args);
              return result instanceof Connection connection
                  ? countingConnection(connection, count)
                  : result;
            });
  }

  private static Connection countingConnection(Connection connection, AtomicInteger count) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("prepare")) {
                count.incrementAndGet();
              }
              return invoke(connection, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  // Query logging and the node registry.

  static final QueryLogConfig ACME_LOG =
      new QueryLogConfig("rqlc-00000000000000002", ACME.id(), "acme-log", "file:acme.queries");
  static final QueryLogConfig OPERATOR_LOG =
      new QueryLogConfig("rqlc-00000000000000001", null, "all", QueryLogConfig.STDOUT);
  static final QueryLogAssociation ACME_LOG_IN_NET =
      new QueryLogAssociation("rqlca-00000000000000002", ACME_LOG.id(), NET.id());
  static final QueryLogAssociation OPERATOR_LOG_IN_NET =
      new QueryLogAssociation("rqlca-00000000000000003", OPERATOR_LOG.id(), NET.id());
  static final QueryLogAssociation OPERATOR_LOG_IN_BARE =
      new QueryLogAssociation("rqlca-00000000000000001", OPERATOR_LOG.id(), BARE.id());

  /** {@link #populate} and two query-log configurations, one the operator's, associated. */
  void populateQueryLogs() {
    populate();
    store.write(
        w -> {
          w.insertQueryLogConfig(ACME_LOG);
          w.insertQueryLogConfig(OPERATOR_LOG);
          w.insertQueryLogAssociation(ACME_LOG_IN_NET);
          w.insertQueryLogAssociation(OPERATOR_LOG_IN_NET);
          w.insertQueryLogAssociation(OPERATOR_LOG_IN_BARE);
          return null;
        });
  }

  @Test
  void roundTripsQueryLogConfigsAndAssociationsInIdOrder() {
    populateQueryLogs();

    assertThat(store.queryLogConfigs()).containsExactly(OPERATOR_LOG, ACME_LOG);
    assertThat(store.queryLogConfig(ACME_LOG.id())).contains(ACME_LOG);
    assertThat(store.queryLogConfig(OPERATOR_LOG.id()))
        .hasValueSatisfying(
            config -> {
              assertThat(config.ownerAccountId()).isNull();
              assertThat(config.operatorOwned()).isTrue();
              assertThat(config.isStdout()).isTrue();
              assertThat(config.ownerDirectory()).isEqualTo("operator");
            });
    assertThat(store.queryLogConfig("rqlc-none")).isEmpty();
    assertThat(ACME_LOG.fileName()).isEqualTo("acme.queries");
    assertThat(ACME_LOG.ownerDirectory()).isEqualTo(ACME.id());
    assertThat(store.queryLogAssociations(null))
        .containsExactly(OPERATOR_LOG_IN_BARE, ACME_LOG_IN_NET, OPERATOR_LOG_IN_NET);
    assertThat(store.queryLogAssociations(OPERATOR_LOG.id()))
        .containsExactly(OPERATOR_LOG_IN_BARE, OPERATOR_LOG_IN_NET);
    assertThat(store.queryLogAssociations("rqlc-none")).isEmpty();

    // The data plane gets them with the rest, in the same order, at the version they were written.
    ConfigData data = store.load();
    assertThat(data.version()).isEqualTo(2);
    assertThat(data.queryLogConfigs()).containsExactly(OPERATOR_LOG, ACME_LOG);
    assertThat(data.queryLogAssociations())
        .containsExactly(OPERATOR_LOG_IN_BARE, ACME_LOG_IN_NET, OPERATOR_LOG_IN_NET);
    assertThat(data.healthChecks()).isEqualTo(HEALTH_CHECKS);
  }

  @Test
  void shorterConfigDataConstructorsHaveNoQueryLogging() {
    ConfigData six = new ConfigData(3, List.of(NET), List.of(), List.of(), List.of(), List.of());
    ConfigData seven =
        new ConfigData(3, List.of(NET), List.of(), List.of(), List.of(), List.of(), List.of());
    assertThat(six).isEqualTo(seven);
    assertThat(six.queryLogConfigs()).isEmpty();
    assertThat(six.queryLogAssociations()).isEmpty();
    assertThat(ConfigData.ofZones(3, List.of(NET), List.of())).isEqualTo(six);
  }

  @Test
  void deletingAQueryLogConfigRemovesItsAssociations() {
    populateQueryLogs();
    store.write(
        w -> {
          w.deleteQueryLogConfig(OPERATOR_LOG.id());
          w.deleteQueryLogAssociation(ACME_LOG_IN_NET.id());
          return null;
        });

    assertThat(store.queryLogConfigs()).containsExactly(ACME_LOG);
    assertThat(store.queryLogAssociations(null)).isEmpty();

    // The pair is free again, under a new association id.
    QueryLogAssociation again =
        new QueryLogAssociation("rqlca-00000000000000009", ACME_LOG.id(), NET.id());
    store.write(
        w -> {
          w.insertQueryLogAssociation(again);
          return null;
        });
    assertThat(store.queryLogAssociations(ACME_LOG.id())).containsExactly(again);
  }

  @Test
  void deletingAVpcRemovesItsQueryLogAssociations() {
    populateQueryLogs();
    store.write(
        w -> {
          w.removeAssociation(APP.id(), BARE.id());
          w.deleteVpc(BARE.id());
          return null;
        });

    assertThat(store.queryLogAssociations(null))
        .containsExactly(ACME_LOG_IN_NET, OPERATOR_LOG_IN_NET);
    assertThat(store.queryLogConfigs()).containsExactly(OPERATOR_LOG, ACME_LOG);
  }

  static Stream<Arguments> queryLogViolations() {
    return Stream.of(
        violation("duplicate configuration", w -> w.insertQueryLogConfig(ACME_LOG), ACME_LOG.id()),
        violation(
            "configuration of a missing account",
            w ->
                w.insertQueryLogConfig(
                    new QueryLogConfig("rqlc-new", "333333333333", "x", "file:x")),
            "333333333333"),
        violation(
            "delete a missing configuration",
            w -> w.deleteQueryLogConfig("rqlc-none"),
            "rqlc-none"),
        violation(
            "configuration associated twice with a VPC",
            w ->
                w.insertQueryLogAssociation(
                    new QueryLogAssociation("rqlca-new", ACME_LOG.id(), NET.id())),
            "already associated"),
        violation(
            "duplicate association id",
            w ->
                w.insertQueryLogAssociation(
                    new QueryLogAssociation(ACME_LOG_IN_NET.id(), ACME_LOG.id(), BARE.id())),
            ACME_LOG_IN_NET.id()),
        violation(
            "association with a missing VPC",
            w ->
                w.insertQueryLogAssociation(
                    new QueryLogAssociation("rqlca-new", ACME_LOG.id(), "vpc-none")),
            "vpc-none"),
        violation(
            "association of a missing configuration",
            w ->
                w.insertQueryLogAssociation(
                    new QueryLogAssociation("rqlca-new", "rqlc-none", BARE.id())),
            "rqlc-none"),
        violation(
            "delete a missing association",
            w -> w.deleteQueryLogAssociation("rqlca-none"),
            "rqlca-none"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queryLogViolations")
  void queryLogIdentityViolationsThrowAndChangeNothing(
      String name, Consumer<ConfigWriter> write, String message) {
    populateQueryLogs();
    ConfigData before = store.load();

    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      write.accept(w);
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(message);

    assertThat(store.load()).isEqualTo(before);
  }

  static final Instant STARTED = Instant.parse("2030-01-01T00:00:00.123456789Z");

  @Test
  void heartbeatsRegisterAndRefreshNodesInNodeIdOrder() {
    NodeRegistry nodes = store.nodeRegistry();
    Instant beat = STARTED.plusSeconds(5);
    nodes.heartbeat("node-b", List.of("us-east-1", "eu-west-1"), 3, STARTED, beat);
    nodes.heartbeat("node-a", List.of(), 0, STARTED, beat);

    Instant micros = Instant.parse("2030-01-01T00:00:00.123456Z");
    assertThat(nodes.nodes())
        .containsExactly(
            new RegisteredNode("node-a", List.of(), 0, micros, micros.plusSeconds(5)),
            new RegisteredNode(
                "node-b", List.of("us-east-1", "eu-west-1"), 3, micros, micros.plusSeconds(5)));

    // A later beat replaces everything the node reports, a restart its start time too.
    Instant restarted = STARTED.plusSeconds(60);
    nodes.heartbeat("node-b", List.of("us-west-2"), 7, restarted, restarted.plusSeconds(1));
    assertThat(nodes.nodes())
        .element(1)
        .isEqualTo(
            new RegisteredNode(
                "node-b", List.of("us-west-2"), 7, micros.plusSeconds(60), micros.plusSeconds(61)));

    nodes.forget("node-a");
    nodes.forget("node-none");
    assertThat(nodes.nodes()).extracting(RegisteredNode::nodeId).containsExactly("node-b");
  }

  @Test
  void heartbeatsAreNoConfigurationWrites() {
    populate();
    ConfigData before = store.load();
    AtomicInteger listened = new AtomicInteger();
    store.addListener(listened::incrementAndGet);

    NodeRegistry nodes = store.nodeRegistry();
    for (int i = 0; i < 5; i++) {
      nodes.heartbeat("node-a", List.of(), before.version(), STARTED, STARTED.plusSeconds(i));
    }

    assertThat(store.version()).isEqualTo(before.version());
    assertThat(store.load()).isEqualTo(before);
    assertThat(listened).hasValue(0);
  }

  @Test
  void heartbeatsDoNotWaitForAConfigurationWriter() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> write =
          writer.submit(
              () ->
                  store.write(
                      w -> {
                        w.insertAccount(ACME, "hash-acme");
                        writing.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();

      // The writer holds the version row (and this store's write lock) until released.
      NodeRegistry nodes = store.nodeRegistry();
      nodes.heartbeat("node-a", List.of(), 0, STARTED, STARTED);
      assertThat(nodes.nodes()).extracting(RegisteredNode::nodeId).containsExactly("node-a");

      release.countDown();
      write.get(30, TimeUnit.SECONDS);
      assertThat(store.version()).isEqualTo(1);
    } finally {
      release.countDown();
      writer.shutdownNow();
    }
  }

  @Test
  void nodesOfAnotherStoreOnTheSameDatabaseAreSeen() {
    DataSource second = database.open();
    cleanups.add(() -> database.release(second));
    NodeRegistry other = new JdbcNodeRegistry(second);

    store.nodeRegistry().heartbeat("node-a", List.of("us-east-1"), 4, STARTED, STARTED);
    other.heartbeat("node-b", List.of(), 2, STARTED, STARTED);

    assertThat(other.nodes())
        .extracting(RegisteredNode::nodeId)
        .containsExactly("node-a", "node-b");
    assertThat(store.nodeRegistry().nodes()).isEqualTo(other.nodes());
  }

  @Test
  void aRegionWithACommaIsRefused() {
    NodeRegistry nodes = store.nodeRegistry();
    assertThatThrownBy(() -> nodes.heartbeat("node-a", List.of("a,b"), 0, STARTED, STARTED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(nodes.nodes()).isEmpty();
  }

  static AuditEvent audited(Instant time, String caller, int status) {
    return new AuditEvent(
        time, caller, "POST", "/v1/vpcs", "vpc-00000000000000001", status, "C1", "127.0.0.1");
  }

  static List<Long> sequences(List<AuditRecord> records) {
    return records.stream().map(AuditRecord::sequence).toList();
  }

  @Test
  void auditRecordsRoundTripInSequenceOrderToTheMicrosecond() {
    AuditStore audit = store.auditStore();
    AuditEvent full = audited(STARTED, ACME.id(), 201);
    AuditEvent sparse =
        new AuditEvent(
            STARTED.plusSeconds(1), AuditEvent.ANONYMOUS, "DELETE", "/v1/x", null, 401, null, null);
    audit.append(full);
    audit.append(sparse);

    List<AuditRecord> records = audit.find(0, null, null, 10);

    Instant micros = Instant.parse("2030-01-01T00:00:00.123456Z");
    assertThat(records)
        .extracting(AuditRecord::event)
        .containsExactly(
            new AuditEvent(
                micros,
                ACME.id(),
                "POST",
                "/v1/vpcs",
                "vpc-00000000000000001",
                201,
                "C1",
                "127.0.0.1"),
            new AuditEvent(
                micros.plusSeconds(1), "anonymous", "DELETE", "/v1/x", null, 401, null, null));
    assertThat(records.get(1).sequence()).isGreaterThan(records.get(0).sequence());
  }

  @Test
  void auditRecordsAreFoundAfterASequenceSinceATimeByCallerAndLimited() {
    AuditStore audit = store.auditStore();
    audit.append(audited(STARTED, ACME.id(), 200));
    audit.append(audited(STARTED.plusSeconds(10), OTHER.id(), 200));
    audit.append(audited(STARTED.plusSeconds(20), ACME.id(), 403));
    audit.append(audited(STARTED.plusSeconds(30), AuditEvent.OPERATOR, 201));
    List<Long> all = sequences(audit.find(0, null, null, 100));
    assertThat(all).hasSize(4).isSorted();

    assertThat(sequences(audit.find(all.get(1), null, null, 100))).isEqualTo(all.subList(2, 4));
    assertThat(sequences(audit.find(0, null, null, 3))).isEqualTo(all.subList(0, 3));
    // since is inclusive: a record at exactly that time is found.
    assertThat(sequences(audit.find(0, STARTED.plusSeconds(20), null, 100)))
        .isEqualTo(all.subList(2, 4));
    assertThat(audit.find(0, null, ACME.id(), 100))
        .extracting(r -> r.event().status())
        .containsExactly(200, 403);
    assertThat(sequences(audit.find(all.get(0), STARTED.plusSeconds(5), ACME.id(), 100)))
        .containsExactly(all.get(2));
    assertThat(audit.find(0, null, "333333333333", 100)).isEmpty();
  }

  @Test
  void pruningDeletesByAgeThenAllButTheNewest() {
    AuditStore audit = store.auditStore();
    for (int i = 0; i < 6; i++) {
      audit.append(audited(STARTED.plusSeconds(i), ACME.id(), 200 + i));
    }

    // Strictly older than the cutoff: the record at 2 s stays.
    assertThat(audit.prune(STARTED.plusSeconds(2), 100)).isEqualTo(2);
    assertThat(audit.find(0, null, null, 100))
        .extracting(r -> r.event().status())
        .containsExactly(202, 203, 204, 205);

    assertThat(audit.prune(STARTED, 4)).isZero();
    assertThat(audit.prune(STARTED, 3)).isEqualTo(1);
    assertThat(audit.find(0, null, null, 100))
        .extracting(r -> r.event().status())
        .containsExactly(203, 204, 205);

    assertThat(audit.prune(STARTED, 0)).isEqualTo(3);
    assertThat(audit.find(0, null, null, 100)).isEmpty();
    assertThatThrownBy(() -> audit.prune(STARTED, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void auditingIsNoConfigurationWrite() {
    populate();
    ConfigData before = store.load();
    AtomicInteger listened = new AtomicInteger();
    store.addListener(listened::incrementAndGet);

    AuditStore audit = store.auditStore();
    audit.append(audited(STARTED, ACME.id(), 200));
    audit.prune(STARTED.plusSeconds(1), 0);

    assertThat(store.version()).isEqualTo(before.version());
    assertThat(store.load()).isEqualTo(before);
    assertThat(listened).hasValue(0);
  }

  @Test
  void auditingDoesNotWaitForAConfigurationWriter() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> write =
          writer.submit(
              () ->
                  store.write(
                      w -> {
                        w.insertAccount(ACME, "hash-acme");
                        writing.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return null;
                      }));
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();

      AuditStore audit = store.auditStore();
      audit.append(audited(STARTED, ACME.id(), 201));
      assertThat(audit.find(0, null, null, 10)).hasSize(1);

      release.countDown();
      write.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      writer.shutdownNow();
    }
  }

  @Test
  void auditRecordsOfAnotherStoreOnTheSameDatabaseAreSeen() {
    DataSource second = database.open();
    cleanups.add(() -> database.release(second));
    AuditStore other = new JdbcAuditStore(second);

    store.auditStore().append(audited(STARTED, ACME.id(), 200));
    other.append(audited(STARTED, OTHER.id(), 200));

    assertThat(other.find(0, null, null, 10))
        .extracting(r -> r.event().caller())
        .containsExactly(ACME.id(), OTHER.id());
  }

  static StoredMetricPoint point(String metricName, Map<String, String> dimensions, Instant at) {
    return new StoredMetricPoint(0, ACME.id(), "App", metricName, dimensions, at, 1.5);
  }

  @Test
  void metricPointsAreNumberedInAppendOrderAndTailedAfterAnId() {
    MetricPointStore points = store.metricPoints();
    StoredMetricPoint plain = point("Errors", Map.of(), STARTED);
    // Separators and escapes in names and values, and an empty value, read back exactly.
    StoredMetricPoint tricky =
        new StoredMetricPoint(
            99,
            OTHER.id(),
            "a&b",
            "100%",
            Map.of("z", "", "a&%26", "%", "m", "x&y"),
            STARTED.plusSeconds(1),
            -2.25e-300);
    StoredMetricPoint third = point("Latency", Map.of("Host", "h1"), STARTED.plusSeconds(2));
    points.append(List.of(plain, tricky));
    points.append(List.of(third));
    points.append(List.of());

    Instant micros = Instant.parse("2030-01-01T00:00:00.123456Z");
    List<StoredMetricPoint> all = points.after(0, 10);
    assertThat(all)
        .containsExactly(
            withId(plain, 1, micros),
            withId(tricky, 2, micros.plusSeconds(1)),
            withId(third, 3, micros.plusSeconds(2)));
    assertThat(points.after(1, 1)).extracting(StoredMetricPoint::id).containsExactly(2L);
    assertThat(points.after(1, 10)).extracting(StoredMetricPoint::id).containsExactly(2L, 3L);
    assertThat(points.after(3, 10)).isEmpty();
    assertThatThrownBy(() -> points.after(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  static StoredMetricPoint withId(StoredMetricPoint point, long id, Instant timestamp) {
    return new StoredMetricPoint(
        id,
        point.accountId(),
        point.namespace(),
        point.metricName(),
        point.dimensions(),
        timestamp,
        point.value());
  }

  @Test
  void retentionDeletesPointsStrictlyBeforeTheCutoff() {
    MetricPointStore points = store.metricPoints();
    for (int i = 0; i < 4; i++) {
      points.append(List.of(point("Errors", Map.of(), STARTED.plusSeconds(i))));
    }

    assertThat(points.deleteBefore(STARTED.plusSeconds(2))).isEqualTo(2);
    assertThat(points.after(0, 10)).extracting(StoredMetricPoint::id).containsExactly(3L, 4L);
    assertThat(points.deleteBefore(STARTED)).isZero();
    // Ids are never handed out twice, even once the points holding them are gone.
    points.append(List.of(point("Errors", Map.of(), STARTED)));
    assertThat(points.after(0, 10)).extracting(StoredMetricPoint::id).containsExactly(3L, 4L, 5L);
  }

  @Test
  void anAppendThatFailsStoresNoneOfItsPointsAndUsesNoIds() throws Exception {
    try (Connection connection = anotherDataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "ALTER TABLE metric_points ADD CONSTRAINT refuse_13 CHECK (metric_value <> 13)")) {
      statement.execute();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
    MetricPointStore points = store.metricPoints();
    StoredMetricPoint good = point("Errors", Map.of(), STARTED);
    StoredMetricPoint refused =
        new StoredMetricPoint(0, ACME.id(), "App", "Errors", Map.of(), STARTED, 13);

    assertThatThrownBy(() -> points.append(List.of(good, refused, good)))
        .isInstanceOf(StoreException.class);
    assertThat(points.after(0, 10)).isEmpty();

    points.append(List.of(good));
    assertThat(points.after(0, 10)).extracting(StoredMetricPoint::id).containsExactly(1L);
  }

  @Test
  void concurrentAppendsOnTwoStoresGetEveryIdOnceInOrder() throws Exception {
    MetricPointStore otherNode = new JdbcMetricPointStore(anotherDataSource());
    int threads = 4;
    int appendsPerThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> appends = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        MetricPointStore node = t % 2 == 0 ? store.metricPoints() : otherNode;
        String metric = "M" + t;
        appends.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < appendsPerThread; i++) {
                    node.append(
                        List.of(
                            point(metric, Map.of(), STARTED.plusSeconds(i)),
                            point(metric, Map.of(), STARTED.plusSeconds(i))));
                  }
                }));
      }
      for (Future<?> append : appends) {
        append.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }

    List<StoredMetricPoint> all = store.metricPoints().after(0, 1000);
    assertThat(all)
        .extracting(StoredMetricPoint::id)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
    // An append's points are numbered together: the two of one append are neighbours.
    for (int i = 0; i < all.size(); i += 2) {
      assertThat(all.get(i + 1).metricName()).isEqualTo(all.get(i).metricName());
      assertThat(all.get(i + 1).timestamp()).isEqualTo(all.get(i).timestamp());
    }
  }

  static final StoredHealthStatus PRIMARY_DOWN =
      new StoredHealthStatus(
          "hc-primary",
          false,
          "ALARM",
          STARTED,
          "Errors > 5 for 2 of 3 periods",
          List.of(
              new Transition(STARTED.minusSeconds(60), true, "first & % evaluation"),
              new Transition(STARTED, false, "")),
          "node-a",
          STARTED.plusMillis(1));

  static final StoredHealthStatus TCP_UP =
      new StoredHealthStatus(
          "hc-tcp", true, null, STARTED, "connected", List.of(), "node-a", STARTED);

  static StoredHealthStatus toMicros(StoredHealthStatus status) {
    return new StoredHealthStatus(
        status.checkId(),
        status.healthy(),
        status.alarmState(),
        status.since().truncatedTo(ChronoUnit.MICROS),
        status.reason(),
        status.history().stream()
            .map(
                t -> new Transition(t.at().truncatedTo(ChronoUnit.MICROS), t.healthy(), t.reason()))
            .toList(),
        status.evaluatedBy(),
        status.evaluatedAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void healthStatusesRoundTripInCheckIdOrderAndSavesReplaceOnlyTheirChecks() {
    HealthStatusStore statuses = store.healthStatuses();
    statuses.save(List.of(TCP_UP, PRIMARY_DOWN));
    statuses.save(List.of());

    assertThat(statuses.statuses()).containsExactly(toMicros(PRIMARY_DOWN), toMicros(TCP_UP));

    // A later save replaces its checks' rows whole (here on another node) and leaves the others.
    StoredHealthStatus recovered =
        new StoredHealthStatus(
            "hc-primary",
            true,
            "OK",
            STARTED.plusSeconds(30),
            "back",
            List.of(new Transition(STARTED.plusSeconds(30), true, "back")),
            "node-b",
            STARTED.plusSeconds(31));
    StoredHealthStatus calculated =
        new StoredHealthStatus(
            "hc-calc", true, null, STARTED, "2 of 2", List.of(), "node-b", STARTED);
    new JdbcHealthStatusStore(anotherDataSource()).save(List.of(recovered, calculated));
    assertThat(statuses.statuses())
        .containsExactly(toMicros(calculated), toMicros(recovered), toMicros(TCP_UP));
  }

  @Test
  void retainOnlyDeletesTheStatusesOfOtherChecks() {
    HealthStatusStore statuses = store.healthStatuses();
    statuses.save(List.of(TCP_UP, PRIMARY_DOWN));

    statuses.retainOnly(List.of("hc-tcp", "hc-never-saved"));
    assertThat(statuses.statuses()).containsExactly(toMicros(TCP_UP));
    statuses.retainOnly(List.of("hc-tcp"));
    assertThat(statuses.statuses()).containsExactly(toMicros(TCP_UP));
    statuses.retainOnly(List.of());
    assertThat(statuses.statuses()).isEmpty();
  }

  @Test
  void aStatusWithoutItsEvaluatorSavesNothing() {
    HealthStatusStore statuses = store.healthStatuses();
    StoredHealthStatus anonymous =
        new StoredHealthStatus("hc-x", true, null, STARTED, "r", List.of(), null, STARTED);
    StoredHealthStatus undated =
        new StoredHealthStatus("hc-y", true, null, STARTED, "r", List.of(), "node-a", null);

    assertThatThrownBy(() -> statuses.save(List.of(TCP_UP, anonymous)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("evaluatedBy");
    assertThatThrownBy(() -> statuses.save(List.of(TCP_UP, undated)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("evaluatedAt");
    assertThat(statuses.statuses()).isEmpty();
  }

  /**
   * Two leaders saving a new check's status at once (a takeover while the old leader still saves)
   * collide on its primary key; the loser saves again over the winner's row, and neither fails.
   */
  @Test
  void concurrentSavesOfANewChecksStatusBothSucceed() throws Exception {
    List<HealthStatusStore> leaders =
        List.of(store.healthStatuses(), new JdbcHealthStatusStore(anotherDataSource()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        String checkId = "hc-" + round;
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> saves = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
          HealthStatusStore leader = leaders.get(n);
          StoredHealthStatus status =
              new StoredHealthStatus(
                  checkId, true, null, STARTED, "r", List.of(), "node-" + n, STARTED);
          saves.add(
              pool.submit(
                  () -> {
                    start.await(30, TimeUnit.SECONDS);
                    leader.save(List.of(status));
                    return null;
                  }));
        }
        for (Future<?> save : saves) {
          save.get(30, TimeUnit.SECONDS);
        }
        assertThat(store.healthStatuses().statuses())
            .filteredOn(status -> status.checkId().equals(checkId))
            .extracting(StoredHealthStatus::evaluatedBy)
            .singleElement()
            .isIn("node-0", "node-1");
      }
    } finally {
      pool.shutdown();
    }
  }

  static final String LEASE = "health-evaluator";

  @Test
  void aLeaseIsHeldByOneHolderUntilReleased() {
    LeaseStore leases = store.leases();
    assertThat(leases.holder(LEASE)).isEmpty();

    assertThat(leases.acquire(LEASE, "node-a", Duration.ofMinutes(1))).isTrue();
    assertThat(leases.acquire(LEASE, "node-b", Duration.ofMinutes(1))).isFalse();
    assertThat(leases.holder(LEASE)).contains("node-a");
    // Renewing keeps it, and it stays out of another's reach.
    assertThat(leases.acquire(LEASE, "node-a", Duration.ofMinutes(1))).isTrue();
    assertThat(leases.acquire(LEASE, "node-b", Duration.ofMinutes(1))).isFalse();
    assertThat(leases.holder("another-lease")).isEmpty();

    leases.release(LEASE, "node-b");
    assertThat(leases.holder(LEASE)).contains("node-a");
    leases.release(LEASE, "node-a");
    assertThat(leases.holder(LEASE)).isEmpty();
    assertThat(leases.acquire(LEASE, "node-b", Duration.ofMinutes(1))).isTrue();
    assertThat(leases.holder(LEASE)).contains("node-b");
  }

  @Test
  void anExpiredLeaseIsTakenOver() {
    LeaseStore leases = store.leases();
    // A lease that expires at once: its expiry is not after the database's now.
    assertThat(leases.acquire(LEASE, "node-a", Duration.ZERO)).isTrue();
    assertThat(leases.holder(LEASE)).isEmpty();

    assertThat(leases.acquire(LEASE, "node-b", Duration.ofMinutes(1))).isTrue();
    assertThat(leases.holder(LEASE)).contains("node-b");
    assertThat(leases.acquire(LEASE, "node-a", Duration.ofMinutes(1))).isFalse();

    // The holder may renew a lease of its own that has expired, if no one took it meanwhile.
    assertThat(leases.acquire(LEASE, "node-b", Duration.ZERO)).isTrue();
    assertThat(leases.acquire(LEASE, "node-b", Duration.ofMinutes(1))).isTrue();
    assertThat(leases.holder(LEASE)).contains("node-b");
    assertThatThrownBy(() -> leases.acquire(LEASE, "node-b", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Two nodes race for leases no one ever held (their INSERTs collide) and for expired ones (their
   * UPDATEs do): each time exactly one wins, and the store names the winner.
   */
  @Test
  void ofTwoNodesAcquiringAtOnceExactlyOneHoldsTheLease() throws Exception {
    List<LeaseStore> nodes = List.of(store.leases(), new JdbcLeaseStore(anotherDataSource()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String name = "lease-" + round;
        if (round % 2 == 1) {
          assertThat(nodes.get(0).acquire(name, "node-old", Duration.ZERO)).isTrue();
        }
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> acquired = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
          LeaseStore node = nodes.get(n);
          String holder = "node-" + n;
          acquired.add(
              pool.submit(
                  () -> {
                    start.await(30, TimeUnit.SECONDS);
                    return node.acquire(name, holder, Duration.ofMinutes(1));
                  }));
        }
        boolean first = acquired.get(0).get(30, TimeUnit.SECONDS);
        boolean second = acquired.get(1).get(30, TimeUnit.SECONDS);
        assertThat(first).as("round %d", round).isNotEqualTo(second);
        assertThat(nodes.get(1).holder(name)).contains(first ? "node-0" : "node-1");
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aNodesStaleServingRoundTrips() {
    NodeRegistry nodes = store.nodeRegistry();
    nodes.heartbeat("node-a", List.of(), 3, STARTED, STARTED, true);
    nodes.heartbeat("node-b", List.of(), 4, STARTED, STARTED);
    assertThat(nodes.nodes()).extracting(RegisteredNode::servingStale).containsExactly(true, false);

    nodes.heartbeat("node-a", List.of(), 4, STARTED, STARTED.plusSeconds(1), false);
    nodes.heartbeat("node-b", List.of(), 4, STARTED, STARTED.plusSeconds(1), true);
    assertThat(nodes.nodes()).extracting(RegisteredNode::servingStale).containsExactly(false, true);
  }

  @Test
  void metricsStatusesAndLeasesAreNoConfigurationWrites() {
    populate();
    ConfigData before = store.load();
    AtomicInteger listened = new AtomicInteger();
    store.addListener(listened::incrementAndGet);

    store.metricPoints().append(List.of(point("Errors", Map.of(), STARTED)));
    store.metricPoints().deleteBefore(STARTED.plusSeconds(1));
    store.healthStatuses().save(List.of(TCP_UP));
    store.healthStatuses().retainOnly(List.of());
    store.leases().acquire(LEASE, "node-a", Duration.ofMinutes(1));
    store.leases().release(LEASE, "node-a");

    assertThat(store.version()).isEqualTo(before.version());
    assertThat(store.load()).isEqualTo(before);
    assertThat(listened).hasValue(0);
  }

  @Test
  void recordSetsAtNamesAndTheAliasesTargetingThemInZoneOrder() {
    populate();
    List<RecordSet> all = store.recordSets(APP.id());
    RecordSet alias =
        all.stream().filter(set -> set.aliasTarget() != null).findFirst().orElseThrow();
    String target = alias.aliasTarget().dnsName();

    assertThat(target).isNotEqualTo("txt.app.example.");

    List<RecordSet> read = store.recordSetsAt(APP.id(), Set.of(target, "txt.app.example."));

    assertThat(read)
        .hasSizeGreaterThan(2)
        .containsExactlyElementsOf(
            all.stream()
                .filter(
                    set ->
                        set.name().equals(target)
                            || set.name().equals("txt.app.example.")
                            || set == alias)
                .toList());
    assertThat(store.recordSetsAt(APP.id(), Set.of())).isEmpty();
    assertThat(store.recordSetsAt(DB.id(), Set.of("www.app.example."))).isEmpty();
  }

  /**
   * Alias targets are indexed apart from the record sets (V10): replacing an alias by records, or
   * records by an alias, and deleting the zone keep that index in step.
   */
  @Test
  void anAliasIsFoundByItsTargetExactlyWhileItIsOne() {
    populate();
    RecordSet alias =
        new RecordSet(
            "alias.db.example.",
            "A",
            null,
            List.of(),
            null,
            RoutingPolicy.SIMPLE,
            null,
            new AliasTarget("db.example.", false));
    RecordSet plain = a("alias.db.example.", 60, "10.9.0.9");
    Function<RecordSet, Set<String>> targeting =
        set -> {
          store.write(
              w -> {
                w.putRecordSet(DB.id(), set);
                return null;
              });
          Set<String> names = new HashSet<>();
          store.recordSetsAt(DB.id(), Set.of("db.example.")).forEach(s -> names.add(s.name()));
          return names;
        };

    assertThat(targeting.apply(alias)).contains("alias.db.example.");
    assertThat(targeting.apply(plain)).doesNotContain("alias.db.example.");
    assertThat(targeting.apply(alias)).contains("alias.db.example.");

    store.write(
        w -> {
          w.deleteZone(DB.id());
          w.insertZone(DB);
          return null;
        });
    assertThat(store.recordSets(DB.id())).isEmpty();
    assertThat(store.recordSetsAt(DB.id(), Set.of("db.example.", "alias.db.example."))).isEmpty();
  }

  /** Without a foreign key to its zone (V10) a record set is still refused a missing zone. */
  @Test
  void aRecordSetOfAMissingZoneIsRefused() {
    populate();
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertRecordSet("ZMISSING00000001", a("x.db.example.", 60, "10.9.0.1"));
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("missing hosted zone")
        .hasMessageContaining("ZMISSING00000001");
    assertThat(store.recordSets("ZMISSING00000001")).isEmpty();
  }

  @Test
  void recordSetsAtManyNamesAreReadInChunksAndStayInZoneOrder() {
    populate();
    List<RecordSet> puts = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      puts.add(a("h" + i + ".db.example.", 60, "10.9.1." + (i % 250)));
    }
    store.write(
        w -> {
          puts.forEach(set -> w.putRecordSet(DB.id(), set));
          return null;
        });
    Set<String> names = new HashSet<>();
    puts.forEach(set -> names.add(set.name()));
    names.add("db.example.");

    assertThat(store.recordSetsAt(DB.id(), names)).isEqualTo(store.recordSets(DB.id()));
  }

  @Test
  void vpcsOverlappingACidrAreFoundInsideAndAround() {
    populate();
    Vpc v6 =
        new Vpc("vpc-00000000000000003", ACME.id(), "v6", "us-east-1", List.of("2001:db8::/48"));
    store.write(
        w -> {
          w.insertVpc(v6);
          return null;
        });

    // NET holds 10.2.0.0/16, 10.1.0.0/16 and fd00::/8.
    assertThat(store.vpcsOverlapping(cidr("10.0.0.0/8"))).containsExactly(NET);
    assertThat(store.vpcsOverlapping(cidr("10.1.2.0/24"))).containsExactly(NET);
    assertThat(store.vpcsOverlapping(cidr("10.1.0.0/16"))).containsExactly(NET);
    assertThat(store.vpcsOverlapping(cidr("0.0.0.0/0"))).containsExactly(NET);
    assertThat(store.vpcsOverlapping(cidr("10.3.0.0/16"))).isEmpty();
    assertThat(store.vpcsOverlapping(cidr("10.0.255.255/32"))).isEmpty();
    assertThat(store.vpcsOverlapping(cidr("10.2.255.255/32"))).containsExactly(NET);
    assertThat(store.vpcsOverlapping(cidr("fd12::/16"))).containsExactly(NET);
    assertThat(store.vpcsOverlapping(cidr("::/0"))).containsExactly(NET, v6);
    assertThat(store.vpcsOverlapping(cidr("2001:db8:0:1::/64"))).containsExactly(v6);
    assertThat(store.vpcsOverlapping(cidr("2001:db8:1::/48"))).isEmpty();
  }

  @Test
  void resolverAddressesOfAVpcReadBackInOrderAndOnlyItsVpcIsListedWithThem() {
    populate();
    Vpc overlapping =
        new Vpc(
            "vpc-00000000000000004",
            ACME.id(),
            "reused",
            "us-east-1",
            List.of("10.1.0.0/16"),
            List.of(new TargetAddress("127.0.10.2", 5353), new TargetAddress("fd00::2", 53)));
    store.write(
        w -> {
          w.insertVpc(overlapping);
          return null;
        });

    assertThat(store.vpc(overlapping.id())).contains(overlapping);
    assertThat(store.vpcsWithResolverAddresses()).containsExactly(overlapping);
    assertThat(store.vpcsOverlapping(cidr("10.1.0.0/16"))).containsExactly(NET, overlapping);
    assertThat(store.vpcs()).contains(overlapping, NET);
    assertThat(store.vpc(NET.id()).orElseThrow().resolverAddresses()).isEmpty();
  }

  private static Cidr cidr(String text) {
    return Cidr.parse(text).orElseThrow();
  }

  /**
   * VPC CIDRs and record sets stored before V8 get their ranges and sort keys from the V8.1 and
   * V8.2 migrations.
   */
  @Test
  void dataStoredBeforeV8IsFoundByRangeAndListedInOrderAfterTheUpgrade() throws Exception {
    DataSource dataSource = databaseMigratedBefore("8");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement account =
            connection.prepareStatement(
                "INSERT INTO accounts (id, name, token_hash) VALUES (?, ?, ?)");
        PreparedStatement vpc =
            connection.prepareStatement(
                "INSERT INTO vpcs (id, account_id, name, region) VALUES (?, ?, ?, ?)");
        PreparedStatement cidr =
            connection.prepareStatement(
                "INSERT INTO vpc_cidrs (vpc_id, ordinal, cidr) VALUES (?, ?, ?)")) {
      account.setString(1, ACME.id());
      account.setString(2, ACME.name());
      account.setString(3, "hash-acme");
      account.executeUpdate();
      vpc.setString(1, NET.id());
      vpc.setString(2, ACME.id());
      vpc.setString(3, NET.name());
      vpc.setString(4, NET.region());
      vpc.executeUpdate();
      for (int i = 0; i < NET.cidrs().size(); i++) {
        cidr.setString(1, NET.id());
        cidr.setInt(2, i);
        cidr.setString(3, NET.cidrs().get(i));
        cidr.executeUpdate();
      }
    }

    try (Connection connection = dataSource.getConnection();
        PreparedStatement zone =
            connection.prepareStatement(
                "INSERT INTO hosted_zones (id, name, account_id) VALUES (?, ?, ?)");
        PreparedStatement recordSet =
            connection.prepareStatement(
                "INSERT INTO record_sets (zone_id, name, type, set_identifier, ttl, records)"
                    + " VALUES (?, ?, ?, '', 60, ?)")) {
      zone.setString(1, DB.id());
      zone.setString(2, DB.name());
      zone.setString(3, ACME.id());
      zone.executeUpdate();
      for (String name : List.of("z.db.example.", "db.example.", "a.db.example.")) {
        recordSet.setString(1, DB.id());
        recordSet.setString(2, name);
        recordSet.setString(3, "A");
        recordSet.setString(4, "10.9.0.1");
        recordSet.executeUpdate();
      }
    }

    JdbcConfigStore upgraded = JdbcConfigStore.open(dataSource);
    cleanups.add(upgraded::close);

    assertThat(upgraded.recordSetsInOrder(DB.id(), null, 0, null, 10))
        .extracting(RecordSet::name)
        .containsExactly("db.example.", "a.db.example.", "z.db.example.");
    assertThat(upgraded.vpcsOverlapping(cidr("10.1.128.0/17"))).containsExactly(NET);
    assertThat(upgraded.vpcsOverlapping(cidr("fd00:1::/32"))).containsExactly(NET);
    assertThat(upgraded.vpcsOverlapping(cidr("10.3.0.0/16"))).isEmpty();
  }

  /**
   * Record sets stored before V10 get sort keys that tell apart the names the old ones did not (a
   * zero octet in a label), stay one record set each under the new unique key, and an alias among
   * them is still found by its target.
   */
  @Test
  void recordSetsStoredBeforeV10KeepTheirIdentityAndAliasesAfterTheUpgrade() throws Exception {
    DataSource dataSource = databaseMigratedBefore("10");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "INSERT INTO accounts (id, name, token_hash) VALUES (?, ?, ?)")) {
      Sql.bind(statement, ACME.id(), ACME.name(), "hash-acme");
      statement.executeUpdate();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement zone =
            connection.prepareStatement(
                "INSERT INTO hosted_zones (id, name, account_id) VALUES (?, ?, ?)");
        PreparedStatement recordSet =
            connection.prepareStatement(
                "INSERT INTO record_sets (zone_id, name, type, set_identifier, ttl, records,"
                    + " alias_dns_name, alias_evaluate_target_health) VALUES (?, ?, 'A', '', ?, ?, ?, ?)")) {
      Sql.bind(zone, DB.id(), DB.name(), ACME.id());
      zone.executeUpdate();
      // a\000b below db.example. had the key of b.a below it before V10.
      Sql.bind(recordSet, DB.id(), "a\\000b.db.example.", 60L, "10.9.0.1", null, null);
      recordSet.executeUpdate();
      Sql.bind(recordSet, DB.id(), "b.a.db.example.", 60L, "10.9.0.2", null, null);
      recordSet.executeUpdate();
      Sql.bind(recordSet, DB.id(), "db.example.", 60L, "10.9.0.3", null, null);
      recordSet.executeUpdate();
      Sql.bind(recordSet, DB.id(), "www.db.example.", null, null, "db.example.", false);
      recordSet.executeUpdate();
    }

    JdbcConfigStore upgraded = JdbcConfigStore.open(dataSource);
    cleanups.add(upgraded::close);

    assertThat(upgraded.recordSetsInOrder(DB.id(), null, 0, null, 10))
        .extracting(RecordSet::name)
        .containsExactly(
            "db.example.", "b.a.db.example.", "a\\000b.db.example.", "www.db.example.");
    assertThat(upgraded.recordSetsAt(DB.id(), Set.of("db.example.")))
        .extracting(RecordSet::name)
        .containsExactlyInAnyOrder("db.example.", "www.db.example.");
    upgraded.write(
        w -> {
          w.deleteRecordSet(DB.id(), new RecordSetKey("b.a.db.example.", "A", null));
          return null;
        });
    assertThat(upgraded.recordSets(DB.id()))
        .extracting(RecordSet::name)
        .containsExactly("a\\000b.db.example.", "db.example.", "www.db.example.");
  }

  /**
   * A node of a release before V10 writes record sets the old way, so once V10 ran its writes fail
   * at their change log row (which names no writer_schema), and the store keeps what it had.
   */
  @Test
  void aWriterOfTheSchemaBeforeV10CannotCommit() throws Exception {
    populate();
    long version = store.version();
    try (Connection connection = anotherDataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement oldWriter =
          connection.prepareStatement(
              "INSERT INTO config_log (version, structure, vpcs) VALUES (?, ?, ?)")) {
        Sql.bind(oldWriter, version + 1, true, false);
        assertThatThrownBy(oldWriter::executeUpdate).isInstanceOf(SQLException.class);
      } finally {
        connection.rollback();
      }
    }
    store.write(
        w -> {
          w.putRecordSet(DB.id(), a("new.db.example.", 60, "10.9.0.4"));
          return null;
        });
    assertThat(store.version()).isEqualTo(version + 1);
  }

  /** CallerReferences (V12): one zone per account and reference, gone with the zone. */
  @Test
  void aCallerReferenceNamesOneZoneOfItsAccountUntilTheZoneIsDeleted() {
    populate();
    store.write(
        w -> {
          w.insertCallerReference(ACME.id(), "ref-1", DB.id());
          return null;
        });

    assertThat(store.zoneIdByCallerReference(ACME.id(), "ref-1")).contains(DB.id());
    assertThat(store.zoneIdByCallerReference(OTHER.id(), "ref-1")).isEmpty();
    assertThat(store.callerReference(DB.id())).contains("ref-1");
    assertThat(store.callerReference(APP.id())).isEmpty();
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertCallerReference(ACME.id(), "ref-1", APP.id());
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already used");

    store.write(
        w -> {
          w.deleteZone(DB.id());
          return null;
        });
    assertThat(store.zoneIdByCallerReference(ACME.id(), "ref-1")).isEmpty();
  }

  /**
   * How health checks were made through Route 53's API (V13): found by check, by CallerReference
   * within the account and by the alarm they follow; a reference is used once per account; the
   * origin goes with its check.
   */
  @Test
  void aHealthCheckOriginIsFoundByCheckReferenceAndAlarmAndGoesWithItsCheck() {
    populate();
    HealthCheckOrigin metric =
        new HealthCheckOrigin(TCP_CHECK.id(), ACME.id(), "ref-1", "eu-west-1", "web-down");
    HealthCheckOrigin tcp = new HealthCheckOrigin(HTTPS_CHECK.id(), ACME.id(), "ref-2", null, null);
    store.write(
        w -> {
          w.insertHealthCheckOrigin(metric);
          w.insertHealthCheckOrigin(tcp);
          return null;
        });

    assertThat(store.healthCheckOrigin(TCP_CHECK.id())).contains(metric);
    assertThat(store.healthCheckOrigin(HTTPS_CHECK.id())).contains(tcp);
    assertThat(store.healthCheckOrigin(HTTP_CHECK.id())).isEmpty();
    assertThat(store.healthCheckIdByCallerReference(ACME.id(), "ref-2")).contains(HTTPS_CHECK.id());
    assertThat(store.healthCheckIdByCallerReference(OTHER.id(), "ref-2")).isEmpty();
    assertThat(store.healthChecksOfAlarm(ACME.id(), "eu-west-1", "web-down"))
        .containsExactly(TCP_CHECK.id());
    assertThat(store.healthChecksOfAlarm(ACME.id(), "us-east-1", "web-down")).isEmpty();
    assertThat(store.healthChecksOfAlarm(OTHER.id(), "eu-west-1", "web-down")).isEmpty();
    store.write(
        w -> {
          w.updateHealthCheckAlarm(TCP_CHECK.id(), "us-east-1", "db-down");
          w.updateHealthCheckAlarm(TCP_CHECK.id(), "eu-west-1", "web-down");
          return null;
        });
    assertThat(store.healthCheckOrigin(TCP_CHECK.id())).contains(metric);
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.updateHealthCheckAlarm(HTTP_CHECK.id(), "eu-west-1", "web-down");
                      return null;
                    }))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertHealthCheckOrigin(
                          new HealthCheckOrigin(HTTP_CHECK.id(), ACME.id(), "ref-1", null, null));
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already used");

    store.write(
        w -> {
          w.deleteHealthCheck(TCP_CHECK.id());
          return null;
        });
    assertThat(store.healthCheckOrigin(TCP_CHECK.id())).isEmpty();
    assertThat(store.healthCheckIdByCallerReference(ACME.id(), "ref-1")).isEmpty();
  }

  /**
   * CloudWatch alarms (V13): one per account, region and name, replaced by a put, listed by name.
   */
  @Test
  void cloudWatchAlarmsArePutPerAccountRegionAndNameAndDeleted() {
    populate();
    Instant at = Instant.parse("2026-12-07T10:00:00.123456Z");
    CloudWatchAlarm web = new CloudWatchAlarm(ACME.id(), "eu-west-1", "web", "{\"v\":1}", at);
    CloudWatchAlarm api = new CloudWatchAlarm(ACME.id(), "eu-west-1", "api", "{}", at);
    CloudWatchAlarm elsewhere = new CloudWatchAlarm(ACME.id(), "us-east-1", "web", "{}", at);
    CloudWatchAlarm others = new CloudWatchAlarm(OTHER.id(), "eu-west-1", "web", "{}", at);
    store.write(
        w -> {
          List.of(web, api, elsewhere, others).forEach(w::putCloudWatchAlarm);
          return null;
        });
    CloudWatchAlarm changed =
        new CloudWatchAlarm(ACME.id(), "eu-west-1", "web", "{\"v\":2}", at.plusSeconds(5));
    store.write(
        w -> {
          w.putCloudWatchAlarm(changed);
          return null;
        });

    assertThat(store.cloudWatchAlarms(ACME.id(), "eu-west-1")).containsExactly(api, changed);
    assertThat(store.cloudWatchAlarm(ACME.id(), "us-east-1", "web")).contains(elsewhere);
    assertThat(store.cloudWatchAlarm(OTHER.id(), "eu-west-1", "web")).contains(others);
    assertThat(store.cloudWatchAlarm(OTHER.id(), "eu-west-1", "api")).isEmpty();
    List<Boolean> deleted =
        store.write(
            w ->
                List.of(
                    w.deleteCloudWatchAlarm(ACME.id(), "eu-west-1", "web"),
                    w.deleteCloudWatchAlarm(ACME.id(), "eu-west-1", "web")));
    assertThat(deleted).containsExactly(true, false);
    assertThat(store.cloudWatchAlarms(ACME.id(), "eu-west-1")).containsExactly(api);
    assertThat(store.cloudWatchAlarms(OTHER.id(), "eu-west-1")).containsExactly(others);
    int all = store.write(w -> w.deleteCloudWatchAlarms(ACME.id()));
    assertThat(all).isEqualTo(2);
    assertThat(store.cloudWatchAlarms(ACME.id(), "eu-west-1")).isEmpty();
    assertThat(store.cloudWatchAlarms(ACME.id(), "us-east-1")).isEmpty();
    assertThat(store.cloudWatchAlarms(OTHER.id(), "eu-west-1")).containsExactly(others);
  }

  @Test
  void aZonesCommentIsReplacedAndRemoved() {
    populate();
    store.write(
        w -> {
          w.updateZoneComment(DB.id(), "replaced");
          return null;
        });
    assertThat(store.zone(DB.id()).orElseThrow().comment()).isEqualTo("replaced");
    store.write(
        w -> {
          w.updateZoneComment(DB.id(), null);
          return null;
        });
    assertThat(store.zone(DB.id()).orElseThrow().comment()).isNull();
    assertThat(store.zone(DB.id()).orElseThrow().name()).isEqualTo(DB.name());
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.updateZoneComment("no-such-zone", "x");
                      return null;
                    }))
        .isInstanceOf(StoreException.class);
  }

  /**
   * EC2 subnets and security groups (V14): found by id and by account, a group name once per VPC,
   * both gone with their VPC.
   */
  @Test
  void subnetsAndSecurityGroupsAreFoundByIdAndAccountAndGoWithTheirVpc() {
    populate();
    Subnet second = new Subnet("subnet-2", ACME.id(), NET.id(), "10.1.1.0/24", "eu-west-1b");
    Subnet first = new Subnet("subnet-1", ACME.id(), NET.id(), "10.1.0.0/24", "eu-west-1a");
    SecurityGroup group = new SecurityGroup("sg-1", ACME.id(), NET.id(), "web", "the web tier");
    store.write(
        w -> {
          w.insertSubnet(second);
          w.insertSubnet(first);
          w.insertSecurityGroup(group);
          return null;
        });

    assertThat(store.subnet("subnet-1")).contains(first);
    assertThat(store.subnets(ACME.id())).containsExactly(first, second);
    assertThat(store.subnets(OTHER.id())).isEmpty();
    assertThat(store.securityGroup("sg-1")).contains(group);
    assertThat(store.securityGroups(ACME.id())).containsExactly(group);
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertSecurityGroup(
                          new SecurityGroup("sg-2", ACME.id(), NET.id(), "web", "again"));
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already has a security group named web");
    List<Boolean> deleted =
        store.write(w -> List.of(w.deleteSubnet("subnet-2"), w.deleteSubnet("subnet-2")));
    assertThat(deleted).containsExactly(true, false);

    store.write(
        w -> {
          w.associatedZoneIds(NET.id()).forEach(zone -> w.removeAssociation(zone, NET.id()));
          w.ruleAssociations(NET.id()).forEach(a -> w.deleteRuleAssociation(a.id()));
          w.endpoints().stream()
              .filter(e -> e.vpcId().equals(NET.id()))
              .forEach(
                  e -> {
                    w.rules().stream()
                        .filter(r -> e.id().equals(r.resolverEndpointId()))
                        .forEach(r -> w.deleteRule(r.id()));
                    w.deleteEndpoint(e.id());
                  });
          w.queryLogConfigs()
              .forEach(
                  c ->
                      w.queryLogAssociations(c.id()).stream()
                          .filter(a -> a.vpcId().equals(NET.id()))
                          .forEach(a -> w.deleteQueryLogAssociation(a.id())));
          w.deleteVpc(NET.id());
          return null;
        });
    assertThat(store.subnets(ACME.id())).isEmpty();
    assertThat(store.securityGroups(ACME.id())).isEmpty();
  }

  static final Instant SHARED_AT = Instant.parse("2030-01-02T03:04:05.123456Z");
  static final ResourceShare ACME_SHARE =
      new ResourceShare(
          "arn:aws:ram:us-east-1:111111111111:resource-share/b",
          ACME.id(),
          "us-east-1",
          "to-dc",
          true,
          "token-1",
          SHARED_AT);
  static final ResourceShare ACME_SHARE_ELSEWHERE =
      new ResourceShare(
          "arn:aws:ram:eu-west-1:111111111111:resource-share/a",
          ACME.id(),
          "eu-west-1",
          "other region",
          false,
          null,
          SHARED_AT.plusSeconds(1));

  /**
   * RAM resource shares (V17): by ARN, owner and region, principal; rules and principals in order.
   */
  @Test
  void resourceSharesKeepTheirRulesAndPrincipalsInOrder() {
    populate();
    Account third = new Account("000000000003", "third");
    ResourceShare second =
        new ResourceShare(
            "arn:aws:ram:us-east-1:111111111111:resource-share/c",
            ACME.id(),
            "us-east-1",
            "second",
            false,
            null,
            SHARED_AT);
    store.write(
        w -> {
          w.insertAccount(third, "hash-third");
          w.insertResourceShare(ACME_SHARE);
          w.insertResourceShare(ACME_SHARE_ELSEWHERE);
          w.insertResourceShare(second);
          w.addResourceShareRule(new ResourceShareMember(ACME_SHARE.arn(), SYSTEM.id(), SHARED_AT));
          w.addResourceShareRule(
              new ResourceShareMember(ACME_SHARE.arn(), FORWARD.id(), SHARED_AT.plusSeconds(2)));
          w.addResourceSharePrincipal(
              new ResourceShareMember(ACME_SHARE.arn(), third.id(), SHARED_AT));
          w.addResourceSharePrincipal(
              new ResourceShareMember(ACME_SHARE.arn(), OTHER.id(), SHARED_AT));
          w.addResourceShareRule(new ResourceShareMember(second.arn(), FORWARD.id(), SHARED_AT));
          w.addResourceSharePrincipal(new ResourceShareMember(second.arn(), third.id(), SHARED_AT));
          return null;
        });

    assertThat(store.resourceShare(ACME_SHARE.arn())).contains(ACME_SHARE);
    assertThat(store.resourceShare(ACME_SHARE_ELSEWHERE.arn())).contains(ACME_SHARE_ELSEWHERE);
    assertThat(store.resourceShare("arn:aws:ram:us-east-1:111111111111:resource-share/none"))
        .isEmpty();
    assertThat(store.resourceShares(ACME.id(), "us-east-1")).containsExactly(ACME_SHARE, second);
    assertThat(store.resourceShares(ACME.id(), null))
        .containsExactly(ACME_SHARE_ELSEWHERE, ACME_SHARE, second);
    assertThat(store.resourceShares(OTHER.id(), null)).isEmpty();
    assertThat(store.resourceShareRules(ACME_SHARE.arn()))
        .containsExactly(
            new ResourceShareMember(ACME_SHARE.arn(), SYSTEM.id(), SHARED_AT),
            new ResourceShareMember(ACME_SHARE.arn(), FORWARD.id(), SHARED_AT.plusSeconds(2)));
    assertThat(store.resourceSharePrincipals(ACME_SHARE.arn()))
        .extracting(ResourceShareMember::memberId)
        .containsExactly(third.id(), OTHER.id());
    assertThat(store.resourceSharesWithPrincipal(third.id())).containsExactly(ACME_SHARE, second);
    assertThat(store.resourceSharesWithPrincipal(OTHER.id())).containsExactly(ACME_SHARE);
    assertThat(store.resourceSharesWithPrincipal(ACME.id())).isEmpty();
    assertThat(store.resourceSharesCovering(FORWARD.id(), third.id()))
        .containsExactly(ACME_SHARE.arn(), second.arn());
    assertThat(store.resourceSharesCovering(SYSTEM.id(), third.id()))
        .containsExactly(ACME_SHARE.arn());
    assertThat(store.resourceSharesCovering(SYSTEM.id(), ACME.id())).isEmpty();

    List<Boolean> removed =
        store.write(
            w ->
                List.of(
                    w.removeResourceShareRule(ACME_SHARE.arn(), SYSTEM.id()),
                    w.removeResourceShareRule(ACME_SHARE.arn(), SYSTEM.id()),
                    w.removeResourceSharePrincipal(ACME_SHARE.arn(), third.id()),
                    w.removeResourceSharePrincipal(ACME_SHARE.arn(), third.id())));
    assertThat(removed).containsExactly(true, false, true, false);
    assertThat(store.resourceShareRules(ACME_SHARE.arn()))
        .extracting(ResourceShareMember::memberId)
        .containsExactly(FORWARD.id());
    assertThat(store.resourceSharesCovering(FORWARD.id(), third.id()))
        .containsExactly(second.arn());
  }

  /** A client token is used once per account; a rule or principal joins a share once. */
  @Test
  void resourceSharesRefuseADuplicateClientTokenRuleOrPrincipal() {
    populate();
    store.write(
        w -> {
          w.insertResourceShare(ACME_SHARE);
          w.addResourceShareRule(
              new ResourceShareMember(ACME_SHARE.arn(), FORWARD.id(), SHARED_AT));
          w.addResourceSharePrincipal(
              new ResourceShareMember(ACME_SHARE.arn(), OTHER.id(), SHARED_AT));
          return null;
        });
    ResourceShare sameToken =
        new ResourceShare(
            "arn:aws:ram:us-east-1:111111111111:resource-share/z",
            ACME.id(),
            "us-east-1",
            "again",
            false,
            ACME_SHARE.clientToken(),
            SHARED_AT);
    ResourceShare sameTokenOfOther =
        new ResourceShare(
            "arn:aws:ram:us-east-1:222222222222:resource-share/z",
            OTHER.id(),
            "us-east-1",
            "theirs",
            false,
            ACME_SHARE.clientToken(),
            SHARED_AT);

    assertThatThrownBy(
            () -> store.write(w -> writeAndReturn(() -> w.insertResourceShare(sameToken))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("client token token-1");
    assertThatThrownBy(
            () ->
                store.write(
                    w ->
                        writeAndReturn(
                            () ->
                                w.addResourceShareRule(
                                    new ResourceShareMember(
                                        ACME_SHARE.arn(), FORWARD.id(), SHARED_AT)))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already in resource share");
    assertThatThrownBy(
            () ->
                store.write(
                    w ->
                        writeAndReturn(
                            () ->
                                w.addResourceSharePrincipal(
                                    new ResourceShareMember(
                                        ACME_SHARE.arn(), OTHER.id(), SHARED_AT)))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already in resource share");
    assertThatThrownBy(
            () ->
                store.write(
                    w ->
                        writeAndReturn(
                            () ->
                                w.addResourceShareRule(
                                    new ResourceShareMember(
                                        ACME_SHARE.arn(), "rslvr-rr-none", SHARED_AT)))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no resource share");
    store.write(w -> writeAndReturn(() -> w.insertResourceShare(sameTokenOfOther)));
    assertThat(store.resourceShares(OTHER.id(), null)).containsExactly(sameTokenOfOther);
  }

  /**
   * A share's rules and principals go with it, with its tags; a deleted rule leaves every share.
   */
  @Test
  void resourceSharesLoseDeletedRulesAndGoWithTheirMembersAndTags() {
    populate();
    Account third = new Account("000000000003", "third");
    store.write(
        w -> {
          w.insertAccount(third, "hash-third");
          w.insertResourceShare(ACME_SHARE);
          w.insertResourceShare(ACME_SHARE_ELSEWHERE);
          w.addResourceShareRule(new ResourceShareMember(ACME_SHARE.arn(), SYSTEM.id(), SHARED_AT));
          w.addResourceShareRule(
              new ResourceShareMember(ACME_SHARE.arn(), FORWARD.id(), SHARED_AT));
          w.addResourceShareRule(
              new ResourceShareMember(ACME_SHARE_ELSEWHERE.arn(), FORWARD.id(), SHARED_AT));
          w.addResourceSharePrincipal(
              new ResourceShareMember(ACME_SHARE.arn(), third.id(), SHARED_AT));
          w.addResourceSharePrincipal(
              new ResourceShareMember(ACME_SHARE_ELSEWHERE.arn(), OTHER.id(), SHARED_AT));
          w.putTag(new ResourceTag(ACME.id(), ACME_SHARE_ELSEWHERE.arn(), "team", "net"));
          return null;
        });

    store.write(
        w -> {
          w.ruleAssociations(null).stream()
              .filter(a -> a.ruleId().equals(SYSTEM.id()))
              .forEach(a -> w.deleteRuleAssociation(a.id()));
          w.deleteRule(SYSTEM.id());
          return null;
        });
    assertThat(store.resourceShareRules(ACME_SHARE.arn()))
        .extracting(ResourceShareMember::memberId)
        .containsExactly(FORWARD.id());

    List<Boolean> deleted =
        store.write(
            w ->
                List.of(
                    w.deleteResourceShare(ACME_SHARE_ELSEWHERE.arn()),
                    w.deleteResourceShare(ACME_SHARE_ELSEWHERE.arn())));
    assertThat(deleted).containsExactly(true, false);
    assertThat(store.resourceShares(ACME.id(), null)).containsExactly(ACME_SHARE);
    assertThat(store.resourceShareRules(ACME_SHARE_ELSEWHERE.arn())).isEmpty();
    assertThat(store.resourceSharesWithPrincipal(OTHER.id())).isEmpty();
    assertThat(store.tags(ACME.id())).isEmpty();
    assertThat(store.resourceSharePrincipals(ACME_SHARE.arn()))
        .extracting(ResourceShareMember::memberId)
        .containsExactly(third.id());
  }

  /** A write of the store that returns nothing, as a function for {@code store.write}. */
  private static Object writeAndReturn(Runnable write) {
    write.run();
    return null;
  }

  /** Tags (V14): per account and resource, a key once, replaced by a put, deleted in three ways. */
  @Test
  void tagsArePutPerResourceAndKeyAndDeleted() {
    populate();
    store.write(
        w -> {
          w.putTag(new ResourceTag(ACME.id(), "vpc-b", "Name", "old"));
          w.putTag(new ResourceTag(ACME.id(), "vpc-b", "Name", "new"));
          w.putTag(new ResourceTag(ACME.id(), "vpc-b", "env", ""));
          w.putTag(new ResourceTag(ACME.id(), "vpc-a", "team", "net"));
          w.putTag(new ResourceTag(OTHER.id(), "vpc-b", "Name", "theirs"));
          return null;
        });

    assertThat(store.tags(ACME.id()))
        .containsExactly(
            new ResourceTag(ACME.id(), "vpc-a", "team", "net"),
            new ResourceTag(ACME.id(), "vpc-b", "Name", "new"),
            new ResourceTag(ACME.id(), "vpc-b", "env", ""));
    List<Object> results =
        store.write(
            w ->
                List.of(
                    w.deleteTag(ACME.id(), "vpc-b", "env"),
                    w.deleteTag(ACME.id(), "vpc-b", "env"),
                    w.deleteTags(ACME.id(), "vpc-b")));
    assertThat(results).containsExactly(true, false, 1);
    assertThat(store.tags(ACME.id()))
        .containsExactly(new ResourceTag(ACME.id(), "vpc-a", "team", "net"));
    int all = store.write(w -> w.deleteAllTags(ACME.id()));
    assertThat(all).isEqualTo(1);
    assertThat(store.tags(ACME.id())).isEmpty();
    assertThat(store.tags(OTHER.id())).hasSize(1);
  }

  /** A resource's tags go with it, whatever deleted it (V14 keeps them without foreign key). */
  @Test
  void tagsGoWithTheirZoneCheckVpcSubnetAndGroup() {
    populate();
    store.write(
        w -> {
          w.insertSubnet(new Subnet("subnet-t", ACME.id(), BARE.id(), "10.3.0.0/24", "x-1a"));
          w.insertSecurityGroup(new SecurityGroup("sg-t", ACME.id(), BARE.id(), "g", "g"));
          for (String id :
              List.of(DB.id(), TCP_CHECK.id(), "subnet-t", "sg-t", BARE.id(), "kept")) {
            w.putTag(new ResourceTag(ACME.id(), id, "k", "v"));
          }
          return null;
        });
    store.write(
        w -> {
          w.deleteZone(DB.id());
          w.deleteHealthCheck(TCP_CHECK.id());
          w.deleteSubnet("subnet-t");
          w.deleteSecurityGroup("sg-t");
          w.authorizedVpcIds(APP.id()).stream()
              .filter(vpc -> vpc.equals(BARE.id()))
              .forEach(vpc -> w.removeAuthorization(APP.id(), vpc));
          w.associatedZoneIds(BARE.id()).forEach(zone -> w.removeAssociation(zone, BARE.id()));
          w.deleteVpc(BARE.id());
          return null;
        });

    assertThat(store.tags(ACME.id())).containsExactly(new ResourceTag(ACME.id(), "kept", "k", "v"));
  }

  /**
   * The tags of resolver endpoints, rules, rule associations and query-log configurations go with
   * them too: the Route 53 Resolver facade keeps its attributes there.
   */
  @Test
  void tagsGoWithTheirResolverResources() {
    populate();
    QueryLogConfig config = new QueryLogConfig("rqlc-tagged", ACME.id(), "q", "file:tagged");
    store.write(
        w -> {
          w.insertQueryLogConfig(config);
          for (String id :
              List.of(
                  INBOUND.id(),
                  SYSTEM.id(),
                  FORWARD_IN_NET.id(),
                  SYSTEM_IN_NET.id(),
                  config.id(),
                  "kept")) {
            w.putTag(new ResourceTag(ACME.id(), id, "k", "v"));
          }
          return null;
        });
    store.write(
        w -> {
          w.deleteRuleAssociation(SYSTEM_IN_NET.id());
          w.deleteRule(SYSTEM.id());
          w.deleteEndpoint(INBOUND.id());
          w.deleteQueryLogConfig(config.id());
          return null;
        });

    assertThat(store.tags(ACME.id()))
        .containsExactly(
            new ResourceTag(ACME.id(), "kept", "k", "v"),
            new ResourceTag(ACME.id(), FORWARD_IN_NET.id(), "k", "v"));
  }

  /**
   * Updating an endpoint replaces its name and addresses, in their new order; the rest stays, and
   * an unknown endpoint is refused.
   */
  @Test
  void anEndpointsNameAndAddressesAreReplacedAndNothingElseOfIt() {
    populate();
    ResolverEndpoint updated =
        new ResolverEndpoint(
            INBOUND.id(),
            INBOUND.accountId(),
            "renamed",
            INBOUND.direction(),
            INBOUND.vpcId(),
            List.of(
                new TargetAddress("10.2.0.12", 53),
                new TargetAddress("10.2.0.10", 53),
                new TargetAddress("fd00:0:0:0:0:0:0:b", 5353)),
            INBOUND.allowedSourceCidrs());
    store.write(
        w -> {
          w.updateEndpoint(updated);
          return null;
        });

    assertThat(store.endpoint(INBOUND.id())).contains(updated);
    assertThat(store.endpoint(OUTBOUND.id())).contains(OUTBOUND);
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.updateEndpoint(
                          new ResolverEndpoint(
                              "rslvr-in-none",
                              ACME.id(),
                              "x",
                              Direction.INBOUND,
                              NET.id(),
                              List.of(),
                              List.of()));
                      return null;
                    }))
        .isInstanceOf(RuntimeException.class);
  }

  /** AWS access keys (V11): found by id and by account, unique across accounts, each its own. */
  @Test
  void awsAccessKeysAreFoundByIdAndAccountAndDeletedByTheirAccountOnly() {
    populate();
    Instant created = Instant.parse("2026-12-07T10:00:00.123456Z");
    AwsAccessKey first = new AwsAccessKey("AKIAFIRST00000000001", ACME.id(), "sealed-1", created);
    AwsAccessKey second =
        new AwsAccessKey("AKIASECOND0000000002", ACME.id(), "sealed-2", created.plusSeconds(1));
    store.write(
        w -> {
          w.insertAwsAccessKey(second);
          w.insertAwsAccessKey(first);
          return null;
        });

    assertThat(store.awsAccessKey(first.accessKeyId())).contains(first);
    assertThat(store.awsAccessKey("AKIANONE000000000000")).isEmpty();
    assertThat(store.awsAccessKeys(ACME.id())).containsExactly(first, second);
    assertThat(store.awsAccessKeys(OTHER.id())).isEmpty();
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.insertAwsAccessKey(
                          new AwsAccessKey(first.accessKeyId(), OTHER.id(), "other", created));
                      return null;
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.deleteAwsAccessKey(OTHER.id(), first.accessKeyId());
                      return null;
                    }))
        .isInstanceOf(StoreException.class);
    assertThat(first.toString()).doesNotContain("sealed-1");

    store.write(
        w -> {
          w.deleteAwsAccessKey(ACME.id(), first.accessKeyId());
          return null;
        });
    assertThat(store.awsAccessKeys(ACME.id())).containsExactly(second);
  }

  /** A node holds a million record sets: equal types and TTLs are one object each. */
  @Test
  void recordSetsShareTheirTypeAndTtlObjects() {
    populate();
    store.write(
        w -> {
          w.putRecordSet(DB.id(), a("x.db.example.", 3600, "10.9.0.7"));
          w.putRecordSet(DB.id(), a("y.db.example.", 3600, "10.9.0.8"));
          return null;
        });
    List<RecordSet> first = store.recordSets(DB.id());
    List<RecordSet> again =
        store.load().zones().stream()
            .filter(zone -> zone.zone().id().equals(DB.id()))
            .findFirst()
            .orElseThrow()
            .recordSets();

    assertThat(first.get(1).ttl()).isEqualTo(3600).isSameAs(first.get(2).ttl());
    assertThat(again.get(1).ttl()).isSameAs(first.get(1).ttl());
    assertThat(again.get(2).type()).isSameAs(first.get(1).type());
  }

  @Test
  void recordSetsAreCountedWithoutReadingThem() {
    populate();
    assertThat(store.recordSetCount(APP.id()))
        .isEqualTo(recordSetsWithEveryField().size())
        .isEqualTo(store.recordSets(APP.id()).size());
    assertThat(store.recordSetCount(DB.id())).isEqualTo(1);
    assertThat(store.recordSetCount(EMPTY_COMMENT.id())).isZero();
    assertThat(store.recordSetCount("ZMISSING00000001")).isZero();
  }

  /** Record sets of every shape at names whose canonical order is not their text order. */
  private void populateListingZone() {
    populate();
    store.write(
        w -> {
          for (String name :
              List.of(
                  "z.db.example.",
                  "a.db.example.",
                  "*.z.db.example.",
                  "b.a.db.example.",
                  "ab.db.example.",
                  "a-1.db.example.")) {
            w.putRecordSet(DB.id(), RecordSet.simple(name, "TXT", 60, List.of("\"t\"")));
            w.putRecordSet(DB.id(), a(name, 60, "10.9.0.9"));
          }
          for (String id : List.of("green", "Blue", "amber")) {
            w.putRecordSet(
                DB.id(),
                RecordSet.routed(
                    "w.db.example.",
                    "A",
                    60,
                    List.of("10.9.2.1"),
                    id,
                    new RoutingPolicy.Weighted(1),
                    null));
          }
          return null;
        });
  }

  private static String nameAndType(RecordSet rrset) {
    return rrset.name() + " " + rrset.type();
  }

  @Test
  void recordSetsAreListedInCanonicalOrderFromAnyPlace() {
    populateListingZone();

    assertThat(store.recordSetsInOrder(DB.id(), null, 0, null, 100))
        .extracting(JdbcConfigStoreContract::nameAndType)
        .containsExactly(
            "db.example. A",
            "a.db.example. A",
            "a.db.example. TXT",
            "b.a.db.example. A",
            "b.a.db.example. TXT",
            "a-1.db.example. A",
            "a-1.db.example. TXT",
            "ab.db.example. A",
            "ab.db.example. TXT",
            "w.db.example. A",
            "w.db.example. A",
            "w.db.example. A",
            "z.db.example. A",
            "z.db.example. TXT",
            "*.z.db.example. A",
            "*.z.db.example. TXT");
    assertThat(store.recordSetsInOrder(DB.id(), "b.a.db.example.", 16, null, 2))
        .extracting(JdbcConfigStoreContract::nameAndType)
        .containsExactly("b.a.db.example. TXT", "a-1.db.example. A");
    assertThat(store.recordSetsInOrder(DB.id(), "z.db.example.", 65536, "TXT", 1))
        .extracting(JdbcConfigStoreContract::nameAndType)
        .containsExactly("*.z.db.example. TXT");
    assertThat(store.recordSetsInOrder(DB.id(), "zz.db.example.", 0, null, 10)).isEmpty();
  }

  @Test
  void aListingLimitNeverCutsTheRecordSetsOfOneNameAndType() {
    populateListingZone();

    assertThat(store.recordSetsInOrder(DB.id(), "ab.db.example.", 16, null, 2))
        .extracting(RecordSet::setIdentifier)
        .containsExactlyInAnyOrder(null, "green", "Blue", "amber");
  }

  @Test
  void vpcsArePagedByIdAndOwner() {
    populate();
    Vpc third =
        new Vpc("vpc-00000000000000003", ACME.id(), "third", "us-east-1", List.of("10.3.0.0/16"));
    store.write(
        w -> {
          w.insertVpc(third);
          return null;
        });

    assertThat(store.vpcsFrom(null, null, 10)).containsExactly(NET, BARE, third);
    assertThat(store.vpcsFrom(null, null, 2)).containsExactly(NET, BARE);
    assertThat(store.vpcsFrom(null, BARE.id(), 2)).containsExactly(BARE, third);
    assertThat(store.vpcsFrom(ACME.id(), null, 10)).containsExactly(NET, third);
    assertThat(store.vpcsFrom(ACME.id(), BARE.id(), 1)).containsExactly(third);
    assertThat(store.vpcsFrom(OTHER.id(), third.id(), 10)).isEmpty();
  }

  // The change log (V8__change_log.sql): what a node that is behind reads instead of everything.

  private void writeOne(Consumer<ConfigWriter> write) {
    store.write(
        w -> {
          write.accept(w);
          return null;
        });
  }

  @Test
  void changesToRecordSetsAreReadByNameAndBringTheOldDataUpToDate() {
    populate();
    ConfigData before = store.load();
    store.write(
        w -> {
          w.putRecordSet(APP.id(), a("www.app.example.", 60, "10.0.0.9"));
          w.putRecordSet(APP.id(), a("new.deep.app.example.", 60, "10.0.0.8"));
          w.deleteRecordSet(APP.id(), new RecordSetKey("empty.app.example.", "TXT", null));
          return null;
        });
    writeOne(w -> w.putRecordSet(DB.id(), a("db.example.", 30, "10.9.0.2")));

    ConfigChanges changes = store.changesSince(before.version()).orElseThrow();

    assertThat(changes.fromVersion()).isEqualTo(before.version());
    assertThat(changes.version()).isEqualTo(before.version() + 2);
    assertThat(changes.recordSetsOnly()).isTrue();
    assertThat(changes.zoneRecordSets()).isEmpty();
    assertThat(changes.recordSetsByName().get(APP.id()))
        .containsOnly(
            Map.entry("www.app.example.", List.of(a("www.app.example.", 60, "10.0.0.9"))),
            Map.entry("new.deep.app.example.", List.of(a("new.deep.app.example.", 60, "10.0.0.8"))),
            Map.entry("empty.app.example.", List.of()));
    assertThat(changes.recordSetsByName().get(DB.id()))
        .containsOnly(Map.entry("db.example.", List.of(a("db.example.", 30, "10.9.0.2"))));
    assertThat(changes.applyTo(before)).isEqualTo(store.load());
  }

  @Test
  void everyRecordSetAtAChangedNameIsReadInZoneOrder() {
    populate();
    ConfigData before = store.load();
    RecordSet txt = RecordSet.simple("www.app.example.", "TXT", 60, List.of("\"t\""));
    writeOne(w -> w.putRecordSet(APP.id(), txt));

    ConfigChanges changes = store.changesSince(before.version()).orElseThrow();

    assertThat(changes.recordSetsByName().get(APP.id()).get("www.app.example."))
        .containsExactly(recordSetsWithEveryField().get(1), txt);
  }

  @Test
  void theVpcsAreReadWithTheStructureOnlyWhenAVpcCameOrWent() {
    populate();
    ConfigData before = store.load();
    writeOne(w -> w.addAssociation(EMPTY_COMMENT.id(), NET.id()));

    ConfigChanges association = store.changesSince(before.version()).orElseThrow();

    assertThat(association.recordSetsOnly()).isFalse();
    assertThat(association.vpcsChanged()).isFalse();
    assertThat(association.structure().vpcs()).isEmpty();
    ConfigData applied = association.applyTo(before);
    assertThat(applied).isEqualTo(store.load());
    assertThat(applied.vpcs()).isSameAs(before.vpcs());

    Vpc added = new Vpc("vpc-00000000000000003", ACME.id(), "added", "us-east-1", List.of());
    writeOne(w -> w.insertVpc(added));
    writeOne(w -> w.addAssociation(DB.id(), BARE.id()));

    ConfigChanges withVpc = store.changesSince(applied.version()).orElseThrow();

    assertThat(withVpc.vpcsChanged()).isTrue();
    assertThat(withVpc.structure().vpcs()).contains(added);
    assertThat(withVpc.applyTo(applied)).isEqualTo(store.load());
    ConfigData third = store.load();
    writeOne(w -> w.deleteVpc(added.id()));
    assertThat(store.changesSince(third.version()).orElseThrow().vpcsChanged()).isTrue();
    // Record sets alone read no structure at all.
    writeOne(w -> w.putRecordSet(DB.id(), a("db.example.", 30, "10.9.0.2")));
    assertThat(store.changesSince(third.version() + 1).orElseThrow().structure()).isNull();
  }

  @Test
  void aNewZoneIsReadWholeWithTheStructure() {
    populate();
    ConfigData before = store.load();
    HostedZone added = new HostedZone("ZNEW000000000001", "new.example.", ACME.id(), null);
    store.write(
        w -> {
          w.insertZone(added);
          w.putRecordSet(added.id(), a("x.new.example.", 60, "10.7.0.1"));
          w.putRecordSet(APP.id(), a("www.app.example.", 60, "10.0.0.9"));
          w.addAssociation(added.id(), NET.id());
          return null;
        });

    ConfigChanges changes = store.changesSince(before.version()).orElseThrow();

    assertThat(changes.recordSetsOnly()).isFalse();
    assertThat(changes.structure().zones())
        .allSatisfy(zone -> assertThat(zone.recordSets()).isEmpty());
    assertThat(changes.zoneRecordSets())
        .containsOnly(Map.entry(added.id(), List.of(a("x.new.example.", 60, "10.7.0.1"))));
    assertThat(changes.recordSetsByName()).containsOnlyKeys(APP.id());
    assertThat(changes.applyTo(before)).isEqualTo(store.load());
  }

  @Test
  void structureChangesAreLoggedForEveryKindOfDataPlaneWrite() {
    populate();
    List<Consumer<ConfigWriter>> writes =
        List.of(
            w -> w.removeAssociation(APP.id(), BARE.id()),
            w -> w.deleteRuleAssociation(SYSTEM_IN_NET.id()),
            w -> w.deleteHealthCheck(EMPTY_CALCULATED_CHECK.id()),
            w -> w.deleteZone(EMPTY_COMMENT.id()));
    for (Consumer<ConfigWriter> write : writes) {
      ConfigData before = store.load();
      writeOne(write);
      ConfigChanges changes = store.changesSince(before.version()).orElseThrow();
      assertThat(changes.recordSetsOnly()).isFalse();
      assertThat(changes.applyTo(before)).isEqualTo(store.load());
    }
  }

  @Test
  void writesOutsideTheDataPlaneAreLoggedAsNoChange() {
    populate();
    ConfigData before = store.load();
    store.write(w -> w.recordChange("C0001", STARTED, null, null));
    store.write(
        w -> {
          w.addAuthorization(DB.id(), BARE.id());
          w.updateAccountToken(OTHER.id(), "hash-new");
          return null;
        });

    ConfigChanges changes = store.changesSince(before.version()).orElseThrow();

    assertThat(changes.version()).isEqualTo(before.version() + 2);
    assertThat(changes.recordSetsOnly()).isTrue();
    assertThat(changes.changedZoneIds()).isEmpty();
    assertThat(changes.applyTo(before)).isEqualTo(store.load());
  }

  @Test
  void aWriteAtManyNamesOfAZoneLogsTheZoneWhole() {
    populate();
    ConfigData before = store.load();
    store.write(
        w -> {
          for (int i = 0; i <= ChangeLog.MAX_NAMES_PER_ZONE; i++) {
            w.putRecordSet(DB.id(), a("h" + i + ".db.example.", 60, "10.9.1.1"));
          }
          w.putRecordSet(APP.id(), a("www.app.example.", 60, "10.0.0.9"));
          return null;
        });

    ConfigChanges changes = store.changesSince(before.version()).orElseThrow();

    assertThat(changes.zoneRecordSets()).containsOnlyKeys(DB.id());
    assertThat(changes.zoneRecordSets().get(DB.id())).hasSize(ChangeLog.MAX_NAMES_PER_ZONE + 2);
    assertThat(changes.recordSetsByName()).containsOnlyKeys(APP.id());
    assertThat(changes.applyTo(before)).isEqualTo(store.load());
  }

  @Test
  void noChangesWhenTheLogDoesNotCoverEveryVersion() throws Exception {
    populate();
    long populated = store.version();
    writeOne(w -> w.putRecordSet(DB.id(), a("db.example.", 30, "10.9.0.2")));
    writeOne(w -> w.putRecordSet(DB.id(), a("db.example.", 40, "10.9.0.3")));
    assertThat(store.changesSince(populated)).isPresent();
    assertThat(store.changesSince(populated + 2)).isPresent();

    try (Connection connection = anotherDataSource().getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM config_log WHERE version = ?")) {
      delete.setLong(1, populated + 1);
      delete.executeUpdate();
    }

    assertThat(store.changesSince(populated)).isEmpty();
    assertThat(store.changesSince(populated + 1)).isPresent();
    // A node ahead of the store (the database was restored from a backup) loads everything.
    assertThat(store.changesSince(populated + 3)).isEmpty();
  }

  @Test
  void oldVersionsArePrunedFromTheLog() {
    store.retainChangeLog(new ChangeLog.Retention(3, 2));
    for (int i = 1; i <= 8; i++) {
      long next = store.version();
      writeOne(w -> w.insertAccount(new Account("10000000000" + next, "a"), "hash-" + next));
    }

    // Pruned at version 8: versions up to 5 are gone, 6 to 8 remain.
    assertThat(store.changesSince(5)).isPresent();
    assertThat(store.changesSince(4)).isEmpty();
    assertThat(store.changesSince(0)).isEmpty();
  }

  @Test
  void aFailedWriteLeavesNoLog() {
    populate();
    long version = store.version();
    assertThatThrownBy(
            () ->
                store.write(
                    w -> {
                      w.putRecordSet(DB.id(), a("db.example.", 30, "10.9.0.2"));
                      w.deleteZone("ZMISSING00000001");
                      return null;
                    }))
        .isInstanceOf(StoreException.class);

    assertThat(store.changesSince(version).orElseThrow().changedZoneIds()).isEmpty();
  }
}
