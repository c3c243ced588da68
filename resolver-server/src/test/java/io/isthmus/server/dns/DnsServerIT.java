package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.addr;
import static io.isthmus.server.dns.WireFixtures.answer;
import static io.isthmus.server.dns.WireFixtures.concat;
import static io.isthmus.server.dns.WireFixtures.name;
import static io.isthmus.server.dns.WireFixtures.parse;
import static io.isthmus.server.dns.WireFixtures.query;
import static io.isthmus.server.dns.WireFixtures.rawOpt;
import static io.isthmus.server.dns.WireFixtures.rawQuery;
import static io.isthmus.server.dns.WireFixtures.truncated;
import static io.isthmus.server.dns.WireFixtures.txtRecords;
import static io.isthmus.server.dns.WireFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.route.Resolution;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Real sockets on loopback, queried by dnsjava, raw sockets and the real dig/kdig binaries. */
class DnsServerIT {

  private static final String NODE_ID = "node-it";
  private static final InetAddress LOOPBACK = addr("127.0.0.1");
  private static final Name WHOAMI = name("whoami.test.");
  private static final Name BIG = name("big.test.");
  private static final int BIG_RECORDS = 60;

  private static QueryPipeline pipeline;
  private static DnsServer server;
  private static InetSocketAddress endpoint;

  /**
   * whoami.test TXT → "source-ip listener-ip"; big.test → 60 TXT records (about 12 KB, so UDP
   * truncates); any other name → A 192.0.2.1.
   */
  private static Resolution resolve(InetSocketAddress source, InetSocketAddress local, Name qname) {
    if (qname.equals(WHOAMI)) {
      String who = source.getAddress().getHostAddress() + " " + local.getAddress().getHostAddress();
      return answer(List.of(new TXTRecord(qname, DClass.IN, 0, who)));
    }
    if (qname.equals(BIG)) {
      return txtRecords(qname, Collections.nCopies(BIG_RECORDS, 200));
    }
    return answer(List.of(new ARecord(qname, DClass.IN, 60, addr("192.0.2.1"))));
  }

  @BeforeAll
  static void start() {
    pipeline =
        new QueryPipeline(
            NODE_ID,
            (source, local, qname, qtype) ->
                CompletableFuture.completedFuture(resolve(source, local, qname)));
    server =
        DnsServer.start(
            List.of(
                new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(addr("127.0.0.2"), 0)),
            pipeline,
            DnsServerOptions.defaults());
    endpoint = server.boundAddresses().get(0);
  }

  @AfterAll
  static void stop() {
    server.close();
    assertThat(pipeline.internalErrors()).isZero();
  }

  // ---- dnsjava ----

