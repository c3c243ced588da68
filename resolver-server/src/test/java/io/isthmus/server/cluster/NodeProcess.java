package io.isthmus.server.cluster;

import io.isthmus.testsupport.AdminHttp;
import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One resolver node as a separate operating-system process: {@code java -jar isthmus.jar} with its
 * own node id, data dir, DNS listener address and admin port, its output appended to files in its
 * folder. It can be stopped (SIGTERM), killed ({@code kill -9}), frozen (SIGSTOP) and started again
 * on the same data dir, addresses and ports. Not thread-safe: driven by the test thread, except
 * {@link #dig} and {@link #call}, which may run concurrently.
 */
final class NodeProcess {
  /** Small JVMs: three nodes, the build and the tests share two cores. */
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  final String id;
  final String dnsAddress;
  final int dnsPort;
  final int httpPort;
  final Path dataDir;
  final Path stdout;
  final Path stderr;
  private final List<String> command;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int starts;

  NodeProcess(
      String id,
      String dnsAddress,
      int dnsPort,
      int httpPort,
      Path folder,
      Path jar,
      String storeUrl,
      String operatorToken) {
    this.id = id;
    this.dnsAddress = dnsAddress;
    this.dnsPort = dnsPort;
    this.httpPort = httpPort;
    this.dataDir = folder.resolve("data");
    this.stdout = folder.resolve("stdout.log");
    this.stderr = folder.resolve("stderr.log");
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    args.addAll(JVM_OPTIONS);
    args.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    args.add("--isthmus.node-id=" + id);
    args.add("--isthmus.data-dir=" + dataDir.toAbsolutePath());
    args.add("--isthmus.dns.listen=" + dnsAddress + ":" + dnsPort);
    // Tests never leave the machine: names no zone claims are REFUSED.
    args.add("--isthmus.dns.default-upstreams=");
    args.add("--isthmus.store.url=" + storeUrl);
    args.add("--isthmus.store.username=" + SharedPostgres.user());
    args.add("--isthmus.admin.operator-token=" + operatorToken);
    args.add("--server.port=" + httpPort);
    this.command = List.copyOf(args);
  }

  /** Starts the process (a no-op while it runs); its output is appended to the log files. */
  void start() throws IOException {
    if (isAlive()) {
      return;
    }
    Files.createDirectories(dataDir);
    starts++;
    String banner = "===== start " + starts + " of " + id + " at " + Instant.now() + " =====\n";
    for (Path log : List.of(stdout, stderr)) {
      Files.writeString(
          log,
          banner,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    process =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .start();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * Waits until the actuator reports the node ready (first snapshot published, sockets bound).
   *
   * @throws AssertionError if the process exits or the deadline passes first
   */
  void awaitReady(Duration limit) throws Exception {
    Poll.until(
        limit,
        id + " ready (GET /actuator/health/readiness → 200)",
        () -> {
          assertAlive();
          return readiness();
        },
        status -> status == 200);
  }

  /** The readiness probe's HTTP status, or -1 while nothing listens. */
  int readiness() throws InterruptedException, IOException {
    try {
      return call("GET", "/actuator/health/readiness", null, null, Duration.ofSeconds(2))
          .statusCode();
    } catch (ConnectException | HttpTimeoutException e) {
      return -1;
    }
  }

  /** Fails at once, with the exit code, if the process is not running. */
  void assertAlive() {
    if (!isAlive()) {
      throw new AssertionError(
          id
              + " is not running"
              + (process == null ? "" : " (exit code " + process.exitValue() + ")")
              + "; see "
              + stdout);
    }
  }

  /** A graceful stop (SIGTERM, Spring's shutdown), forcibly after {@link #STOP_GRACE}. */
  void stop() throws InterruptedException {
    requestStop();
    stopWithin(STOP_GRACE);
  }

  /** Sends SIGTERM and returns at once, so that several nodes can shut down together. */
  void requestStop() {
    if (process != null) {
      process.destroy();
    }
  }

  /** Waits for the exit after {@link #requestStop()}; kills the process if it takes longer. */
  void stopWithin(Duration grace) throws InterruptedException {
    if (process != null && !process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  /** {@code kill -9}: no shutdown hook runs, files may be left half-written. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** SIGSTOP: the node stops heartbeating and refreshing, as if hung, until {@link #thaw()}. */
  void freeze() throws Exception {
    signal("-STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  void thaw() throws Exception {
    signal("-CONT");
  }

  private void signal(String signal) throws Exception {
    assertAlive();
    Process kill =
        new ProcessBuilder("kill", signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill " + signal + " " + id + " failed");
    }
  }

  /** {@code dig @<this node's address> -p <port> -b source args…}. */
  Dig dig(String source, String... args) throws Exception {
    return Dig.queryAt(dnsAddress, dnsPort, source, args);
  }

  /** An admin API call with a bearer token ({@code null} for none) and a JSON body (or none). */
  HttpResponse<String> call(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    return call(method, path, token, body, Duration.ofSeconds(30));
  }

  /** As {@link #call(String, String, String, String)}, giving up after {@code timeout}. */
  HttpResponse<String> call(String method, String path, String token, String body, Duration timeout)
      throws IOException, InterruptedException {
    return AdminHttp.call(http, httpPort, method, path, token, body, timeout);
  }

  /** The last {@code lines} lines of both log files, for a failure report. */
  String logTail(int lines) {
    StringBuilder tail = new StringBuilder();
    for (Path log : List.of(stdout, stderr)) {
      tail.append("----- ").append(log).append(" (last ").append(lines).append(" lines)\n");
      try {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(line -> tail.append(line).append('\n'));
      } catch (IOException e) {
        tail.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return tail.toString();
  }

  @Override
  public String toString() {
    return id + "@" + dnsAddress + ":" + dnsPort;
  }
}
