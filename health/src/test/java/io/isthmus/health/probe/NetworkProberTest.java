package io.isthmus.health.probe;

import static io.isthmus.health.Checks.http;
import static io.isthmus.health.Checks.metric;
import static io.isthmus.health.Checks.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.isthmus.config.HealthCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probes against real sockets on loopback, each outcome with its exact detail. The timeouts
 * only bound a broken probe; no test waits for one except the connect timeout, which a full accept
 * queue makes happen.
 */
class NetworkProberTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  static final String THREAD_PREFIX = "isthmus-health-probe-";

  final NetworkProber prober =
      new NetworkProber(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
  final List<AutoCloseable> resources = new ArrayList<>();
  HttpServer server;
  String base;

  @BeforeEach
  void startHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    server.createContext("/ok", exchange -> respond(exchange, 200, "<html>all good</html>"));
    server.createContext("/399", exchange -> respond(exchange, 399, ""));
    server.createContext("/400", exchange -> respond(exchange, 400, "bad"));
    server.createContext("/utf8", exchange -> respond(exchange, 200, "<p>café crème</p>"));
    // The marker's last byte is byte 5,120 of the body; one more byte in front pushes it out.
    server.createContext("/edge", exchange -> respond(exchange, 200, "x".repeat(5_114) + "marker"));
    server.createContext("/past", exchange -> respond(exchange, 200, "x".repeat(5_115) + "marker"));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.stop(0);
    prober.close();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  ProbeResult probe(NetworkProber with, HealthCheck check) throws Exception {
    return with.probe(check).get(30, TimeUnit.SECONDS);
  }

  ProbeResult probe(HealthCheck check) throws Exception {
    return probe(prober, check);
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void tcpSucceedsWhenTheConnectionOpensAndThenClosesIt() throws Exception {
    try (ServerSocket listening = new ServerSocket(0, 50, LOOPBACK)) {
      int port = listening.getLocalPort();

      assertThat(probe(tcp("t", "127.0.0.1", port, 10, 3)))
          .isEqualTo(ProbeResult.success("TCP connection to 127.0.0.1:" + port + " opened"));

      // The probe leaves no connection open: the server side reads end of stream.
      listening.setSoTimeout(10_000);
      try (Socket accepted = listening.accept()) {
        accepted.setSoTimeout(10_000);
        assertThat(accepted.getInputStream().read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void tcpFailsOnARefusedConnectionNamingTheTarget() throws Exception {
    int port = closedPort();

    ProbeResult refused = probe(tcp("t", "127.0.0.1", port, 10, 3));

    assertThat(refused.success()).isFalse();
    assertThat(refused.detail()).startsWith("TCP 127.0.0.1:" + port + ": ConnectException");
  }

  @Test
  void anInvalidTargetFailsTheProbeWithTheReason() throws Exception {
    assertThat(probe(tcp("t", "127.0.0.1", 70_000, 10, 3)))
        .isEqualTo(ProbeResult.failure("IllegalArgumentException: port out of range:70000"));
  }

  @Test
  void otherTypesAreNotProbed() throws Exception {
    assertThat(probe(metric("m", null)))
        .isEqualTo(ProbeResult.failure("METRIC checks are not probed"));
  }

  @Test
  void httpStatusesFrom200To399AreHealthy() throws Exception {
    assertThat(probe(http("h", base + "/ok", null, 3)))
        .isEqualTo(ProbeResult.success("GET " + base + "/ok: HTTP 200"));
    assertThat(probe(http("h", base + "/399", null, 3)))
        .isEqualTo(ProbeResult.success("GET " + base + "/399: HTTP 399"));
    assertThat(probe(http("h", base + "/400", null, 3)))
        .isEqualTo(ProbeResult.failure("GET " + base + "/400: HTTP 400"));
  }

  @Test
  void aSearchStringMustBeInTheBody() throws Exception {
    assertThat(probe(http("h", base + "/ok", "all good", 3)))
        .isEqualTo(
            ProbeResult.success("GET " + base + "/ok: HTTP 200, body contains \"all good\""));
    assertThat(probe(http("h", base + "/ok", "all bad", 3)))
        .isEqualTo(
            ProbeResult.failure(
                "GET "
                    + base
                    + "/ok: HTTP 200 but the first 5120 bytes do not contain \"all bad\""));
    // An empty search string is no search string.
    assertThat(probe(http("h", base + "/ok", "", 3)))
        .isEqualTo(ProbeResult.success("GET " + base + "/ok: HTTP 200"));
    // A failing status fails even if the body would match.
    assertThat(probe(http("h", base + "/400", "bad", 3)))
        .isEqualTo(ProbeResult.failure("GET " + base + "/400: HTTP 400"));
  }

  @Test
  void theSearchStringIsMatchedByItsUtf8Bytes() throws Exception {
    assertThat(probe(http("h", base + "/utf8", "café", 3)).success()).isTrue();
    assertThat(probe(http("h", base + "/utf8", "cafe", 3)).success()).isFalse();
  }

  @Test
  void onlyTheFirst5120BytesAreSearched() throws Exception {
    assertThat(probe(http("h", base + "/edge", "marker", 3)).success()).isTrue();
    assertThat(probe(http("h", base + "/past", "marker", 3)).success()).isFalse();
  }

  @Test
  void aRefusedHttpConnectionIsNamedWithoutTheAsyncWrapper() throws Exception {
    String url = "http://127.0.0.1:" + closedPort() + "/";

    assertThat(probe(http("h", url, null, 3)))
        .isEqualTo(ProbeResult.failure("GET " + url + ": ConnectException"));
  }

  @Test
  void aConnectTimeoutIsReportedAsATimeout() throws Exception {
    // A listener whose accept queue is full: Linux drops further SYNs, so a connect hangs.
    ServerSocket full = new ServerSocket(0, 1, LOOPBACK);
    resources.add(full);
    for (int i = 0; i < 16; i++) {
      Socket filler = new Socket();
      resources.add(filler);
      try {
        filler.connect(full.getLocalSocketAddress(), 500);
      } catch (SocketTimeoutException queueFull) {
        break;
      }
    }
    NetworkProber quick =
        new NetworkProber(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(60));
    resources.add(quick);
    String url = "http://127.0.0.1:" + full.getLocalPort() + "/";

    assertThat(probe(quick, http("h", url, null, 3)))
        .isEqualTo(ProbeResult.failure("GET " + url + ": timed out (HTTP connect timed out)"));
  }

  @Test
  void describeNamesTheExceptionAndItsMessageIfAny() {
    assertThat(NetworkProber.describe(new IOException("broken pipe")))
        .isEqualTo("IOException: broken pipe");
    assertThat(NetworkProber.describe(new IOException())).isEqualTo("IOException");
    assertThat(NetworkProber.describe(new IOException(" "))).isEqualTo("IOException");
  }

  @Test
  void closeStopsItsDaemonThreadsAndLaterProbesFail() throws Exception {
    Set<Thread> before = probeThreads();
    NetworkProber own = new NetworkProber();
    assertThat(probe(own, http("h", base + "/ok", null, 3)).success()).isTrue();
    Set<Thread> started = probeThreads();
    started.removeAll(before);
    assertThat(started).isNotEmpty().allMatch(Thread::isDaemon);

    own.close();

    for (Thread thread : started) {
      thread.join(10_000);
      assertThat(thread.isAlive()).as(thread.getName()).isFalse();
    }
    assertThat(probe(own, http("h", base + "/ok", null, 3)).detail())
        .startsWith("RejectedExecutionException");
    assertThat(probe(own, tcp("t", "127.0.0.1", server.getAddress().getPort(), 10, 3)).detail())
        .startsWith("ShutdownChannelGroupException");
  }

  static Set<Thread> probeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(THREAD_PREFIX))
        .collect(Collectors.toSet());
  }
}