  private static SimpleResolver resolver(InetSocketAddress target, boolean tcp) {
    SimpleResolver resolver = new SimpleResolver(target);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(3));
    return resolver;
  }

  @Test
  void udpAndTcpShareOnePortPerAddress() throws IOException {
    assertThat(server.boundAddresses()).hasSize(2);
    for (InetSocketAddress bound : server.boundAddresses()) {
      assertThat(bound.getPort()).isPositive();
      for (boolean tcp : new boolean[] {false, true}) {
        Message r = resolver(bound, tcp).send(query("www.example.test.", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).singleElement().isInstanceOf(ARecord.class);
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
      }
    }
  }

  @Test
  void theResolverSeesTheListenerAddress() throws IOException {
    InetSocketAddress second = server.boundAddresses().get(1);
    Message r = resolver(second, false).send(query("whoami.test.", Type.TXT));
    assertThat(((TXTRecord) r.getSection(Section.ANSWER).get(0)).getStrings())
        .containsExactly("127.0.0.1 127.0.0.2");
  }

  @Test
  void truncatedOverUdpCompleteOverTcp() throws IOException {
    SimpleResolver udp = resolver(endpoint, false);
    udp.setIgnoreTruncation(true);
    Message truncatedAnswer = udp.send(query("big.test.", Type.TXT));
    assertThat(truncated(truncatedAnswer)).isTrue();

    Message full = resolver(endpoint, true).send(query("big.test.", Type.TXT));
    assertThat(truncated(full)).isFalse();
    assertThat(full.getSection(Section.ANSWER)).hasSize(BIG_RECORDS);
  }

  // ---- raw UDP ----

  private static DatagramSocket udpSocket(int timeoutMillis) throws SocketException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    socket.setSoTimeout(timeoutMillis);
    return socket;
  }

  private static byte[] receive(DatagramSocket socket) throws IOException {
    DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
    socket.receive(packet);
    return Arrays.copyOf(packet.getData(), packet.getLength());
  }

  private static Message exchange(byte[] query) throws IOException {
    try (DatagramSocket socket = udpSocket(3000)) {
      socket.send(new DatagramPacket(query, query.length, endpoint));
      return parse(receive(socket));
    }
  }

  private static void assertSilence(byte[] query) throws IOException {
    try (DatagramSocket socket = udpSocket(300)) {
      socket.send(new DatagramPacket(query, query.length, endpoint));
      assertThatThrownBy(() -> receive(socket)).isInstanceOf(SocketTimeoutException.class);
    }
    assertAnswersAValidQuery();
  }

  /**
   * Like a stub resolver, retries until a deadline: after a flood the server's socket buffer may
   * still be full for a moment, and a datagram dropped then is never answered.
   */
  private static void assertAnswersAValidQuery() throws IOException {
    byte[] query = wire(query("Still.Alive.test.", Type.A));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Message r = null;
    try (DatagramSocket socket = udpSocket(250)) {
      while (r == null && System.nanoTime() < deadline) {
        socket.send(new DatagramPacket(query, query.length, endpoint));
        try {
          r = parse(receive(socket));
        } catch (SocketTimeoutException lost) {
          r = null;
        }
      }
    }
    assertThat(r).as("an answer within 5 s").isNotNull();
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getHeader().getID()).isEqualTo(0x1234);
    assertThat(r.getQuestion().getName().toString()).isEqualTo("Still.Alive.test.");
    assertThat(r.getSection(Section.ANSWER)).hasSize(1);
  }

  private static Message assertRcode(byte[] query, int rcode) throws IOException {
    Message r = exchange(query);
    assertThat(r.getRcode()).isEqualTo(rcode);
    assertThat(r.getHeader().getID()).isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
    assertAnswersAValidQuery();
    return r;
  }

  @Test
  void malformedDatagramsGetTheSpecifiedAnswerOrSilence() throws IOException {
    assertSilence(new byte[0]);
    assertSilence(new byte[] {0x12, 0x34, 0x01, 0x00, 0x00});

    byte[] response = wire(query("example.test.", Type.A));
    response[2] |= (byte) 0x80;
    assertSilence(response);

    byte[] loop = {0x0B, 0x0B, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
    assertThat(assertRcode(loop, Rcode.FORMERR).getSection(Section.QUESTION)).isEmpty();

    Message two = query("a.test.", Type.A);
    two.addRecord(Record.newRecord(name("b.test."), Type.A, DClass.IN), Section.QUESTION);
    assertRcode(wire(two), Rcode.FORMERR);

    Message update = query("example.test.", Type.A);
    update.getHeader().setOpcode(5);
    assertThat(assertRcode(wire(update), Rcode.NOTIMP).getHeader().getOpcode()).isEqualTo(5);
  }

  @Test
  void ednsAndFramingViolationsAreFormerrOverARealSocket() throws IOException {
    byte[] opt = rawOpt(new byte[0]);
    Message twoOpts = assertRcode(rawQuery(0, 0, 2, opt, opt), Rcode.FORMERR);
    assertThat(twoOpts.getQuestion().getName()).isEqualTo(name("example.com."));
    assertThat(twoOpts.getOPT()).isNotNull();
    assertThat(twoOpts.getOPT().getOptions()).isEmpty();

    Message notRoot =
        assertRcode(
            rawQuery(0, 0, 1, rawOpt(new byte[] {1, 'x', 0}, 0, new byte[0])), Rcode.FORMERR);
    assertThat(notRoot.getOPT()).isNotNull();

    Message inAnswer = assertRcode(rawQuery(1, 0, 0, opt), Rcode.FORMERR);
    assertThat(inAnswer.getOPT()).isNotNull();

    Message badOption =
        assertRcode(rawQuery(0, 0, 1, rawOpt(new byte[] {0, 3, 0, 9})), Rcode.FORMERR);
    assertThat(badOption.getOPT()).isNotNull();

    Message trailing =
        assertRcode(
            concat(wire(query("example.test.", Type.A)), new byte[] {1, 2, 3}), Rcode.FORMERR);
    assertThat(trailing.getQuestion().getName()).isEqualTo(name("example.test."));
    assertThat(trailing.getOPT()).isNull();

    // The same query, well formed, is answered: the rules reject only what they name.
    assertThat(assertRcode(rawQuery(0, 0, 1, opt), Rcode.NOERROR).getOPT()).isNotNull();
    assertThat(pipeline.internalErrors()).isZero();
  }

  @Test
  void tenThousandRandomDatagramsThenAValidQuery() throws IOException {
    SplittableRandom random = new SplittableRandom(20240611);
    try (DatagramSocket socket = udpSocket(1000)) {
      for (int i = 0; i < 10_000; i++) {
        byte[] garbage = new byte[random.nextInt(600)];
        random.nextBytes(garbage);
        socket.send(new DatagramPacket(garbage, garbage.length, endpoint));
      }
    }
    assertAnswersAValidQuery();
    assertThat(pipeline.internalErrors()).isZero();
  }

  // ---- raw TCP ----

  private static void writeFrame(DataOutputStream out, byte[] message) throws IOException {
    out.writeShort(message.length);
    out.write(message);
  }

  private static Message readFrame(DataInputStream in) throws IOException {
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    return parse(message);
  }

  private static Socket tcp(InetSocketAddress target) throws IOException {
    Socket socket = new Socket();
    socket.connect(target, 3000);
    socket.setSoTimeout(3000);
    return socket;
  }

  private static Message tcpExchange(Socket socket, Message query) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    writeFrame(out, wire(query));
    out.flush();
    return readFrame(new DataInputStream(socket.getInputStream()));
  }

  @Test
  void pipelinedQueriesOnOneConnectionAreAllAnswered() throws IOException {
    try (Socket socket = tcp(endpoint)) {
      Message first = query("one.test.", Type.A);
      first.getHeader().setID(1);
      Message second = query("two.test.", Type.A);
      second.getHeader().setID(2);
      // Both frames in one write: the server must split them (RFC 7766 §6.2.1.1).
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      writeFrame(out, wire(first));
      writeFrame(out, wire(second));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      List<Message> answers = List.of(readFrame(in), readFrame(in));
      assertThat(answers)
          .extracting(m -> m.getHeader().getID(), m -> m.getQuestion().getName().toString())
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(1, "one.test."),
              org.assertj.core.groups.Tuple.tuple(2, "two.test."));
      // The connection stays open for more queries.
      assertThat(tcpExchange(socket, query("three.test.", Type.A)).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void connectionLimitAndIdleTimeoutAreHonoured() throws IOException, InterruptedException {
    DnsServerOptions options =
        DnsServerOptions.defaults()
            .withMaxTcpConnections(2)
            .withTcpIdleTimeout(Duration.ofSeconds(2));
    try (DnsServer limited =
        DnsServer.start(List.of(new InetSocketAddress(LOOPBACK, 0)), pipeline, options)) {
      InetSocketAddress target = limited.boundAddresses().get(0);
      try (Socket first = tcp(target);
          Socket second = tcp(target)) {
        assertThat(tcpExchange(first, query("a.test.", Type.A)).getRcode()).isZero();
        assertThat(tcpExchange(second, query("b.test.", Type.A)).getRcode()).isZero();
        try (Socket third = tcp(target)) {
          assertClosedByServer(third);
        }
        first.close();
        // A slot frees up once the server has seen the close: poll with a deadline.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Optional<Message> answered = Optional.empty();
        while (answered.isEmpty() && System.nanoTime() < deadline) {
          answered = tryTcpQuery(target);
        }
        assertThat(answered).isPresent();
        // The second connection is idle from here on: the server closes it (RFC 7766 §6.2.3).
        second.setSoTimeout(5000);
        assertClosedByServer(second);
      }
    }
  }

  private static Optional<Message> tryTcpQuery(InetSocketAddress target) throws IOException {
    try (Socket socket = tcp(target)) {
      return Optional.of(tcpExchange(socket, query("c.test.", Type.A)));
    } catch (java.io.EOFException | SocketException closedByServer) {
      return Optional.empty();
    }
  }

  private static void assertClosedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      assertThat(in.read()).isEqualTo(-1);
    } catch (SocketException reset) {
      assertThat(reset.getMessage()).containsIgnoringCase("reset");
    }
  }

  @Test
  void aTakenPortFailsClearly() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      InetSocketAddress busy = new InetSocketAddress(LOOPBACK, taken.getLocalPort());
      assertThatThrownBy(
              () -> DnsServer.start(List.of(busy), pipeline, DnsServerOptions.defaults()))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(BindException.class)
          .hasMessageContaining(busy.toString());
    }
  }

  // ---- dig and kdig ----

  private static Optional<Path> onPath(String tool) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Path require(String tool, String installHint) {
    Optional<Path> found = onPath(tool);
    if (found.isEmpty()) {
      Assumptions.abort(tool + " is not on the PATH; install " + installHint + " to run this test");
    }
    return found.get();
  }

  private static String run(Path tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.add("@" + endpoint.getAddress().getHostAddress());
    command.add("-p");
    command.add(Integer.toString(endpoint.getPort()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit code of %s:%n%s", command, text).isZero();
    return text;
  }

  private static String dig(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("+time=2", "+tries=1"));
    all.addAll(List.of(args));
    return run(require("dig", "bind9-dnsutils (dig)"), all.toArray(String[]::new));
  }

  @Test
  void digOverUdpAndTcpFromAnotherSourceAddress() throws IOException, InterruptedException {
    assertThat(dig("-b", "127.0.0.3", "+short", "whoami.test", "TXT"))
        .contains("\"127.0.0.3 127.0.0.1\"");
    assertThat(dig("-b", "127.0.0.4", "+tcp", "+short", "whoami.test", "TXT"))
        .contains("\"127.0.0.4 127.0.0.1\"");
  }

  @Test
  void digSeesFlagsAndTheQueryCase() throws IOException, InterruptedException {
    String out = dig("WwW.ExAmple.TEST", "A");
    assertThat(out).contains("status: NOERROR").containsPattern("flags: qr aa rd ra;");
    assertThat(out)
        .containsPattern("(?m)^WwW\\.ExAmple\\.TEST\\.\\s+60\\s+IN\\s+A\\s+192\\.0\\.2\\.1");
    assertThat(dig("+norec", "example.test", "A")).containsPattern("flags: qr aa ra;");
  }

  @Test
  void digNsidAndChaosIdentity() throws IOException, InterruptedException {
    assertThat(dig("+nsid", "example.test", "A")).contains("NSID").contains(NODE_ID);
    assertThat(dig("+tcp", "+nsid", "example.test", "A")).contains("NSID").contains(NODE_ID);
    assertThat(dig("+short", "CH", "TXT", "id.server")).contains("\"" + NODE_ID + "\"");
    assertThat(dig("+short", "CH", "TXT", "hostname.bind")).contains("\"" + NODE_ID + "\"");
    assertThat(dig("CH", "TXT", "version.bind")).contains("status: REFUSED");
  }

  @Test
  void digRetriesTruncatedAnswersOverTcp() throws IOException, InterruptedException {
    assertThat(dig("+ignore", "big.test", "TXT")).containsPattern("flags: qr aa tc rd ra;");
    String full = dig("big.test", "TXT");
    assertThat(full).contains("Truncated, retrying in TCP mode").contains("ANSWER: " + BIG_RECORDS);
  }

  @Test
  void digSeesBadversAndRefusedTransfers() throws IOException, InterruptedException {
    assertThat(dig("+edns=1", "+noednsnegotiation", "example.test", "A"))
        .contains("status: BADVERS");
    // dig's own EDNS negotiation (RFC 6891 §6.1.3): BADVERS, then version 0 succeeds.
    assertThat(dig("+edns=1", "example.test", "A"))
        .contains("BADVERS, retrying with EDNS version 0")
        .contains("status: NOERROR");
    assertThat(dig("AXFR", "example.test")).contains("Transfer failed");
  }

  @Test
  void kdigOverUdpAndTcp() throws IOException, InterruptedException {
    Path kdig = require("kdig", "knot-dnsutils (kdig)");
    assertThat(run(kdig, "+short", "-b", "127.0.0.5", "whoami.test", "TXT"))
        .contains("\"127.0.0.5 127.0.0.1\"");
    assertThat(run(kdig, "+tcp", "+short", "example.test", "A")).contains("192.0.2.1");
    assertThat(run(kdig, "+nsid", "example.test", "A")).contains("NSID").contains(NODE_ID);
  }
}
