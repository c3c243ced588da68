package io.isthmus.server.metrics;

import static io.isthmus.server.query.QueryEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.route.Snapshot;
import io.isthmus.route.VpcTable;
import io.isthmus.route.ZoneSlots;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.Transport;
import io.isthmus.server.querylog.QueryLogDirectory;
import io.isthmus.server.querylog.QueryLogRouting;
import io.isthmus.server.querylog.QueryLogWriter;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;

class DnsMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double queries(String transport, String route, String rcode, String vpc) {
    var counter =
        registry
            .find("isthmus.dns.queries")
            .tags("transport", transport, "route", route, "rcode", rcode, "vpc", vpc)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private Set<String> tagValues(String meter, String key) {
    return registry.find(meter).meters().stream()
        .map(m -> m.getId().getTag(key))
        .collect(Collectors.toSet());
  }

  @Test
  void countsQueriesByTransportRouteRcodeAndVpc() {
    DnsMetrics metrics = new DnsMetrics(registry);
    metrics.onQuery(event().build());
    metrics.onQuery(event().build());
    metrics.onQuery(event().transport(Transport.TCP).rcode(Rcode.NXDOMAIN).build());
    metrics.onQuery(event().route(RouteKind.FORWARD, "rslvr-rr-1").vpc("vpc-2").build());

    assertThat(queries("UDP", "HOSTED_ZONE", "NOERROR", "vpc-1")).isEqualTo(2);
    assertThat(queries("TCP", "HOSTED_ZONE", "NXDOMAIN", "vpc-1")).isEqualTo(1);
    assertThat(queries("UDP", "FORWARD", "NOERROR", "vpc-2")).isEqualTo(1);
    // Registered on first use only: no meter for combinations never seen.
    assertThat(registry.find("isthmus.dns.queries").counters()).hasSize(3);
  }

  @Test
  void everyMeterNameIsPresent() {
    SnapshotHolder holder = new SnapshotHolder();
    new DnsMetrics(registry)
        .bindSnapshot(holder, Clock.systemUTC())
        .bindQueryLog(
            new QueryLogWriter(
                new QueryLogRouting(),
                QueryLogDirectory.NONE,
                Path.of("unused"),
                "n",
                1,
                1,
                0,
                System.out))
        .onQuery(event().build());
    Set<String> names =
        registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
    assertThat(names)
        .contains(
            "isthmus.dns.queries",
            "isthmus.dns.query.latency",
            "isthmus.dns.cache.hits",
            "isthmus.dns.cache.misses",
            "isthmus.dns.cache.stale",
            "isthmus.dns.listener.errors",
            "isthmus.dns.snapshot.generation",
            "isthmus.dns.snapshot.age.seconds",
            "isthmus.dns.querylog.dropped",
            "isthmus.dns.querylog.written");
    assertThat(names).allMatch(name -> name.startsWith("isthmus.dns."));
  }

  @ParameterizedTest
  @CsvSource({
    "0, NOERROR",
    "2, SERVFAIL",
    "3, NXDOMAIN",
    "5, REFUSED",
    "16, BADVERS",
    "-1, DROPPED",
    "3841, OTHER"
  })
  void rcodeTagIsTheMnemonic(int rcode, String tag) {
    new DnsMetrics(registry).onQuery(event().rcode(rcode).build());
    assertThat(tagValues("isthmus.dns.queries", "rcode")).containsExactly(tag);
  }

  @Test
  void vpcTagCollapsesToOtherPastTheCap() {
    DnsMetrics metrics = new DnsMetrics(registry, 3);
    for (int round = 0; round < 2; round++) {
      for (int vpc = 0; vpc < 10; vpc++) {
        metrics.onQuery(event().vpc("vpc-" + vpc).build());
      }
    }
    metrics.onQuery(event().vpc(null).route(RouteKind.REFUSED, null).rcode(Rcode.REFUSED).build());

    assertThat(tagValues("isthmus.dns.queries", "vpc"))
        .containsExactlyInAnyOrder("vpc-0", "vpc-1", "vpc-2", "other", "none");
    assertThat(queries("UDP", "HOSTED_ZONE", "NOERROR", "other")).isEqualTo(14);
    assertThat(queries("UDP", "HOSTED_ZONE", "NOERROR", "vpc-0")).isEqualTo(2);
    assertThat(queries("UDP", "REFUSED", "REFUSED", "none")).isEqualTo(1);
  }

