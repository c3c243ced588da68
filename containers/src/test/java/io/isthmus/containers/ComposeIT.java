package io.isthmus.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docker/compose.yaml brought up with podman-compose on the images of docker/local/images.sh
 * (docker/local/compose.yaml), and checked as an operator would: dig against each node and against
 * BIND, the admin API of one node. The tests run in order on one stack; later ones stop containers.
 * Addresses are the compose file's (127.78.0.0/16).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {
  private static final String PROJECT = "isthmus-it";
  private static final String OPERATOR = "change-me-operator-token";
  private static final String BIND = "127.0.0.1";
  private static final int BIND_PORT = 10053;
  private static final String IN_USE1 = "127.78.10.5";
  private static final String IN_USW2 = "127.78.20.5";
  private static final String DATA_CENTRE = "127.78.0.5";
  private static final String WEB = "web.aws.example.internal";
  private static final String DB = "db.aws.example.internal";

  /** The nodes: service name → its address (DNS port 8053, admin API port 8080). */
  private static final Map<String, String> NODES =
      Map.of("use1-a", "127.78.1.1", "use1-b", "127.78.1.2", "usw2-a", "127.78.2.1");

  /** Three JVMs and PostgreSQL starting together on a small machine: generous, it is a deadline. */
  private static final Duration STACK_UP = Duration.ofMinutes(6);

  /** A metric flips the answer within one period (10 s) plus the monitor's tick; slack for CI. */
  private static final Duration FLIP = Duration.ofSeconds(30);

  private static final Duration CHANGE = Duration.ofSeconds(20);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void upTheStack() throws Exception {
    Dig.assumeInstalled();
    Podman.assumeWorksAndBuildImages();
    compose(Duration.ofMinutes(3), "down", "-v");
    long started = System.nanoTime();
    compose(STACK_UP, "up", "-d");
    for (String node : NODES.keySet()) {
      Poll.until(
          STACK_UP,
          node + " answering the seed configuration's " + WEB,
          () -> digNode(node, WEB).answers("A"),
          answers -> answers.equals(List.of("10.78.0.10")));
    }
    System.out.printf(
        "FIGURE compose up to every node answering: %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void downTheStack() throws Exception {
    if (Podman.tryRun(Duration.ofSeconds(30), List.of("podman", "info")).exitCode() == 0) {
      compose(Duration.ofMinutes(3), "down", "-v");
    }
  }

  @Test
  @Order(1)
  void everyNodeAnswersThePrivateZoneForItsRegionsVpc() throws Exception {
    for (String node : List.of("use1-a", "use1-b")) {
      Dig answer = digNode(node, IN_USE1, WEB);
      assertThat(answer.answers("A")).as(node).containsExactly("10.78.0.10");
      assertThat(answer.flags()).as(node).contains("aa");
    }
    assertThat(digNode("usw2-a", IN_USW2, WEB).answers("A")).containsExactly("10.78.0.10");
    // A node serves only its own regions' VPCs (isthmus.regions).
    assertThat(digNode("usw2-a", IN_USE1, WEB).status()).isEqualTo("REFUSED");
    assertThat(digNode("use1-a", IN_USW2, WEB).status()).isEqualTo("REFUSED");
  }

  @Test
  @Order(2)
  void theSeedIsLoadedOnlyOnce() throws Exception {
    Podman.podman("start", "--attach", container("seed"));
    assertThat(Podman.podman("logs", container("seed")))
        .contains("seed: loaded")
        .contains("already holds the seed configuration");
    assertThat(get("use1-a", "/v1/accounts", OPERATOR).body()).containsOnlyOnce("111111111111");
  }

  @Test
  @Order(3)
  void aForwardedNameReachesBindThroughTheOutboundEndpoint() throws Exception {
    for (String node : List.of("use1-a", "use1-b")) {
      assertThat(digNode(node, IN_USE1, "dc1.customer.local").answers("A"))
          .as(node)
          .containsExactly("10.10.0.1");
    }
    // BIND answers customer.local only to the outbound endpoint's addresses.
    assertThat(Dig.queryAt(BIND, BIND_PORT, DATA_CENTRE, "dc1.customer.local").status())
        .isEqualTo("REFUSED");
  }

  @Test
  @Order(4)
  void bindResolvesAPrivateZoneThroughTheInboundEndpoint() throws Exception {
    Dig answer = Dig.queryAt(BIND, BIND_PORT, DATA_CENTRE, WEB);

    assertThat(answer.answers("A")).containsExactly("10.78.0.10");
  }

  @Test
  @Order(5)
  void aMetricPushedToOneNodeFlipsTheFailoverAnswerOnAll() throws Exception {
    assertThat(digNode("use1-a", DB).answers("A")).containsExactly("10.78.1.20");
    String token =
        field(post("use1-a", "/v1/accounts/111111111111/token", OPERATOR, null), "token");
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> pushed =
        post(
            "use1-a",
            "/v1/metrics",
            token,
            "{\"namespace\":\"seed\",\"metricName\":\"HealthyHostCount\","
                + "\"dimensions\":{\"Service\":\"db\"},\"points\":[{\"timestamp\":"
                + (now - 20)
                + ",\"value\":0},{\"timestamp\":"
                + (now - 10)
                + ",\"value\":0}]}");
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);

    for (String node : NODES.keySet()) {
      Poll.until(
          FLIP,
          node + " answering the SECONDARY of " + DB,
          () -> digNode(node, DB).answers("A"),
          answers -> answers.equals(List.of("10.78.2.20")));
    }
  }

  @Test
  @Order(6)
  void stoppingPostgresLeavesEveryNodeAnswering() throws Exception {
    Podman.podman("stop", container("postgres"));
    try {
      for (String node : NODES.keySet()) {
        assertThat(digNode(node, WEB).answers("A")).as(node).containsExactly("10.78.0.10");
        assertThat(digNode(node, DB).answers("A")).as(node).containsExactly("10.78.2.20");
      }
      // Writes are refused at once with the store away, never after a long hang.
      long started = System.nanoTime();
      HttpResponse<String> write =
          post("use1-a", "/v1/accounts", OPERATOR, "{\"name\":\"while-away\"}");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
      assertThat(write.body()).contains("ServiceUnavailable");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    } finally {
      Podman.podman("start", container("postgres"));
    }
    Poll.until(
        CHANGE.multipliedBy(3),
        "use1-a taking writes again after PostgreSQL is back",
        () -> post("use1-a", "/v1/accounts", OPERATOR, "{\"name\":\"after-return\"}").statusCode(),
        status -> status == 201);
  }

  @Test
  @Order(7)
  void stoppingOneNodeLeavesTheOthersAnsweringAndItLeavesTheRegistry() throws Exception {
    // The compose file's grace period; a SIGKILL after it would show as exit code 137.
    Podman.podman("stop", "--time", "30", container("use1-b"));
    assertThat(Podman.podman("inspect", "--format", "{{.State.ExitCode}}", container("use1-b")))
        .isIn("0", "143");

    assertThat(digNode("use1-a", WEB).answers("A")).containsExactly("10.78.0.10");
    assertThat(digNode("usw2-a", WEB).answers("A")).containsExactly("10.78.0.10");
    String nodes =
        Poll.until(
            CHANGE,
            "use1-b gone from the live nodes of GET /v1/nodes",
            () -> get("use1-a", "/v1/nodes", OPERATOR).body(),
            body -> !liveNodes(body).contains("use1-b"));
    assertThat(liveNodes(nodes)).containsExactlyInAnyOrder("use1-a", "usw2-a");
  }

  /** The node ids that {@code GET /v1/nodes} lists with status LIVE. */
  private static List<String> liveNodes(String body) {
    List<String> live = new ArrayList<>();
    Matcher item = Pattern.compile("\\{[^{}]*\"nodeId\":\"([^\"]+)\"[^{}]*\\}").matcher(body);
    while (item.find()) {
      if (item.group().contains("\"status\":\"LIVE\"")) {
        live.add(item.group(1));
      }
    }
    return live;
  }

  private static String field(HttpResponse<String> response, String name) {
    Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
    assertThat(value.find()).as(response.statusCode() + " " + response.body()).isTrue();
    return value.group(1);
  }

  /** dig from the VPC of the node's region. */
  private static Dig digNode(String node, String name) throws Exception {
    return digNode(node, node.startsWith("usw2") ? IN_USW2 : IN_USE1, name);
  }

  private static Dig digNode(String node, String source, String name) throws Exception {
    return Dig.queryAt(NODES.get(node), 8053, source, name);
  }

  private static String container(String service) {
    return PROJECT + "_" + service + "_1";
  }

  private static void compose(Duration limit, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "podman-compose",
                "--podman-path",
                "docker/local/podman-host-network",
                "-p",
                PROJECT,
                "-f",
                "docker/compose.yaml",
                "-f",
                "docker/local/compose.yaml"));
    command.addAll(List.of(args));
    Podman.Result result = Podman.tryRun(limit, command);
    if (result.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + result.output());
    }
  }

  private static HttpResponse<String> get(String node, String path, String token) throws Exception {
    return send(node, "GET", path, token, null);
  }

  private static HttpResponse<String> post(String node, String path, String token, String body)
      throws Exception {
    return send(node, "POST", path, token, body);
  }

  private static HttpResponse<String> send(
      String node, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + NODES.get(node) + ":8080" + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
