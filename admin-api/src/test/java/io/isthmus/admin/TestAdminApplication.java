package io.isthmus.admin;

import io.isthmus.admin.auth.OperatorToken;
import io.isthmus.admin.aws.keys.SecretSealer;
import io.isthmus.admin.endpoints.EndpointStatuses;
import io.isthmus.admin.endpoints.EndpointStatuses.EndpointStatus;
import io.isthmus.admin.explain.ExplainPort;
import io.isthmus.admin.explain.FakeExplainPort;
import io.isthmus.admin.healthchecks.HealthStatusView;
import io.isthmus.admin.healthchecks.HealthStatusView.AlarmState;
import io.isthmus.admin.healthchecks.HealthStatusView.Status;
import io.isthmus.admin.healthchecks.HealthStatusView.Transition;
import io.isthmus.admin.healthchecks.HealthStatuses;
import io.isthmus.admin.healthchecks.MetricHistory;
import io.isthmus.admin.healthchecks.MetricLimitExceeded;
import io.isthmus.admin.healthchecks.MetricPoint;
import io.isthmus.admin.healthchecks.MetricSink;
import io.isthmus.admin.limits.AdminLimits;
import io.isthmus.admin.limits.RateLimit;
import io.isthmus.config.AuditStore;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.SeriesKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The beans the application provides to the admin API, for tests: an in-memory H2 store, its node
 * registry and audit trail, generous rate limits, a meter registry, a fixed clock, a known operator
 * token, an applied version the tests move, endpoint and health check statuses and a metric sink
 * that records what reaches it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
// TypeExcludeFilter keeps the tests' own @TestConfiguration classes out, as @SpringBootApplication
// does: each is imported only by the test that needs it.
@ComponentScan(
    basePackages = "io.isthmus.admin",
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
public class TestAdminApplication {
  public static final String OPERATOR_TOKEN = "operator-token-for-tests";
  public static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123Z");

  /** Addresses in this documentation block (TEST-NET-1) stand for ones no node can bind. */
  public static final String UNBINDABLE_PREFIX = "192.0.2.";

  /**
   * Rate limits far above what the tests send, so that only the tests of the limits (in contexts of
   * their own) are throttled; the body limit is the default.
   */
  public static final AdminLimits GENEROUS_LIMITS =
      new AdminLimits(
          new RateLimit(1e6, 1_000_000),
          new RateLimit(1e6, 1_000_000),
          new RateLimit(1e6, 1_000_000),
          AdminLimits.DEFAULT_MAX_TRACKED_CLIENTS,
          AdminLimits.DEFAULT_MAX_BODY_BYTES);

  /** All changes are INSYNC unless a test holds the version back. */
  public static final class MovableAppliedVersion implements AppliedVersion {
    private final AtomicLong version = new AtomicLong(Long.MAX_VALUE);

    @Override
    public long appliedVersion() {
      return version.get();
    }

    public void set(long value) {
      version.set(value);
    }
  }

  @Bean(destroyMethod = "close")
  JdbcConfigStore configStore() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:admin-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    return JdbcConfigStore.open(dataSource);
  }

  /**
   * The nodes sharing the store, as the application provides them. Tests that register live nodes
   * hold changes PENDING for every test on the same store, so they run in a context of their own.
   */
  @Bean
  NodeRegistry nodeRegistry(JdbcConfigStore store) {
    return store.nodeRegistry();
  }

  /** The cluster's leases (the health evaluator's among them), as the application provides them. */
  @Bean
  LeaseStore leaseStore(JdbcConfigStore store) {
    return store.leases();
  }

  /** The audit trail, in the same store as the application keeps it. */
  @Bean
  AuditStore auditStore(JdbcConfigStore store) {
    return store.auditStore();
  }

  @Bean
  AdminLimits adminLimits() {
    return GENEROUS_LIMITS;
  }

  @Bean
  SimpleMeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  MovableAppliedVersion appliedVersion() {
    return new MovableAppliedVersion();
  }

  @Bean
  OperatorToken operatorToken() {
    return new OperatorToken(OPERATOR_TOKEN);
  }

  @Bean
  SecretSealer secretSealer() {
    return new SecretSealer(new byte[32]);
  }

  @Bean
  EndpointStatuses endpointStatuses() {
    return endpoint ->
        endpoint.ipAddresses().stream()
            .filter(address -> address.ip().startsWith(UNBINDABLE_PREFIX))
            .findFirst()
            .map(address -> EndpointStatus.actionNeeded("cannot bind " + address.ip()))
            .orElse(EndpointStatus.operational());
  }

  /** Every call that reached the sink. */
  public record MetricPut(
      String accountId,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      List<MetricPoint> points) {}

  /**
   * Records each put; a metric named {@value #FULL_METRIC} stands for one the store has no room
   * for. It is the metric history too (the points put, as a metric store would return them).
   */
  public static final class RecordingMetricSink implements MetricSink, MetricHistory {
    public static final String FULL_METRIC = "NoRoom";
    public final List<MetricPut> puts = new CopyOnWriteArrayList<>();

    @Override
    public void put(
        String accountId,
        String namespace,
        String metricName,
        Map<String, String> dimensions,
        List<MetricPoint> points) {
      if (metricName.equals(FULL_METRIC)) {
        throw new MetricLimitExceeded("at most 3 metrics per account");
      }
      puts.add(new MetricPut(accountId, namespace, metricName, dimensions, points));
    }

    @Override
    public List<DataPoint> points(SeriesKey series, Instant from, Instant to) {
      return puts.stream()
          .filter(
              put ->
                  new SeriesKey(
                          put.accountId(), put.namespace(), put.metricName(), put.dimensions())
                      .equals(series))
          .flatMap(put -> put.points().stream())
          .filter(point -> !point.timestamp().isBefore(from) && point.timestamp().isBefore(to))
          .map(point -> new DataPoint(point.timestamp(), point.value()))
          .toList();
    }
  }

  @Bean
  RecordingMetricSink metricSink() {
    return new RecordingMetricSink();
  }

  /**
   * A METRIC check is in ALARM and unhealthy since a minute ago, after being healthy; any other
   * check is healthy and has never changed.
   */
  @Bean
  HealthStatuses healthStatuses() {
    return check -> {
      if (check.type() != HealthCheck.Type.METRIC) {
        return new HealthStatusView(Status.HEALTHY, null, null, "probe succeeded", List.of());
      }
      Instant since = NOW.minusSeconds(60);
      String reason = "3 of 3 periods " + check.metric().statistic().label() + " breaching";
      return new HealthStatusView(
          Status.UNHEALTHY,
          AlarmState.ALARM,
          since,
          reason,
          List.of(
              new Transition(NOW.minusSeconds(3600), Status.HEALTHY, "no data yet"),
              new Transition(since, Status.UNHEALTHY, reason)));
    };
  }

  @Bean
  Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** The data plane's explain port: VPCs from the store, canned explanations. */
  @Bean
  ExplainPort explainPort(ConfigStore store) {
    return new FakeExplainPort(store);
  }
}