  @Test
  void noTagEverHoldsAQueryNameOrAnId() {
    DnsMetrics metrics = new DnsMetrics(registry, 2);
    for (int i = 0; i < 50; i++) {
      metrics.onQuery(
          event()
              .qname("secret-" + i + ".corp.example.")
              .route(RouteKind.values()[i % RouteKind.values().length], "rslvr-rr-secret" + i)
              .vpc("vpc-" + i)
              .transport(i % 2 == 0 ? Transport.UDP : Transport.TCP)
              .rcode(i % 6)
              .build());
    }
    metrics.onQuery(event().qname(".").route(null, null).vpc(null).build());
    Set<String> values = new HashSet<>();
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        values.add(tag.getValue());
      }
    }
    assertThat(values).noneMatch(v -> v.contains("secret") || v.contains("example"));
    assertThat(tagValues("isthmus.dns.queries", "route"))
        .containsExactlyInAnyOrder(
            "HOSTED_ZONE", "FORWARD", "SYSTEM", "DEFAULT", "REFUSED", "NONE");
    // 2 named VPCs + other + none, bounded whatever the number of VPCs.
    assertThat(tagValues("isthmus.dns.queries", "vpc")).hasSize(4);
  }

  @Test
  void latencyIsTimedByRouteAndDroppedQueriesAreNot() {
    DnsMetrics metrics = new DnsMetrics(registry);
    metrics.onQuery(event().latencyNanos(2_000_000).build());
    metrics.onQuery(event().latencyNanos(4_000_000).build());
    metrics.onQuery(event().rcode(QueryEvent.DROPPED).route(null, null).build());

    var timer = registry.find("isthmus.dns.query.latency").tag("route", "HOSTED_ZONE").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    assertThat(registry.find("isthmus.dns.query.latency").tag("route", "NONE").timer().count())
        .isZero();
    assertThat(tagValues("isthmus.dns.query.latency", "route")).hasSize(6);
  }

  @Test
  void cacheStatusOfForwardedAnswersIsCounted() {
    DnsMetrics metrics = new DnsMetrics(registry);
    metrics.onQuery(event().cache(CacheStatus.HIT).build());
    metrics.onQuery(event().cache(CacheStatus.HIT).build());
    metrics.onQuery(event().cache(CacheStatus.MISS).build());
    metrics.onQuery(event().cache(CacheStatus.STALE).build());
    metrics.onQuery(event().cache(CacheStatus.NONE).build());

    assertThat(registry.get("isthmus.dns.cache.hits").counter().count()).isEqualTo(2);
    assertThat(registry.get("isthmus.dns.cache.misses").counter().count()).isEqualTo(1);
    assertThat(registry.get("isthmus.dns.cache.stale").counter().count()).isEqualTo(1);
  }

  @Test
  void listenerErrorsByKind() {
    DnsMetrics metrics = new DnsMetrics(registry);
    metrics.onInternalError();
    metrics.onListenerError(Transport.UDP);
    metrics.onListenerError(Transport.TCP);
    metrics.onListenerError(Transport.TCP);

    assertThat(
            registry.get("isthmus.dns.listener.errors").tag("kind", "pipeline").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("isthmus.dns.listener.errors").tag("kind", "udp").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("isthmus.dns.listener.errors").tag("kind", "tcp").counter().count())
        .isEqualTo(2);
  }

  @Test
  void snapshotGenerationAndAge() {
    SnapshotHolder holder = new SnapshotHolder();
    Instant now = Instant.parse("2024-01-01T00:01:30Z");
    new DnsMetrics(registry).bindSnapshot(holder, Clock.fixed(now, ZoneOffset.UTC));

    assertThat(registry.get("isthmus.dns.snapshot.generation").gauge().value()).isEqualTo(-1);
    assertThat(registry.get("isthmus.dns.snapshot.age.seconds").gauge().value()).isNaN();

    holder.publish(
        new Snapshot(
            42,
            Instant.parse("2024-01-01T00:00:00Z"),
            VpcTable.of(Map.of()),
            Map.of(),
            Map.of(),
            ZoneSlots.EMPTY));
    assertThat(registry.get("isthmus.dns.snapshot.generation").gauge().value()).isEqualTo(42);
    assertThat(registry.get("isthmus.dns.snapshot.age.seconds").gauge().value()).isEqualTo(90);
  }

  /** Measured with the registry production uses too: its timers and counters must not allocate. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theHotPathDoesNotAllocatePerQuery(boolean prometheus) {
    Assumptions.assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled());
    DnsMetrics metrics =
        new DnsMetrics(
            prometheus ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : registry);
    List<QueryEvent> events =
        List.of(
            event().build(),
            event().transport(Transport.TCP).rcode(Rcode.NXDOMAIN).build(),
            event().vpc("vpc-2").route(RouteKind.FORWARD, "r").cache(CacheStatus.HIT).build(),
            event().vpc(null).route(RouteKind.REFUSED, null).rcode(Rcode.REFUSED).build());
    // Warm up: registers the meters and lets the JIT compile the path.
    for (int i = 0; i < 20_000; i++) {
      metrics.onQuery(events.get(i & 3));
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int queries = 100_000;
    for (int i = 0; i < queries; i++) {
      metrics.onQuery(events.get(i & 3));
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // The smallest object is 16 bytes: under 4 bytes per query on average, no query allocated
    // anything (tags, keys, iterators); the slack is for the JIT and the test's own bookkeeping.
    assertThat(allocated).isLessThan(queries * 4L);
  }
}
