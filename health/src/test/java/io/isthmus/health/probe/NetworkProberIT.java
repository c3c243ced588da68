package io.isthmus.health.probe;

import static io.isthmus.health.Checks.http;
import static io.isthmus.health.Checks.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real probes against real sockets on loopback. */
class NetworkProberIT {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /**
   * Timeouts far above what loopback needs, as a busy build machine can hold a first HTTP exchange
   * for most of a second (CI failed with 500 ms); the slow handler waits 10 s, longer than these.
   */
  final NetworkProber prober =
      new NetworkProber(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4));

  final CountDownLatch release = new CountDownLatch(1);
  ExecutorService handlers;
  HttpServer server;
  String base;

  @BeforeEach
  void startHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext("/ok", exchange -> respond(exchange, 200, "<html>all good</html>"));
    server.createContext("/fail", exchange -> respond(exchange, 503, "down"));
    server.createContext("/notfound", exchange -> respond(exchange, 404, "no"));
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/elsewhere-that-fails");
          respond(exchange, 302, "");
        });
    server.createContext("/long", exchange -> respond(exchange, 200, "x".repeat(6000) + "marker"));
    server.createContext(
        "/slow",
        exchange -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, "late");
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    handlers.shutdownNow();
    prober.close();
  }

  ProbeResult probe(io.isthmus.config.HealthCheck check) throws Exception {
    return prober.probe(check).get(10, TimeUnit.SECONDS);
  }

  @Test
  void tcpFailsOnAClosedPortAndSucceedsOnceItIsOpen() throws Exception {
    int port;
    try (ServerSocket probeForPort = new ServerSocket(0, 50, LOOPBACK)) {
      port = probeForPort.getLocalPort();
    }

    ProbeResult closed = probe(tcp("t", "127.0.0.1", port, 10, 3));
    assertThat(closed.success()).isFalse();
    assertThat(closed.detail()).startsWith("TCP 127.0.0.1:" + port + ": ");

    try (ServerSocket open = new ServerSocket()) {
      open.setReuseAddress(true);
      open.bind(new InetSocketAddress(LOOPBACK, port));
      ProbeResult opened = probe(tcp("t", "127.0.0.1", port, 10, 3));
      assertThat(opened.success()).isTrue();
      assertThat(opened.detail()).isEqualTo("TCP connection to 127.0.0.1:" + port + " opened");
    }
  }

  @Test
  void http2xxAnd3xxAreHealthyOthersNot() throws Exception {
    assertThat(probe(http("h", base + "/ok", null, 3)))
        .isEqualTo(ProbeResult.success("GET " + base + "/ok: HTTP 200"));
    assertThat(probe(http("h", base + "/moved", null, 3)).success()).isTrue(); // not followed
    assertThat(probe(http("h", base + "/fail", null, 3)))
        .isEqualTo(ProbeResult.failure("GET " + base + "/fail: HTTP 503"));
    assertThat(probe(http("h", base + "/notfound", null, 3)).success()).isFalse();
  }

  @Test
  void theSearchStringMustBeInTheFirst5120Bytes() throws Exception {
    assertThat(probe(http("h", base + "/ok", "all good", 3)).success()).isTrue();
    ProbeResult missing = probe(http("h", base + "/ok", "all bad", 3));
    assertThat(missing.success()).isFalse();
    assertThat(missing.detail()).contains("do not contain \"all bad\"");
    assertThat(probe(http("h", base + "/long", "marker", 3)).success()).isFalse();
    assertThat(probe(http("h", base + "/long", "xxxx", 3)).success()).isTrue();
    // A failing status fails even if the body matches.
    assertThat(probe(http("h", base + "/fail", "down", 3)).success()).isFalse();
  }

  @Test
  void aSlowResponseFailsWithinTheTimeout() throws Exception {
    ProbeResult slow = probe(http("h", base + "/slow", null, 3));

    assertThat(slow.success()).isFalse();
    assertThat(slow.detail()).contains("GET " + base + "/slow: ");
  }

  @Test
  void nothingListeningOnHttpFails() throws Exception {
    int port;
    try (ServerSocket probeForPort = new ServerSocket(0, 50, LOOPBACK)) {
      port = probeForPort.getLocalPort();
    }

    assertThat(probe(http("h", "http://127.0.0.1:" + port + "/", null, 3)).success()).isFalse();
  }

  @Test
  void aMalformedTargetFailsTheProbeInsteadOfThrowing() throws Exception {
    assertThat(probe(http("h", "http://[not a url", null, 3)).success()).isFalse();
    assertThat(probe(tcp("t", "127.0.0.1", 70000, 10, 3)).success()).isFalse();
  }
}
