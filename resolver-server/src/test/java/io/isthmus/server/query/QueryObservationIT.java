package io.isthmus.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.isthmus.config.Cidr;
import io.isthmus.config.Vpc;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.Precedence;
import io.isthmus.route.Resolver;
import io.isthmus.route.RouteKind;
import io.isthmus.route.Snapshot;
import io.isthmus.route.VpcRoutes;
import io.isthmus.route.VpcTable;
import io.isthmus.route.ZoneSlots;
import io.isthmus.server.dns.DnsServer;
import io.isthmus.server.dns.DnsServerOptions;
import io.isthmus.server.dns.QueryPipeline;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.ForwarderOptions;
import io.isthmus.server.metrics.DnsMetrics;
import io.isthmus.server.querylog.QueryLogDirectory;
import io.isthmus.server.querylog.QueryLogRouting;
import io.isthmus.server.querylog.QueryLogTarget;
import io.isthmus.server.querylog.QueryLogWriter;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.server.snapshot.SnapshotQueryResolver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real DNS server on loopback port 0, resolving through the real snapshot resolver and forwarder
 * (default resolution to an in-JVM upstream), observed by the metrics and a query log: one event
 * per query with the transport, RCODE and cache status the client's answer had, in Prometheus text
 * and in the log file.
 */
class QueryObservationIT {

  private static final String VPC = "vpc-0123456789abcdef0";
  private static final String ACCOUNT = "111122223333";

  @TempDir Path dataDir;

  private final ConcurrentLinkedQueue<QueryEvent> events = new ConcurrentLinkedQueue<>();
  private final SnapshotHolder holder = new SnapshotHolder();
  private PrometheusMeterRegistry registry;
  private Upstream upstream;
  private Forwarder forwarder;
  private QueryLogWriter queryLog;
  private DnsServer server;
  private InetSocketAddress endpoint;

  @BeforeEach
  void start() throws IOException {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    upstream = new Upstream();
    forwarder = new Forwarder(ForwarderOptions.defaults(), Ticker.systemTicker());
    // Loopback is the VPC's CIDR; no zone or rule: every name goes to the default upstream.
    Vpc vpc = new Vpc(VPC, ACCOUNT, "it", "eu-west-1", List.of("127.0.0.0/8"));
    VpcRoutes routes = new VpcRoutes(vpc, Precedence.of(Map.of(), Map.of()));
    holder.publish(
        new Snapshot(
            7,
            Instant.now(),
            VpcTable.of(Map.of(Cidr.parse("127.0.0.0/8").orElseThrow(), routes)),
            Map.of(VPC, routes),
            Map.of(),
            ZoneSlots.EMPTY));

    QueryLogRouting routing = new QueryLogRouting();
    routing.update(Map.of(VPC, List.of(new QueryLogTarget("rqlc-1", ACCOUNT, "file:it"))));
    queryLog =
        new QueryLogWriter(routing, QueryLogDirectory.of(holder), dataDir, "node-it").start();
    DnsMetrics metrics =
        new DnsMetrics(registry)
            .bindSnapshot(holder, Clock.systemUTC())
            .bindForwarder(forwarder)
            .bindQueryLog(queryLog);
    QueryPipeline pipeline =
        new QueryPipeline(
            "node-it",
            new SnapshotQueryResolver(holder, new Resolver(List.of(upstream.address())), forwarder),
            QueryObserver.composite(List.of(events::add, metrics, queryLog)));
    server =
        DnsServer.start(
            List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
            pipeline,
            DnsServerOptions.defaults());
    endpoint = server.boundAddresses().get(0);
  }

  @AfterEach
  void stop() {
    server.close();
    forwarder.close();
    upstream.close();
    queryLog.close();
    registry.close();
  }

