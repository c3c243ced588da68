package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.addr;
import static io.isthmus.server.dns.WireFixtures.answer;
import static io.isthmus.server.dns.WireFixtures.query;
import static io.isthmus.server.dns.WireFixtures.txtRecords;
import static io.isthmus.server.dns.WireFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.Resolution;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * TCP connection limits on real sockets (RFC 7766 §6.2): caps per source and in total, idle and
 * slowloris closes, a client that does not read, and pipelining beyond the in-flight cap. Clients
 * bind unusual loopback addresses (127.77.x.y) so each test's sources are its own.
 */
class TcpLimitsIT {
  private static final Name SLOW = Name.fromConstantString("slow.test.");
  private static final Name BIG = Name.fromConstantString("big.test.");

  /** Queries for slow.test wait here until the test answers them. */
  private final ConcurrentLinkedQueue<CompletableFuture<Resolution>> held =
      new ConcurrentLinkedQueue<>();

  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger mostPending = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();
  private DnsServer server;
  private TcpConnections connections;
  private InetSocketAddress endpoint;

  private CompletableFuture<Resolution> resolve(Name qname) {
    if (qname.equals(SLOW)) {
      CompletableFuture<Resolution> later = new CompletableFuture<>();
      mostPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
      held.add(later);
      return later;
    }
    if (qname.equals(BIG)) {
      return CompletableFuture.completedFuture(txtRecords(qname, Collections.nCopies(60, 200)));
    }
    return CompletableFuture.completedFuture(
        answer(List.of(new ARecord(qname, DClass.IN, 60, addr("192.0.2.1")))));
  }

  private void start(DnsServerOptions options) {
    QueryPipeline pipeline =
        new QueryPipeline("tcp-it", (source, local, qname, qtype) -> resolve(qname));
    connections = TcpConnections.of(options);
    DnsEventLoops loops = new DnsEventLoops(1);
    server =
        DnsServer.start(
            List.of(new InetSocketAddress(addr("127.0.0.1"), 0)),
            pipeline,
            options,
            loops,
            connections);
    endpoint = server.boundAddresses().get(0);
    closeLater(loops);
  }

  private final List<AutoCloseable> resources = new ArrayList<>();

