package io.isthmus.server.metrics;

import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.route.Snapshot;
import io.isthmus.server.dns.ResponseRateLimiter;
import io.isthmus.server.dns.TcpConnections;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.query.Transport;
import io.isthmus.server.querylog.QueryLogWriter;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;
import org.xbill.DNS.Rcode;

/**
 * The DNS metrics under {@code isthmus.dns.*} (Prometheus {@code isthmus_dns_*},
 * docs/spec/admin-api.md "Troubleshooting"), fed by one {@link QueryEvent} per query and by gauges
 * read at scrape time.
 *
 * <p>Per query: {@code isthmus.dns.queries{transport,route,rcode,vpc}}, {@code
 * isthmus.dns.query.latency{route}} (a timer with a few SLO buckets, not a percentile histogram)
 * and {@code isthmus.dns.cache.{hits,misses,stale}} for forwarded answers. Every tag value comes
 * from a small fixed set, except {@code vpc}: a VPC id for the first {@link #DEFAULT_MAX_VPC_TAGS}
 * (configurable) VPCs seen, "other" after that, "none" for queries resolved in no VPC. No tag ever
 * holds a query name or a rule or zone id.
 *
 * <p>The hot path builds no tags: counters are looked up by array index (transport × route × rcode)
 * in a per-VPC table found with one hash lookup of the VPC id, and registered only on the first
 * query of each combination.
 *
 * <p>Thread-safe: the per-VPC tables sit in a {@link ConcurrentHashMap}, their counters in an
 * {@link AtomicReferenceArray}; Micrometer's counters and timers are thread-safe.
 */
public final class DnsMetrics implements QueryObserver {

  /** How many VPC ids get their own {@code vpc} tag value before the rest become "other". */
  public static final int DEFAULT_MAX_VPC_TAGS = 100;

  static final String QUERIES = "isthmus.dns.queries";
  static final String LATENCY = "isthmus.dns.query.latency";
  static final String OTHER_VPC = "other";
  static final String NO_VPC = "none";
  static final String NO_ROUTE = "NONE";
  static final String DROPPED_RCODE = "DROPPED";
  static final String OTHER_RCODE = "OTHER";