  private Message ask(String name, boolean tcp) throws IOException {
    SimpleResolver resolver = new SimpleResolver(endpoint);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(3));
    return resolver.send(
        Message.newQuery(Record.newRecord(QueryEvents.name(name), Type.A, DClass.IN)));
  }

  @Test
  void oneEventPerQueryWithTheTransportRcodeAndCacheStatusTheClientSaw() throws Exception {
    assertThat(ask("WWW.app.test.", false).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("nx.app.test.", true).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask("www.APP.test.", false).getRcode()).isEqualTo(Rcode.NOERROR);

    // Observed before the response is written: once the client has it, the event is there.
    List<QueryEvent> seen = new ArrayList<>(events);
    assertThat(seen).hasSize(3);
    assertThat(seen)
        .extracting(QueryEvent::transport)
        .containsExactly(Transport.UDP, Transport.TCP, Transport.UDP);
    assertThat(seen)
        .extracting(QueryEvent::rcode)
        .containsExactly(Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.NOERROR);
    // The cache status travels from the forwarder: the second www query is a hit.
    assertThat(seen)
        .extracting(QueryEvent::cache)
        .containsExactly(CacheStatus.MISS, CacheStatus.MISS, CacheStatus.HIT);
    assertThat(seen.get(0).qname()).hasToString("WWW.app.test.");
    assertThat(seen)
        .allSatisfy(
            e -> {
              assertThat(e.vpcId()).isEqualTo(VPC);
              assertThat(e.route()).isEqualTo(RouteKind.DEFAULT);
              assertThat(e.local()).isEqualTo(endpoint);
              assertThat(e.latencyNanos()).isPositive();
              assertThat(e.responseSize()).isPositive();
            });

    String scrape = registry.scrape();
    assertThat(sample(scrape, "isthmus_dns_queries_total", "UDP", "DEFAULT", "NOERROR"))
        .isEqualTo("2.0");
    assertThat(sample(scrape, "isthmus_dns_queries_total", "TCP", "DEFAULT", "NXDOMAIN"))
        .isEqualTo("1.0");
    assertThat(scrape)
        .contains("vpc=\"" + VPC + "\"")
        .contains("isthmus_dns_cache_hits_total 1.0")
        .contains("isthmus_dns_cache_misses_total 2.0")
        .contains("isthmus_dns_cache_evictions_total 0.0")
        .contains("isthmus_dns_cache_entries ")
        .contains("isthmus_dns_query_latency_seconds_bucket{")
        .contains("isthmus_dns_snapshot_generation 7.0")
        .contains("isthmus_dns_snapshot_age_seconds ")
        .contains("isthmus_dns_listener_errors_total{kind=\"pipeline\"} 0.0")
        .contains("isthmus_dns_querylog_dropped_total{reason=\"queue_full\"} 0.0")
        .doesNotContain("app.test")
        .doesNotContain("APP.test");

    queryLog.close();
    List<String> lines =
        Files.readAllLines(
            dataDir.resolve("query-logs").resolve(ACCOUNT).resolve("it.jsonl"),
            StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    JsonMapper json = JsonMapper.builder().build();
    // Each query thread queues into a ring of its own (QueryLogRings), so lines of queries answered
    // on different threads (UDP and TCP here) need not be in the order the queries came.
    Map<String, JsonNode> byName = new HashMap<>();
    for (String line : lines) {
      JsonNode node = json.readTree(line);
      byName.put(node.get("query_name").asString(), node);
    }
    JsonNode first = byName.get("WWW.app.test.");
    assertThat(first.get("account_id").asString()).isEqualTo(ACCOUNT);
    assertThat(first.get("region").asString()).isEqualTo("eu-west-1");
    assertThat(first.get("vpc_id").asString()).isEqualTo(VPC);
    assertThat(first.get("query_name").asString()).isEqualTo("WWW.app.test.");
    assertThat(first.get("transport").asString()).isEqualTo("UDP");
    assertThat(first.get("cache").asString()).isEqualTo("MISS");
    assertThat(first.get("route").asString()).isEqualTo("DEFAULT");
    assertThat(first.get("answers").get(0).get("Rdata").asString()).isEqualTo("192.0.2.1");
    assertThat(first.get("srcaddr").asString()).isEqualTo("127.0.0.1");
    assertThat(first.get("node_id").asString()).isEqualTo("node-it");
    JsonNode second = byName.get("nx.app.test.");
    assertThat(second.get("transport").asString()).isEqualTo("TCP");
    assertThat(second.get("rcode").asString()).isEqualTo("NXDOMAIN");
    assertThat(byName.get("www.APP.test.").get("cache").asString()).isEqualTo("HIT");
  }

  @Test
  void aDroppedDatagramIsObservedToo() throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      byte[] garbage = {1, 2, 3, 4, 5};
      socket.send(new DatagramPacket(garbage, garbage.length, endpoint));
    }
    // No answer comes back to wait for: poll with a deadline.
    await(() -> !events.isEmpty());
    QueryEvent dropped = events.peek();
    assertThat(dropped.dropped()).isTrue();
    assertThat(dropped.qname()).isNull();
    assertThat(dropped.responseSize()).isZero();

    // The test's recorder may see the event before the metrics observer has counted it.
    await(
        () ->
            find(registry.scrape(), "isthmus_dns_queries_total", "UDP", "NONE", "DROPPED") != null);
    assertThat(sample(registry.scrape(), "isthmus_dns_queries_total", "UDP", "NONE", "DROPPED"))
        .isEqualTo("1.0");
  }

  /** The value of the sample with these tags (label order is the exposition's, not ours). */
  private static String sample(
      String scrape, String name, String transport, String route, String rcode) {
    String value = find(scrape, name, transport, route, rcode);
    if (value == null) {
      throw new AssertionError(
          "no " + name + " sample for " + transport + " " + route + " " + rcode + " in\n" + scrape);
    }
    return value;
  }

  /** As {@link #sample}, null when there is no such sample (yet). */
  private static String find(
      String scrape, String name, String transport, String route, String rcode) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{")
          && line.contains("transport=\"" + transport + "\"")
          && line.contains("route=\"" + route + "\"")
          && line.contains("rcode=\"" + rcode + "\"")
          && line.contains("vpc=")) {
        return line.substring(line.lastIndexOf(' ') + 1);
      }
    }
    return null;
  }

  private static void await(BooleanSupplier condition) throws TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("condition not met in 5 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * An upstream resolver on loopback: names starting with "nx." → NXDOMAIN, others → A 192.0.2.1
   * with TTL 60 (so a second query is a cache hit).
   */
  private static final class Upstream implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    Upstream() throws SocketException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      thread = new Thread(this::serve, "it-upstream");
      thread.setDaemon(true);
      thread.start();
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
      byte[] buffer = new byte[4096];
      while (!socket.isClosed()) {
        try {
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          socket.receive(packet);
          Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
          Message reply = new Message(query.getHeader().getID());
          reply.getHeader().setFlag(Flags.QR);
          reply.getHeader().setFlag(Flags.RA);
          Record question = query.getQuestion();
          reply.addRecord(question, Section.QUESTION);
          if (question.getName().getLabelString(0).equalsIgnoreCase("nx")) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
          } else {
            reply.addRecord(
                new ARecord(question.getName(), DClass.IN, 60, InetAddress.getByName("192.0.2.1")),
                Section.ANSWER);
          }
          byte[] wire = reply.toWire();
          socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
        } catch (IOException e) {
          // Closed, or a garbled datagram: the forwarder copes with silence.
        }
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