  private void closeLater(AutoCloseable resource) {
    resources.add(resource);
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private static DnsServerOptions options() {
    return DnsServerOptions.defaults().withEventLoopThreads(1);
  }

  private Socket connect(String source) throws IOException {
    Socket socket = new Socket();
    sockets.add(socket);
    socket.bind(new InetSocketAddress(addr(source), 0));
    socket.connect(endpoint, 3_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static void send(Socket socket, Message query) throws IOException {
    byte[] message = wire(query);
    OutputStream out = socket.getOutputStream();
    out.write(message.length >> 8);
    out.write(message.length);
    out.write(message);
    out.flush();
  }

  private static Message receive(Socket socket) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    return new Message(message);
  }

  private static Message ask(Socket socket, String name) throws IOException {
    Message query = query(name, Type.A);
    send(socket, query);
    Message response = receive(socket);
    assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
    return response;
  }

  /** True once the server has closed the connection: end of stream or a reset, within 5 s. */
  private static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void aSourceAtItsCapHasNewConnectionsClosedWhileOthersAndEstablishedOnesAreServed()
      throws Exception {
    start(options().withMaxTcpConnectionsPerSource(3));
    List<Socket> established = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket socket = connect("127.77.1.1");
      assertThat(ask(socket, "a.test.").getRcode()).isZero();
      established.add(socket);
    }

    Socket fourth = connect("127.77.1.1");
    fourth.setSoTimeout(3_000);
    assertThat(closedByServer(fourth)).as("the fourth connection is closed at once").isTrue();
    await(
        () -> connections.rejected(TcpConnections.Rejection.SOURCE_LIMIT) == 1,
        "the rejection to be counted");

    // Another address, through the real kdig.
    assertThat(kdig("+tcp", "-b", "127.77.2.1", "+short", "other.test", "A")).contains("192.0.2.1");
    for (Socket socket : established) {
      assertThat(ask(socket, "again.test.").getRcode()).isZero();
    }
    assertThat(connections.open(addr("127.77.1.1"))).isEqualTo(3);

    // A closed connection frees its place.
    established.get(0).close();
    await(() -> connections.open(addr("127.77.1.1")) == 2, "the close to be seen");
    assertThat(ask(connect("127.77.1.1"), "b.test.").getRcode()).isZero();
  }

  @Test
  void theTotalCapClosesNewConnectionsFromAnySource() throws Exception {
    start(options().withMaxTcpConnections(2));
    Socket first = connect("127.77.3.1");
    Socket second = connect("127.77.3.2");
    assertThat(ask(first, "a.test.").getRcode()).isZero();
    assertThat(ask(second, "a.test.").getRcode()).isZero();
    assertThat(closedByServer(connect("127.77.3.3"))).isTrue();
    assertThat(connections.rejected(TcpConnections.Rejection.TOTAL_LIMIT)).isEqualTo(1);
    assertThat(ask(first, "still.test.").getRcode()).isZero();
    assertThat(connections.open()).isEqualTo(2);
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    start(options().withTcpIdleTimeout(Duration.ofMillis(500)));
    Socket silent = connect("127.77.4.1");
    Socket used = connect("127.77.4.2");
    assertThat(ask(used, "a.test.").getRcode()).isZero();
    long start = System.nanoTime();
    assertThat(closedByServer(silent)).isTrue();
    assertThat(closedByServer(used)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(connections.closed(TcpConnections.Closing.IDLE)).isEqualTo(2);
  }

  @Test
  void aConnectionOwingAnAnswerIsNotIdle() throws Exception {
    start(options().withTcpIdleTimeout(Duration.ofMillis(300)));
    Socket socket = connect("127.77.4.3");
    Message query = query("slow.test.", Type.A);
    send(socket, query);
    await(() -> !held.isEmpty(), "the query to be held");
    // Several idle periods pass while the answer is owed; then it is still delivered.
    socket.setSoTimeout(1_000);
    assertThat(closedByServer(socket)).as("closed while an answer was owed").isFalse();
    socket.setSoTimeout(5_000);
    held.poll().complete(answer(List.of(new ARecord(SLOW, DClass.IN, 60, addr("192.0.2.9")))));
    assertThat(receive(socket).getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(closedByServer(socket)).as("idle once answered").isTrue();
  }

  @Test
  void aLengthPrefixWithoutItsMessageIsClosed() throws Exception {
    start(options().withTcpIdleTimeout(Duration.ofMillis(500)));
    Socket socket = connect("127.77.5.1");
    socket.getOutputStream().write(new byte[] {0, 40});
    socket.getOutputStream().flush();
    assertThat(closedByServer(socket)).isTrue();
  }

  @Test
  void aTricklingSlowlorisIsClosedThoughNeverIdle() throws Exception {
    start(options().withTcpIdleTimeout(Duration.ofMillis(800)));
    Socket socket = connect("127.77.5.2");
    byte[] query = wire(query("trickle.test.", Type.A));
    OutputStream out = socket.getOutputStream();
    out.write(new byte[] {(byte) (query.length >> 8), (byte) query.length});
    // One byte every 200 ms keeps the connection from ever being idle; the wait between bytes is
    // a read with a timeout, which also sees the close.
    socket.setSoTimeout(200);
    long start = System.nanoTime();
    boolean closed = false;
    for (int i = 0; i < query.length - 1 && !closed; i++) {
      try {
        out.write(query[i]);
        out.flush();
      } catch (SocketException reset) {
        closed = true;
        break;
      }
      closed = closedByServer(socket);
    }
    assertThat(closed).as("closed before the message was complete").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(connections.closed(TcpConnections.Closing.SLOW_MESSAGE)).isEqualTo(1);
    assertThat(connections.closed(TcpConnections.Closing.IDLE)).isZero();
  }

  @Test
  void aClientThatDoesNotReadItsAnswersIsClosed() throws Exception {
    start(options().withTcpIdleTimeout(Duration.ofMillis(500)));
    Socket socket = new Socket();
    sockets.add(socket);
    socket.setReceiveBufferSize(4096);
    socket.bind(new InetSocketAddress(addr("127.77.6.1"), 0));
    socket.connect(endpoint, 3_000);
    // About 12 KB of answer each: far more than the socket buffers and the water mark hold.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < 2_000; i++) {
                  send(socket, query("big.test.", Type.TXT));
                }
              } catch (IOException closedUnderUs) {
                // Expected once the server gives up on us.
              }
            });
    await(
        () -> connections.closed(TcpConnections.Closing.SLOW_READER) == 1,
        "the non-reading client to be closed");
    writer.get(10, TimeUnit.SECONDS);
    await(() -> connections.open() == 0, "the connection to be gone");
  }

  @Test
  void aPipelinedBurstBeyondTheInFlightCapIsAllAnswered() throws Exception {
    start(options().withMaxTcpQueriesInFlight(4));
    Socket socket = connect("127.77.7.1");
    Set<Integer> ids = new HashSet<>();
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < 20; i++) {
      Message query = query("slow.test.", Type.A);
      ids.add(query.getHeader().getID());
      byte[] message = wire(query);
      burst.write(message.length >> 8);
      burst.write(message.length);
      burst.write(message);
    }
    // One write: every query reaches the server in one read.
    socket.getOutputStream().write(burst.toByteArray());
    socket.getOutputStream().flush();

    Set<Integer> answered = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      await(() -> !held.isEmpty(), "a query to be held");
      assertThat(pending.get()).isLessThanOrEqualTo(4);
      pending.decrementAndGet();
      held.poll().complete(answer(List.of(new ARecord(SLOW, DClass.IN, 60, addr("192.0.2.7")))));
      answered.add(receive(socket).getHeader().getID());
    }
    assertThat(answered).isEqualTo(ids);
    assertThat(mostPending.get()).isEqualTo(4);
  }

  private String kdig(String... args) throws Exception {
    if (!onPath("kdig")) {
      Assumptions.abort("kdig is not on the PATH; install knot-dnsutils to run this check");
    }
    List<String> command = new ArrayList<>(List.of("kdig", "@127.0.0.1", "-p"));
    command.add(Integer.toString(endpoint.getPort()));
    command.addAll(List.of("+time=3", "+retry=0"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new String(output, StandardCharsets.UTF_8);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
