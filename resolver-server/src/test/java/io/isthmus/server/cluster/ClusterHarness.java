package io.isthmus.server.cluster;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real cluster for an integration test class: one embedded PostgreSQL and N node processes of the
 * repackaged jar ({@code target/isthmus.jar}, built by {@code package} before the integration tests
 * run), node {@code i} named {@code node-a}, {@code node-b}… with its DNS listener on its own
 * loopback address {@code 127.77.i.1}. Registered as a static {@code @RegisterExtension} field, it
 * starts everything before the class's first test (the nodes concurrently), prints every node's log
 * tail when a test fails, and stops everything after the last test. The logs stay under {@code
 * target/cluster-it/<test class>/}. Not thread-safe: driven by the test thread.
 */
final class ClusterHarness implements BeforeAllCallback, AfterAllCallback, TestWatcher {
  static final String OPERATOR_TOKEN = "cluster-operator-token-for-tests";

  /** Three JVMs starting at once on two cores: Spring Boot needs a while. */
  static final Duration START_LIMIT = Duration.ofSeconds(180);

  private static final int LOG_TAIL_LINES = 60;

  /** How long the nodes may take to shut down after the last test before they are killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final int size;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final ExecutorService samplers = Executors.newCachedThreadPool();
  private SharedPostgres postgres;
  private Path folder;

  ClusterHarness(int size) {
    this.size = size;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Dig.assumeInstalled();
    Path jar = Path.of("target", "isthmus.jar");
    assumeThat(jar)
        .as("the repackaged jar (mvn package) is needed to start node processes")
        .isRegularFile();
    folder = Path.of("target", "cluster-it", context.getRequiredTestClass().getSimpleName());
    deleteRecursively(folder);
    Files.createDirectories(folder);
    postgres = SharedPostgres.start(folder.resolve("postgres"));
    for (int i = 1; i <= size; i++) {
      String id = "node-" + (char) ('a' + i - 1);
      String address = "127.77." + i + ".1";
      nodes.add(
          new NodeProcess(
              id,
              address,
              freeDnsPort(address),
              freeTcpPort(),
              folder.resolve(id),
              jar,
              postgres.jdbcUrl(),
              OPERATOR_TOKEN));
    }
    startAll(nodes);
  }

  /** Starts {@code which} concurrently and waits until every one is ready. */
  void startAll(List<NodeProcess> which) throws Exception {
    for (NodeProcess node : which) {
      node.start();
    }
    for (NodeProcess node : which) {
      node.awaitReady(START_LIMIT);
    }
  }

  /**
   * Brings the cluster back to its normal shape: PostgreSQL running and every node started and
   * ready, whatever an earlier test left stopped or killed.
   */
  void ensureAllRunning() throws Exception {
    postgres.start();
    List<NodeProcess> down = nodes.stream().filter(node -> !node.isAlive()).toList();
    startAll(down);
  }

  List<NodeProcess> nodes() {
    return List.copyOf(nodes);
  }

  NodeProcess node(String id) {
    return nodes.stream()
        .filter(node -> node.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  SharedPostgres postgres() {
    return postgres;
  }

  /**
   * Asks every node of {@code which} at the same moment (one thread each), so that the answers are
   * comparable: a sample of the cluster at one instant, in the order of {@code which}.
   */
  <T> Map<String, T> sampleTogether(List<NodeProcess> which, NodeQuery<T> query) throws Exception {
    List<Future<T>> answers = new ArrayList<>();
    for (NodeProcess node : which) {
      Callable<T> ask = () -> query.ask(node);
      answers.add(samplers.submit(ask));
    }
    Map<String, T> sample = new LinkedHashMap<>();
    for (int i = 0; i < which.size(); i++) {
      sample.put(which.get(i).id, answers.get(i).get());
    }
    return sample;
  }

  /** A question for one node (a dig, an HTTP call). */
  @FunctionalInterface
  interface NodeQuery<T> {
    T ask(NodeProcess node) throws Exception;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    StringBuilder report = new StringBuilder();
    report.append("===== ").append(context.getDisplayName()).append(" failed; node logs:\n");
    nodes.forEach(node -> report.append(node.logTail(LOG_TAIL_LINES)));
    System.out.println(report);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    samplers.shutdownNow();
    for (NodeProcess node : nodes) {
      if (node.isAlive()) {
        node.thaw();
      }
    }
    // All at once, with one grace period: a node whose store is away may be slow to shut down.
    nodes.forEach(NodeProcess::requestStop);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (NodeProcess node : nodes) {
      node.stopWithin(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** A port free for both UDP and TCP on {@code address}, as a DNS listener needs both. */
  private static int freeDnsPort(String address) throws IOException {
    InetAddress host = InetAddress.getByName(address);
    for (int attempt = 0; attempt < 20; attempt++) {
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, 0));
          ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(host, udp.getLocalPort()));
        return udp.getLocalPort();
      } catch (IOException taken) {
        // The TCP side of that port is in use: try another.
      }
    }
    throw new IOException("no port free for UDP and TCP on " + address);
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