  /**
   * Latency buckets: sub-millisecond local answers, LAN forwards, distant forwards, and the
   * forwarder's time budget. A handful, so each route costs few series.
   */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(250_000),
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(20),
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(2)
  };

  private static final Transport[] TRANSPORTS = Transport.values();
  private static final RouteKind[] ROUTES = RouteKind.values();

  /** Route index 0 is "no route" (wire-layer answers); 1.. are {@link RouteKind}s. */
  private static final int ROUTE_SLOTS = ROUTES.length + 1;

  /** RCODEs 0..23 (up to BADCOOKIE, RFC 7873) by mnemonic; the rest as "OTHER". */
  private static final int KNOWN_RCODES = 24;

  /** Rcode index 0 is DROPPED, 1..24 the known RCODEs, 25 OTHER. */
  private static final int RCODE_SLOTS = KNOWN_RCODES + 2;

  private static final String[] RCODE_TAGS = rcodeTags();

  private final MeterRegistry registry;
  private final int maxVpcTags;
  private final Map<String, VpcCounters> byVpc = new ConcurrentHashMap<>();
  private final AtomicInteger namedVpcs = new AtomicInteger();
  private final VpcCounters otherVpc;
  private final VpcCounters noVpc;
  private final Timer[] latencyByRoute = new Timer[ROUTE_SLOTS];
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter cacheStale;
  private final Counter internalErrors;
  private final Counter[] listenerErrors = new Counter[TRANSPORTS.length];

  public DnsMetrics(MeterRegistry registry) {
    this(registry, DEFAULT_MAX_VPC_TAGS);
  }

  /**
   * @param maxVpcTags how many distinct VPC ids may appear as a {@code vpc} tag value
   */
  public DnsMetrics(MeterRegistry registry, int maxVpcTags) {
    if (maxVpcTags < 0) {
      throw new IllegalArgumentException("maxVpcTags must not be negative: " + maxVpcTags);
    }
    this.registry = registry;
    this.maxVpcTags = maxVpcTags;
    this.otherVpc = new VpcCounters(OTHER_VPC);
    this.noVpc = new VpcCounters(NO_VPC);
    for (int route = 0; route < ROUTE_SLOTS; route++) {
      latencyByRoute[route] =
          Timer.builder(LATENCY)
              .description("Time from receiving a query to having its response, by route")
              .tag("route", routeTag(route))
              .serviceLevelObjectives(LATENCY_BUCKETS)
              .register(registry);
    }
    this.cacheHits =
        Counter.builder("isthmus.dns.cache.hits")
            .description("Forwarded queries answered from the forwarder's cache, still fresh")
            .register(registry);
    this.cacheMisses =
        Counter.builder("isthmus.dns.cache.misses")
            .description("Forwarded queries answered from an upstream reply")
            .register(registry);
    this.cacheStale =
        Counter.builder("isthmus.dns.cache.stale")
            .description("Forwarded queries answered stale because no target answered (RFC 8767)")
            .register(registry);
    this.internalErrors = listenerErrorCounter("pipeline");
    for (Transport transport : TRANSPORTS) {
      listenerErrors[transport.ordinal()] =
          listenerErrorCounter(transport.name().toLowerCase(Locale.ROOT));
    }
  }

  private Counter listenerErrorCounter(String kind) {
    return Counter.builder("isthmus.dns.listener.errors")
        .description(
            "Errors of the DNS listeners: pipeline bugs answered SERVFAIL, UDP socket and TCP"
                + " connection errors")
        .tag("kind", kind)
        .register(registry);
  }

  @Override
  public void onQuery(QueryEvent event) {
    int route = routeIndex(event.route());
    countersFor(event.vpcId())
        .counter(event.transport().ordinal(), route, rcodeIndex(event.rcode()))
        .increment();
    if (!event.dropped()) {
      latencyByRoute[route].record(event.latencyNanos(), TimeUnit.NANOSECONDS);
    }
    CacheStatus cache = event.cache();
    if (cache == CacheStatus.HIT) {
      cacheHits.increment();
    } else if (cache == CacheStatus.MISS) {
      cacheMisses.increment();
    } else if (cache == CacheStatus.STALE) {
      cacheStale.increment();
    }
  }

  @Override
  public void onInternalError() {
    internalErrors.increment();
  }

  @Override
  public void onListenerError(Transport transport) {
    listenerErrors[transport.ordinal()].increment();
  }

  /**
   * Snapshot gauges: {@code isthmus.dns.snapshot.generation} (the configuration version served, -1
   * before the first) and {@code isthmus.dns.snapshot.age.seconds} (since it was compiled; NaN
   * before the first).
   */
  public DnsMetrics bindSnapshot(SnapshotHolder holder, Clock clock) {
    Gauge.builder("isthmus.dns.snapshot.generation", holder, SnapshotHolder::version)
        .description("The configuration version of the snapshot being served, -1 before the first")
        .strongReference(true)
        .register(registry);
    Gauge.builder("isthmus.dns.snapshot.age.seconds", holder, h -> ageSeconds(h, clock))
        .description("Seconds since the snapshot being served was compiled")
        .strongReference(true)
        .register(registry);
    return this;
  }

  private static double ageSeconds(SnapshotHolder holder, Clock clock) {
    Snapshot snapshot = holder.current();
    if (snapshot == null) {
      return Double.NaN;
    }
    return (clock.millis() - snapshot.compiledAt().toEpochMilli()) / 1000.0;
  }

  /**
   * The forwarder's cache gauges: {@code isthmus.dns.cache.evictions} (entries evicted because the
   * cache was full) and {@code isthmus.dns.cache.entries}; its limits: {@code
   * isthmus.dns.forward.limited{limit=total|target}} and {@code isthmus.dns.forward.outstanding};
   * {@code isthmus.dns.forward.scrubbed.records} counts records the scrubber dropped from valid
   * upstream replies (unrelated, out of bailiwick or irrelevant: a steady rise means a broken or
   * lying upstream).
   */
  public DnsMetrics bindForwarder(Forwarder forwarder) {
    String limited =
        "Forwarded misses answered at once, stale or SERVFAIL, because a cap on outstanding"
            + " upstream queries was reached";
    FunctionCounter.builder("isthmus.dns.cache.evictions", forwarder, Forwarder::cacheEvictions)
        .description("Cached answers evicted because the cache was full")
        .register(registry);
    Gauge.builder("isthmus.dns.cache.entries", forwarder, Forwarder::cacheEntries)
        .description("Answers in the forwarder's cache, roughly")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("isthmus.dns.forward.limited", forwarder, Forwarder::limitedByTotal)
        .description(limited)
        .tag("limit", "total")
        .register(registry);
    FunctionCounter.builder("isthmus.dns.forward.limited", forwarder, Forwarder::limitedByTarget)
        .description(limited)
        .tag("limit", "target")
        .register(registry);
    Gauge.builder("isthmus.dns.forward.outstanding", forwarder, Forwarder::outstanding)
        .description("Upstream queries in flight")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(
            "isthmus.dns.forward.scrubbed.records", forwarder, Forwarder::scrubbedRecords)
        .description("Records dropped from upstream replies by the scrubber")
        .register(registry);
    return this;
  }

  /**
   * The query log's counters: {@code isthmus.dns.querylog.dropped{reason}} (lines lost because the
   * queue was full or a write failed) and {@code isthmus.dns.querylog.written}.
   */
  public DnsMetrics bindQueryLog(QueryLogWriter writer) {
    FunctionCounter.builder(
            "isthmus.dns.querylog.dropped", writer, QueryLogWriter::droppedQueueFull)
        .description("Query log lines dropped")
        .tag("reason", "queue_full")
        .register(registry);
    FunctionCounter.builder(
            "isthmus.dns.querylog.dropped", writer, QueryLogWriter::droppedWriteErrors)
        .description("Query log lines dropped")
        .tag("reason", "write_error")
        .register(registry);
    FunctionCounter.builder("isthmus.dns.querylog.written", writer, QueryLogWriter::written)
        .description("Query log lines written (one per destination)")
        .register(registry);
    return this;
  }

  /**
   * Response rate limiting: {@code isthmus.dns.rrl{action}} (Prometheus {@code
   * isthmus_dns_rrl_total}), UDP responses dropped ({@code drop}), replaced by a TC=1 slip ({@code
   * slip}), or sent only because of log-only ({@code log_only}).
   */
  public DnsMetrics bindRateLimiter(ResponseRateLimiter limiter) {
    rrlCounter(limiter, "drop", ResponseRateLimiter::drops);
    rrlCounter(limiter, "slip", ResponseRateLimiter::slips);
    rrlCounter(limiter, "log_only", ResponseRateLimiter::logOnlyLimited);
    return this;
  }

  private void rrlCounter(
      ResponseRateLimiter limiter, String action, ToDoubleFunction<ResponseRateLimiter> count) {
    FunctionCounter.builder("isthmus.dns.rrl", limiter, count)
        .description("UDP responses limited by response rate limiting, by action")
        .tag("action", action)
        .register(registry);
  }

  /**
   * TCP connection limits: {@code isthmus.dns.tcp.connections} (open now), {@code
   * isthmus.dns.tcp.rejected{reason}} (new connections closed at a cap: {@code total_limit}, {@code
   * source_limit}) and {@code isthmus.dns.tcp.closed{reason}} (established connections closed by
   * the server: {@code idle}, {@code slow_message}, {@code slow_reader}).
   */
  public DnsMetrics bindTcp(TcpConnections connections) {
    Gauge.builder("isthmus.dns.tcp.connections", connections, TcpConnections::open)
        .description("Open DNS-over-TCP connections")
        .strongReference(true)
        .register(registry);
    for (TcpConnections.Rejection reason : TcpConnections.Rejection.values()) {
      FunctionCounter.builder("isthmus.dns.tcp.rejected", connections, c -> c.rejected(reason))
          .description("New TCP connections closed at once because a connection cap was reached")
          .tag("reason", reason.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    for (TcpConnections.Closing reason : TcpConnections.Closing.values()) {
      FunctionCounter.builder("isthmus.dns.tcp.closed", connections, c -> c.closed(reason))
          .description("Established TCP connections closed by the server")
          .tag("reason", reason.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    return this;
  }

  /**
   * The counters of {@code vpcId}: its own while fewer than {@code maxVpcTags} VPCs have theirs,
   * else the shared "other" ones. The common case is one hash lookup of a string whose hash is
   * cached; only a VPC's first query registers anything.
   */
  private VpcCounters countersFor(String vpcId) {
    if (vpcId == null) {
      return noVpc;
    }
    VpcCounters counters = byVpc.get(vpcId);
    if (counters != null) {
      return counters;
    }
    if (namedVpcs.get() >= maxVpcTags) {
      // Not remembered: VPC ids past the cap would otherwise grow the map without bound.
      return otherVpc;
    }
    counters =
        byVpc.computeIfAbsent(
            vpcId, id -> namedVpcs.incrementAndGet() <= maxVpcTags ? new VpcCounters(id) : null);
    return counters != null ? counters : otherVpc;
  }

  private static int routeIndex(RouteKind route) {
    return route == null ? 0 : route.ordinal() + 1;
  }

  private static String routeTag(int index) {
    return index == 0 ? NO_ROUTE : ROUTES[index - 1].name();
  }

  private static int rcodeIndex(int rcode) {
    if (rcode == QueryEvent.DROPPED) {
      return 0;
    }
    return rcode >= 0 && rcode < KNOWN_RCODES ? rcode + 1 : RCODE_SLOTS - 1;
  }

  private static String[] rcodeTags() {
    String[] tags = new String[RCODE_SLOTS];
    tags[0] = DROPPED_RCODE;
    for (int rcode = 0; rcode < KNOWN_RCODES; rcode++) {
      tags[rcode + 1] = Rcode.string(rcode);
    }
    tags[RCODE_SLOTS - 1] = OTHER_RCODE;
    return tags;
  }

  /**
   * The query counters of one {@code vpc} tag value, by transport × route × rcode, each registered
   * on first use. Two threads racing to register the same counter get the same instance from
   * Micrometer, so either write is right.
   */
  private final class VpcCounters {
    private final String vpcTag;
    private final AtomicReferenceArray<Counter> counters =
        new AtomicReferenceArray<>(TRANSPORTS.length * ROUTE_SLOTS * RCODE_SLOTS);

    VpcCounters(String vpcTag) {
      this.vpcTag = vpcTag;
    }

    Counter counter(int transport, int route, int rcode) {
      int index = (transport * ROUTE_SLOTS + route) * RCODE_SLOTS + rcode;
      Counter counter = counters.get(index);
      if (counter == null) {
        counter =
            Counter.builder(QUERIES)
                .description("DNS queries, by transport, route, response code and VPC")
                .tag("transport", TRANSPORTS[transport].name())
                .tag("route", routeTag(route))
                .tag("rcode", RCODE_TAGS[rcode])
                .tag("vpc", vpcTag)
                .register(registry);
        counters.set(index, counter);
      }
      return counter;
    }
  }
}
