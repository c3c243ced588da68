package io.isthmus.server.querylog;

import static io.isthmus.server.query.QueryEvents.LISTENER;
import static io.isthmus.server.query.QueryEvents.address;
import static io.isthmus.server.query.QueryEvents.event;
import static io.isthmus.server.query.QueryEvents.name;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.Vpc;
import io.isthmus.route.CacheStatus;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QueryLogWriterTest {

  private static final String ACCOUNT = "111122223333";
  private static final String VPC = "vpc-0123456789abcdef0";
  private static final String ENDPOINT = "rslvr-in-0123456789abcdef0";
  private static final InetSocketAddress INBOUND = address("10.0.0.9", 53);
  private static final InetSocketAddress VPC_RESOLVER = address("10.0.0.3", 53);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  private final QueryLogRouting routing = new QueryLogRouting();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

  /** Knows one VPC and one inbound endpoint address. */
  private static final QueryLogDirectory DIRECTORY =
      new QueryLogDirectory() {
        @Override
        public Vpc vpc(String vpcId) {
          return VPC.equals(vpcId)
              ? new Vpc(VPC, ACCOUNT, "app", "eu-west-1", List.of("10.0.0.0/16"))
              : null;
        }

        @Override
        public String inboundEndpointId(InetSocketAddress local) {
          return INBOUND.equals(local) ? ENDPOINT : null;
        }

        @Override
        public String vpcResolverAddress(InetSocketAddress local) {
          return VPC_RESOLVER.equals(local) ? "10.0.0.3:53" : null;
        }
      };

  private QueryLogWriter writer(int capacity, long rotateBytes, int keep) {
    return new QueryLogWriter(
        routing, DIRECTORY, dataDir, "node-1", capacity, rotateBytes, keep, stdout);
  }

  private QueryLogWriter writer() {
    return writer(100, 1 << 20, 2);
  }

  private void logTo(String... destinations) {
    List<QueryLogTarget> targets = new ArrayList<>();
    for (int i = 0; i < destinations.length; i++) {
      targets.add(new QueryLogTarget("rqlc-" + i, ACCOUNT, destinations[i]));
    }
    routing.update(Map.of(VPC, targets));
  }

  private Path file(String name) {
    return dataDir.resolve("query-logs").resolve(ACCOUNT).resolve(name);
  }

  private List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, UTF_8);
  }

  @Test
  void oneLineWithEveryFieldInRoute53sOrderAndFormats() throws IOException {
    logTo("file:app");
    QueryLogWriter writer = writer();
    writer.onQuery(
        event()
            .vpc(VPC)
            .qname("WwW.Example.COM.")
            .answers(
                List.of(
                    new CNAMERecord(
                        name("WwW.Example.COM."), DClass.IN, 300, name("web.example.com.")),
                    new ARecord(
                        name("web.example.com."),
                        DClass.IN,
                        60,
                        InetAddress.getByName("192.0.2.10"))))
            .route(RouteKind.FORWARD, "rslvr-rr-0123456789abcdef0")
            .cache(CacheStatus.HIT)
            .latencyNanos(1_234_567)
            .build());

    assertThat(writer.drain()).isEqualTo(1);
    assertThat(lines(file("app.jsonl")))
        .containsExactly(
            "{\"version\":\"1.100000\",\"account_id\":\"111122223333\",\"region\":\"eu-west-1\","
                + "\"vpc_id\":\"vpc-0123456789abcdef0\",\"query_timestamp\":\"2021-02-04T17:51:55Z\","
                + "\"query_name\":\"WwW.Example.COM.\",\"query_type\":\"A\",\"query_class\":\"IN\","
                + "\"rcode\":\"NOERROR\",\"answers\":["
                + "{\"Rdata\":\"web.example.com.\",\"Type\":\"CNAME\",\"Class\":\"IN\"},"
                + "{\"Rdata\":\"192.0.2.10\",\"Type\":\"A\",\"Class\":\"IN\"}],"
                + "\"srcaddr\":\"10.0.0.5\",\"srcport\":\"53124\",\"transport\":\"UDP\","
                + "\"srcids\":{},\"node_id\":\"node-1\",\"route\":\"FORWARD\","
                + "\"route_id\":\"rslvr-rr-0123456789abcdef0\",\"latency_ms\":1.235,"
                + "\"cache\":\"HIT\"}");
    assertThat(writer.written()).isEqualTo(1);
  }

  @Test
  void srcidsNameTheInboundEndpointOrVpcResolverAddressTheQueryArrivedOn() throws IOException {
    logTo("file:app");
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).local(INBOUND).transport(Transport.TCP).build());
    writer.onQuery(event().vpc(VPC).local(LISTENER).build());
    writer.onQuery(event().vpc(VPC).local(VPC_RESOLVER).build());
    writer.drain();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : lines(file("app.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines.get(0).get("srcids").get("resolver_endpoint").asString()).isEqualTo(ENDPOINT);
    assertThat(lines.get(0).get("srcids").size()).isEqualTo(1);
    assertThat(lines.get(0).get("transport").asString()).isEqualTo("TCP");
    assertThat(lines.get(1).get("srcids").size()).isZero();
    // docs/spec/resolution.md section 1: the VPC resolver address that decided the VPC.
    assertThat(lines.get(2).get("srcids").get("resolver_address").asString())
        .isEqualTo("10.0.0.3:53");
    assertThat(lines.get(2).get("srcids").size()).isEqualTo(1);
  }

  @Test
  void nxdomainWithoutAnswersAndUnknownVpcDetailsAreNull() throws IOException {
    String unknownVpc = "vpc-00000000000000000";
    routing.update(
        Map.of(unknownVpc, List.of(new QueryLogTarget("rqlc-1", ACCOUNT, "file:other"))));
    QueryLogWriter writer = writer();
    writer.onQuery(
        event()
            .vpc(unknownVpc)
            .rcode(Rcode.NXDOMAIN)
            .qtype(Type.AAAA)
            .route(RouteKind.DEFAULT, null)
            .latencyNanos(42_000)
            .build());
    writer.drain();

    JsonNode line = JSON.readTree(lines(file("other.jsonl")).get(0));
    assertThat(line.get("account_id").isNull()).isTrue();
    assertThat(line.get("region").isNull()).isTrue();
    assertThat(line.get("route_id").isNull()).isTrue();
    assertThat(line.get("rcode").asString()).isEqualTo("NXDOMAIN");
    assertThat(line.get("query_type").asString()).isEqualTo("AAAA");
    assertThat(line.get("answers").isArray()).isTrue();
    assertThat(line.get("answers").size()).isZero();
    assertThat(line.get("latency_ms").asDouble()).isEqualTo(0.042);
    assertThat(line.get("srcport").isString()).isTrue();
  }

  @Test
  void weirdNamesAndRdataSurviveJsonEscaping() throws IOException {
    logTo("file:app");
    // A label with a quote, a backslash, a space, a control byte and a non-ASCII byte.
    Name weird =
        new Name(
            new byte[] {
              9,
              'a',
              '"',
              '\\',
              ' ',
              0x0a,
              (byte) 0xe9,
              '}',
              ',',
              '{',
              7,
              'e',
              'x',
              'a',
              'm',
              'p',
              'l',
              'e',
              0
            });
    TXTRecord txt =
        new TXTRecord(weird, DClass.IN, 60, List.of("say \"hi\"\\", "tab\there", "{\"json\":1}"));
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).qname(weird).qtype(Type.TXT).answers(List.of(txt)).build());
    writer.drain();

    List<String> lines = lines(file("app.jsonl"));
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("query_name").asString()).isEqualTo(weird.toString()).endsWith(".");
    assertThat(line.get("answers").get(0).get("Rdata").asString()).isEqualTo(txt.rdataToString());
    assertThat(line.get("answers").get(0).get("Type").asString()).isEqualTo("TXT");
  }

  @Test
  void jsonStringsEscapeQuotesBackslashesAndControls() {
    LineBuffer out = new LineBuffer(4);
    out.json("a\"b\\c\nd\u0001e\u2028é");
    assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001e\\u2028é\"");
    out.clear();
    out.json(null);
    assertThat(out.toString()).isEqualTo("null");
    out.clear();
    out.json("plain-ascii.id");
    assertThat(out.toString()).isEqualTo("\"plain-ascii.id\"");
  }

  @Test
  void latencyWithMicrosecondPrecision() {
    LineBuffer out = new LineBuffer(4);
    QueryLogFormat.latencyMillis(out, 0);
    out.append((byte) ' ');
    QueryLogFormat.latencyMillis(out, 7_499);
    out.append((byte) ' ');
    QueryLogFormat.latencyMillis(out, 12_345_678_901L);
    out.append((byte) ' ');
    QueryLogFormat.latencyMillis(out, 87_654_321);
    assertThat(out.toString()).isEqualTo("0.000 0.007 12345.679 87.654");
  }

  @Test
  void rotatesAtTheSizeLimitAndKeepsTheConfiguredFiles() throws IOException {
    logTo("file:app");
    QueryLogWriter probe = writer();
    probe.onQuery(event().vpc(VPC).build());
    probe.drain();
    long lineBytes = Files.size(file("app.jsonl"));
    Files.delete(file("app.jsonl"));

    // Room for two lines and a half: each file holds two lines.
    QueryLogWriter writer = writer(100, lineBytes * 5 / 2, 2);
    for (int i = 0; i < 7; i++) {
      writer.onQuery(event().vpc(VPC).qname("q" + i + ".example.").build());
    }
    writer.drain();
    writer.close();

    // q0..q6: q0 q1 dropped with the oldest file; .2 = q2 q3, .1 = q4 q5, current = q6.
    assertThat(Files.exists(file("app.jsonl.3"))).isFalse();
    assertThat(queryNames(file("app.jsonl.2"))).containsExactly("q2.example.", "q3.example.");
    assertThat(queryNames(file("app.jsonl.1"))).containsExactly("q4.example.", "q5.example.");
    assertThat(queryNames(file("app.jsonl"))).containsExactly("q6.example.");
    for (String name : List.of("app.jsonl", "app.jsonl.1", "app.jsonl.2")) {
      assertThat(Files.size(file(name))).isLessThanOrEqualTo(lineBytes * 5 / 2);
    }
  }

  private List<String> queryNames(Path file) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : lines(file)) {
      names.add(JSON.readTree(line).get("query_name").asString());
    }
    return names;
  }

  @Test
  void appendsToAnExistingFileAfterARestart() throws IOException {
    logTo("file:app");
    QueryLogWriter first = writer();
    first.onQuery(event().vpc(VPC).qname("one.example.").build());
    first.close();
    QueryLogWriter second = writer();
    second.onQuery(event().vpc(VPC).qname("two.example.").build());
    second.close();

    assertThat(queryNames(file("app.jsonl"))).containsExactly("one.example.", "two.example.");
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFullWithoutBlocking() throws IOException {
    logTo("file:app");
    // Never started: nothing drains the queue.
    QueryLogWriter writer = writer(3, 1 << 20, 1);
    for (int i = 0; i < 5; i++) {
      writer.onQuery(event().vpc(VPC).qname("q" + i + ".example.").build());
    }
    assertThat(writer.droppedQueueFull()).isEqualTo(2);
    assertThat(writer.queued()).isEqualTo(3);

    assertThat(writer.drain()).isEqualTo(3);
    assertThat(queryNames(file("app.jsonl")))
        .containsExactly("q0.example.", "q1.example.", "q2.example.");
    // Room again once drained.
    writer.onQuery(event().vpc(VPC).qname("q5.example.").build());
    assertThat(writer.droppedQueueFull()).isEqualTo(2);
    assertThat(writer.queued()).isEqualTo(1);
  }

  @Test
  void aVpcWithoutConfigurationLogsNothing() {
    logTo("file:app");
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc("vpc-other").build());
    writer.onQuery(event().vpc(null).route(RouteKind.REFUSED, null).build());
    assertThat(writer.queued()).isZero();
    assertThat(writer.drain()).isZero();
    assertThat(Files.exists(dataDir.resolve("query-logs"))).isFalse();
  }

  @Test
  void stdoutAndSeveralFilesGetTheSameLineButOneFileOnlyOnce() throws IOException {
    routing.update(
        Map.of(
            VPC,
            List.of(
                new QueryLogTarget("rqlc-1", ACCOUNT, "file:app"),
                new QueryLogTarget("rqlc-2", ACCOUNT, "file:app"),
                new QueryLogTarget("rqlc-3", null, "file:all"),
                new QueryLogTarget("rqlc-4", null, "stdout"))));
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();

    String line = lines(file("app.jsonl")).get(0);
    assertThat(lines(file("app.jsonl"))).containsExactly(line);
    assertThat(lines(dataDir.resolve("query-logs/operator/all.jsonl"))).containsExactly(line);
    assertThat(stdout.toString(UTF_8)).isEqualTo(line + "\n");
    assertThat(writer.written()).isEqualTo(3);
  }

  @Test
  void theWriterThreadWritesAndCloseFlushesWhatIsQueued() throws IOException {
    logTo("file:app");
    QueryLogWriter writer = writer().start();
    for (int i = 0; i < 50; i++) {
      writer.onQuery(event().vpc(VPC).qname("q" + i + ".example.").build());
    }
    writer.close();
    assertThat(lines(file("app.jsonl"))).hasSize(50);
    assertThat(writer.droppedQueueFull()).isZero();
  }

  @Test
  void aVpcIsDescribedAsTheDirectoryFirstKnewItEvenAfterItIsDeleted() throws IOException {
    Vpc known = new Vpc(VPC, ACCOUNT, "app", "eu-west-1", List.of("10.0.0.0/16"));
    AtomicReference<Vpc> vpc = new AtomicReference<>();
    QueryLogDirectory directory =
        new QueryLogDirectory() {
          @Override
          public Vpc vpc(String vpcId) {
            return VPC.equals(vpcId) ? vpc.get() : null;
          }

          @Override
          public String inboundEndpointId(InetSocketAddress local) {
            return null;
          }
        };
    logTo("file:app");
    QueryLogWriter writer =
        new QueryLogWriter(routing, directory, dataDir, "node-1", 100, 1 << 20, 2, stdout);
    // Not in the directory yet (a snapshot still being published): nulls, and not remembered.
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();
    vpc.set(known);
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();
    // Deleted: lines of queries answered while it existed still say whose it was.
    vpc.set(null);
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();

    List<String> accounts = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    for (String line : lines(file("app.jsonl"))) {
      JsonNode json = JSON.readTree(line);
      accounts.add(json.get("account_id").isNull() ? null : json.get("account_id").asString());
      regions.add(json.get("region").isNull() ? null : json.get("region").asString());
    }
    assertThat(accounts).containsExactly(null, ACCOUNT, ACCOUNT);
    assertThat(regions).containsExactly(null, "eu-west-1", "eu-west-1");
  }

  @Test
  void aNewRoutingSendsTheNextLinesToItsDestinations() throws IOException {
    logTo("file:app");
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).qname("first.example.").build());
    writer.drain();
    logTo("file:other", "file:app");
    writer.onQuery(event().vpc(VPC).qname("second.example.").build());
    writer.drain();
    logTo("file:other");
    writer.onQuery(event().vpc(VPC).qname("third.example.").build());
    writer.close();

    assertThat(queryNames(file("app.jsonl"))).containsExactly("first.example.", "second.example.");
    assertThat(queryNames(file("other.jsonl")))
        .containsExactly("second.example.", "third.example.");
  }

  @Test
  void aLineLargerThanTheFileBufferIsWrittenWhole() throws IOException {
    logTo("file:app");
    List<String> strings = Collections.nCopies(200, "x".repeat(250));
    List<Record> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(new TXTRecord(name("big.example."), DClass.IN, 60, strings));
    }
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).qname("before.example.").build());
    writer.onQuery(event().vpc(VPC).qname("big.example.").qtype(Type.TXT).answers(answers).build());
    writer.onQuery(event().vpc(VPC).qname("after.example.").build());
    writer.drain();

    List<String> lines = lines(file("app.jsonl"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).length()).isGreaterThan(128 * 1024);
    assertThat(JSON.readTree(lines.get(1)).get("answers").get(2).get("Rdata").asString())
        .isEqualTo(answers.get(2).rdataToString());
    assertThat(queryNames(file("app.jsonl")))
        .containsExactly("before.example.", "big.example.", "after.example.");
  }

  @Test
  void aRunningWriterFlushesWithoutBeingClosed() throws Exception {
    logTo("file:app");
    QueryLogWriter writer = writer().start();
    try {
      writer.onQuery(event().vpc(VPC).qname("soon.example.").build());
      Path file = file("app.jsonl");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((!Files.exists(file) || Files.size(file) == 0) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(queryNames(file)).containsExactly("soon.example.");
    } finally {
      writer.close();
    }
  }

  @Test
  void everyQueryThreadHasItsOwnQueueAndNoLineIsLost() throws Exception {
    logTo("file:app");
    QueryLogWriter writer = writer(2_000, 1L << 30, 1).start();
    int threads = 4;
    int perThread = 1_000;
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      producers.add(
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  writer.onQuery(
                      event().vpc(VPC).qname("t" + thread + "-" + i + ".example.").build());
                }
              }));
    }
    producers.forEach(Thread::start);
    for (Thread producer : producers) {
      producer.join();
    }
    writer.close();

    assertThat(writer.droppedQueueFull()).isZero();
    List<String> names = queryNames(file("app.jsonl"));
    assertThat(names).hasSize(threads * perThread).doesNotHaveDuplicates();
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      List<String> ofThread = names.stream().filter(name -> name.startsWith(prefix)).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        expected.add(prefix + i + ".example.");
      }
      assertThat(ofThread).as("lines of thread %d, in its order", t).isEqualTo(expected);
    }
  }

  @Test
  void aFailedWriteIsCountedAndTheNextLineRetries() throws IOException {
    logTo("file:app");
    // A file where the account's directory should be: the log cannot be opened.
    Files.createDirectories(dataDir.resolve("query-logs"));
    Path blocker = dataDir.resolve("query-logs").resolve(ACCOUNT);
    Files.writeString(blocker, "not a directory");
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();
    assertThat(writer.droppedWriteErrors()).isEqualTo(1);

    Files.delete(blocker);
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();
    assertThat(lines(file("app.jsonl"))).hasSize(1);
    assertThat(writer.written()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:",
        "file:../etc/passwd",
        "file:a/b",
        "file:a b",
        "file:/abs",
        "file:ü",
        "FILE:app",
        "stderr",
        "s3://bucket",
        "file:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void invalidDestinationsAreRejected(String destination) {
    assertThat(QueryLogTarget.isValidDestination(destination)).isFalse();
    assertThatThrownBy(() -> new QueryLogTarget("rqlc-1", ACCOUNT, destination))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stdout",
        "file:app",
        "file:..",
        "file:A.b-c_9",
        "file:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void validDestinationsAreAccepted(String destination) {
    assertThat(QueryLogTarget.isValidDestination(destination)).isTrue();
    assertThat(new QueryLogTarget("rqlc-1", ACCOUNT, destination).destination())
        .isEqualTo(destination);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "", "1111.2222"})
  void ownerDirectoriesCannotLeaveTheLogDirectory(String owner) {
    assertThatThrownBy(() -> new QueryLogTarget("rqlc-1", owner, "file:app"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNameOfDotsStaysAFileInTheOwnersDirectory() throws IOException {
    logTo("file:..");
    QueryLogWriter writer = writer();
    writer.onQuery(event().vpc(VPC).build());
    writer.drain();
    assertThat(lines(file("...jsonl"))).hasSize(1);
  }
}
