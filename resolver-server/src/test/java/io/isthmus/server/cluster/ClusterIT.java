package io.isthmus.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.AdminHttp;
import io.isthmus.testsupport.Dig;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three real node processes on one real PostgreSQL, checked as an operator would check a cluster
 * (docs/spec/operations.md "Several nodes, shared store"; docs/spec/resolution.md section 8): the
 * admin API of one node, the real dig against each node's own address. The tests run in order on
 * one cluster; each starts by bringing back whatever an earlier one stopped, but for the
 * store-outage test, which restarts the node the takeover test killed while the store is away (one
 * node restart in the class: each costs a JVM start on a busy machine). The class runs beside two
 * other integration-test classes (the build runs three at a time): its waits are deadlines generous
 * enough for three JVMs sharing two cores with it.
 */
@Order(1) // the longest integration-test class: started first, the others run beside it
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OPERATOR = ClusterHarness.OPERATOR_TOKEN;

  /** The VPC's CIDR is in 127.0.0.0/8: {@code dig -b} this address asks from inside the VPC. */
  private static final String VPC_CIDR = "127.77.100.0/24";

  private static final String IN_VPC = "127.77.100.5";
  private static final String ZONE = "cluster.example";
  private static final String WEB = "web." + ZONE;
  private static final String DB = "db." + ZONE;
  private static final String CHURN = "churn." + ZONE;
  private static final String CHURN_BEFORE = "10.77.3.1";
  private static final String CHURN_AFTER = "10.77.3.2";
  private static final String PRIMARY = "10.77.1.1";
  private static final String SECONDARY = "10.77.2.1";

  /**
   * The health check's period and interval. A METRIC check is evaluated at least once a period
   * (docs/spec/health.md "Status"), so this is the evaluation interval of the takeover promise:
   * another node leads within two of them.
   */
  private static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(5);

  /** One evaluation interval plus the monitor's one-second tick (docs/spec/health.md "Status"). */
  private static final Duration FLIP_LIMIT = EVALUATION_INTERVAL.plusSeconds(1);

  /**
   * A change reaches every node within a second (docs/spec/resolution.md section 8); slack for CI.
   */
  private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(3);

  /**
   * How long a node may take to serve a change made right after the store came back: its pool opens
   * connections again with up to 5 s between attempts (HikariCP's back-off after failed ones), then
   * one refresh (docs/operations.md "When the store is down").
   */
  private static final Duration RECONNECT_LIMIT = Duration.ofSeconds(12);

  /**
   * Static stability: with the store away a write gets 503 {@code ServiceUnavailable} within a
   * second or two (docs/spec/admin-api.md), never after the connection pool's 30 s wait.
   */
  private static final Duration REFUSAL_LIMIT = Duration.ofSeconds(2);

  /** Slack for a loaded machine on top of the promised latencies. */
  private static final Duration SLACK = Duration.ofSeconds(1);

  @RegisterExtension static final ClusterHarness cluster = new ClusterHarness(3);

  static NodeProcess a;
  static NodeProcess b;
  static NodeProcess c;
  static String token;
  static String zoneId;

  @BeforeAll
  static void configure() throws Exception {
    a = cluster.node("node-a");
    b = cluster.node("node-b");
    c = cluster.node("node-c");
    token =
        json(expect(a.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"cluster-app\"}"), 201))
            .get("token")
            .asString();
    String vpc =
        json(expect(
                a.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"cluster-use1\",\"region\":\"us-east-1\",\"cidrs\":[\""
                        + VPC_CIDR
                        + "\"]}"),
                201))
            .get("id")
            .asString();
    JsonNode zone =
        json(
            expect(
                a.call(
                    "POST",
                    "/v1/hostedzones",
                    token,
                    "{\"name\":\"" + ZONE + "\",\"vpcId\":\"" + vpc + "\"}"),
                201));
    zoneId = zone.get("id").asString();
    awaitInSync(a, zone.get("change").get("id").asString());
  }

  @Test
  @Order(1)
  void everyNodeIsListedLive() throws Exception {
    cluster.ensureAllRunning();
    for (NodeProcess node : cluster.nodes()) {
      JsonNode items =
          Poll.until(
              PROPAGATION_LIMIT.plus(SLACK),
              "GET /v1/nodes on " + node.id + " listing node-a, node-b and node-c as LIVE",
              () -> json(expect(node.call("GET", "/v1/nodes", OPERATOR, null), 200)).get("items"),
              list -> liveNodeIds(list).containsAll(List.of("node-a", "node-b", "node-c")));
      assertThat(liveNodeIds(items)).containsExactlyInAnyOrder("node-a", "node-b", "node-c");
    }
  }

  @Test
  @Order(2)
  void changeMadeThroughOneNodeIsAnsweredByTheOthers() throws Exception {
    cluster.ensureAllRunning();
    String change = upsert(a, WEB, "10.77.0.1");
    for (NodeProcess node : List.of(b, c)) {
      awaitAnswer(node, WEB, "10.77.0.1", PROPAGATION_LIMIT);
    }
    awaitInSync(b, change);
    Dig fromC = c.dig(IN_VPC, WEB, "A");
    assertThat(fromC.flags()).as(fromC.output).contains("aa");
    assertThat(c.dig("127.99.0.1", WEB).status())
        .as("a source in no VPC is refused on every node")
        .isEqualTo("REFUSED");
  }

  @Test
  @Order(3)
  void changeIsInSyncOnlyOnceEveryNodeServesIt() throws Exception {
    cluster.ensureAllRunning();
    // A hung node (SIGSTOP) still counts as running until its heartbeats are older than the
    // liveness window (10 s), far longer than this test needs: the change must wait for it.
    NodeProcess hung = c;
    hung.freeze();
    String change;
    try {
      change = upsert(a, WEB, "10.77.0.2");
      for (NodeProcess node : List.of(a, b)) {
        awaitAnswer(node, WEB, "10.77.0.2", PROPAGATION_LIMIT);
      }
      JsonNode pending = json(expect(b.call("GET", "/v1/changes/" + change, token, null), 200));
      assertThat(pending.get("status").asString())
          .as("while %s does not serve the change: %s", hung.id, pending)
          .isEqualTo("PENDING");
      assertThat(texts(pending.get("pendingNodes"))).containsExactly(hung.id);
    } finally {
      hung.thaw();
    }
    awaitInSync(a, change);
    // INSYNC promises that every node serves the change: ask all three at once, right now.
    Map<String, List<String>> sample =
        cluster.sampleTogether(cluster.nodes(), node -> node.dig(IN_VPC, WEB).answers("A"));
    assertThat(sample)
        .as("answers of every node as soon as the change is INSYNC")
        .allSatisfy((node, answers) -> assertThat(answers).containsExactly("10.77.0.2"));
  }

  @Test
  @Order(4)
  void metricPostedToOneNodeFlipsTheFailoverAnswerOnEveryNode() throws Exception {
    cluster.ensureAllRunning();
    String check =
        json(expect(
                a.call(
                    "POST",
                    "/v1/healthchecks",
                    token,
                    "{\"type\":\"METRIC\",\"intervalSeconds\":"
                        + EVALUATION_INTERVAL.toSeconds()
                        + ",\"insufficientDataHealthStatus\":\"LastKnownStatus\","
                        + "\"metric\":{\"namespace\":\"cluster\",\"metricName\":\"HealthyHostCount\","
                        + "\"dimensions\":{\"Service\":\"db\"},\"statistic\":\"Average\","
                        + "\"periodSeconds\":"
                        + EVALUATION_INTERVAL.toSeconds()
                        + ",\"evaluationPeriods\":3,\"datapointsToAlarm\":2,"
                        + "\"comparison\":\"LessThanThreshold\",\"threshold\":1}}"),
                201))
            .get("id")
            .asString();
    String change =
        changeBatch(
            a,
            "{\"changes\":["
                + failover("PRIMARY", "primary", PRIMARY, check)
                + ","
                + failover("SECONDARY", "secondary", SECONDARY, null)
                + "]}");
    awaitInSync(a, change);
    assertAllAnswer(DB, PRIMARY, "before any metric point");

    // Two complete periods below the threshold (and the current one): the alarm holds from the
    // next evaluation on, whichever node evaluates, if every node reads the same points.
    long now = System.currentTimeMillis() / 1000;
    long period = EVALUATION_INTERVAL.toSeconds();
    postMetric(a, 0, now - 2 * period, now - period, now);

    List<TimedSample> samples = new ArrayList<>();
    Poll.until(
        FLIP_LIMIT.plus(SLACK),
        "node-a, node-b and node-c all answering "
            + SECONDARY
            + " for "
            + DB
            + " after a metric point posted to node-a alone",
        () -> {
          TimedSample sample = new TimedSample(System.nanoTime(), sampleDb());
          samples.add(sample);
          return sample.answers();
        },
        sample -> sample.values().stream().allMatch(List.of(SECONDARY)::equals));
    // Once one node flipped, the others follow within the propagation promise.
    assertFollowedWithin(samples, PROPAGATION_LIMIT);

    for (int round = 0; round < 5; round++) {
      Map<String, List<String>> sample = sampleDb();
      assertThat(sample)
          .as("sample %d after the flip: every node answers the secondary", round)
          .allSatisfy((node, answers) -> assertThat(answers).containsExactly(SECONDARY));
    }
    for (NodeProcess node : cluster.nodes()) {
      JsonNode status =
          json(expect(node.call("GET", "/v1/healthchecks/" + check + "/status", token, null), 200));
      assertThat(status.get("status").asString())
          .as("the check's status read through %s: %s", node.id, status)
          .isEqualTo("UNHEALTHY");
    }
  }

  /**
   * The node killed by {@link #killedHealthLeaderIsReplacedWithinTwoIntervalsAndAnswersStayTheSame}
   * and left down, so that the store-outage test restarts it with nothing but its data dir; null
   * once it runs again.
   */
  static NodeProcess killedNode;

  @Test
  @Order(5)
  void killedHealthLeaderIsReplacedWithinTwoIntervalsAndAnswersStayTheSame() throws Exception {
    cluster.ensureAllRunning();
    JsonNode before = json(expect(a.call("GET", "/v1/nodes", OPERATOR, null), 200)).get("items");
    List<String> leaders = leaders(before);
    assertThat(leaders)
        .as(
            "exactly one LIVE node with \"healthLeader\": true in GET /v1/nodes "
                + "(docs/spec/admin-api.md, docs/spec/operations.md), got %s",
            before)
        .hasSize(1);
    NodeProcess leader = cluster.node(leaders.get(0));
    List<NodeProcess> survivors = cluster.nodes().stream().filter(node -> node != leader).toList();
    Map<String, List<String>> answersBefore = cluster.sampleTogether(survivors, ClusterIT::db);
    assertThat(new HashSet<>(answersBefore.values()))
        .as("the surviving nodes agree before the kill: %s", answersBefore)
        .hasSize(1);
    List<String> expected = answersBefore.values().iterator().next();

    killRightAfterAChange(leader, survivors.get(0));
    long killed = System.nanoTime();
    Duration limit = EVALUATION_INTERVAL.multipliedBy(2).plus(SLACK);
    NodeProcess asked = survivors.get(0);
    Poll.until(
        limit,
        "a LIVE node other than "
            + leader.id
            + " with \"healthLeader\": true after its kill -9"
            + " (answers of the survivors staying "
            + expected
            + " meanwhile)",
        () -> {
          // Every sample during the takeover: the survivors answer as before (no flap).
          Map<String, List<String>> sample = cluster.sampleTogether(survivors, ClusterIT::db);
          assertThat(sample)
              .as("answers %s after the leader's kill -9", Poll.since(killed))
              .allSatisfy((node, answers) -> assertThat(answers).isEqualTo(expected));
          return json(expect(asked.call("GET", "/v1/nodes", OPERATOR, null), 200)).get("items");
        },
        items -> leaders(items).stream().anyMatch(id -> !id.equals(leader.id)));
    for (int round = 0; round < 3; round++) {
      assertThat(cluster.sampleTogether(survivors, ClusterIT::db))
          .as("answers after the takeover")
          .allSatisfy((node, answers) -> assertThat(answers).isEqualTo(expected));
    }
    // Left down: the next test restarts it while the store is away.
  }

  @Test
  @Order(6)
  void storeOutageKeepsEveryNodeAnsweringAndAKilledNodeRestartsFromAWholeSnapshotFile()
      throws Exception {
    NodeProcess down;
    if (killedNode != null) {
      down = killedNode;
    } else {
      // Run alone (or after a failed takeover test): bring a node down the same way.
      cluster.ensureAllRunning();
      down = c;
      killRightAfterAChange(down, a);
    }
    List<NodeProcess> running = cluster.nodes().stream().filter(node -> node != down).toList();
    NodeProcess writer = running.get(0);
    Map<String, List<String>> webBefore =
        cluster.sampleTogether(running, node -> node.dig(IN_VPC, WEB).answers("A"));
    assertThat(new HashSet<>(webBefore.values()))
        .as("the running nodes agree before the outage: %s", webBefore)
        .hasSize(1);
    List<String> web = webBefore.values().iterator().next();
    cluster.postgres().stop();

    assertThat(cluster.sampleTogether(running, node -> node.dig(IN_VPC, WEB).answers("A")))
        .as("answers with PostgreSQL stopped")
        .isEqualTo(webBefore);

    long asked = System.nanoTime();
    HttpResponse<String> refused;
    try {
      refused =
          writer.call(
              "POST",
              "/v1/hostedzones/" + zoneId + "/rrsets/changes",
              token,
              upsertBody(WEB, "10.77.0.3"),
              Duration.ofSeconds(10));
    } catch (HttpTimeoutException hung) {
      throw new AssertionError(
          "expected 503 ServiceUnavailable within "
              + REFUSAL_LIMIT
              + " for a write with the store stopped; the request hung for 10 s",
          hung);
    }
    Duration took = Poll.since(asked);
    assertThat(refused.statusCode())
        .as("a write with the store stopped: %s", refused.body())
        .isEqualTo(503);
    assertThat(json(refused).path("code").asString()).isEqualTo("ServiceUnavailable");
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(took).as("time to refuse the write").isLessThanOrEqualTo(REFUSAL_LIMIT.plus(SLACK));

    // The node killed right after a change, likely while refreshing and writing its snapshot
    // file, starts with nothing but its data dir: it serves a whole snapshot file (the old or the
    // new value of the change), never a half-written one, never nothing.
    Set<String> whole = Set.of(CHURN_BEFORE, CHURN_AFTER);
    down.start();
    killedNode = null;
    Poll.until(
        ClusterHarness.START_LIMIT,
        down.id
            + " restarted after kill -9, with PostgreSQL stopped, answering "
            + WEB
            + " "
            + web
            + " and "
            + CHURN
            + " with one of "
            + whole
            + " from its snapshot file",
        () -> {
          down.assertAlive();
          return List.of(down.dig(IN_VPC, WEB).answers("A"), down.dig(IN_VPC, CHURN).answers("A"));
        },
        answers ->
            answers.get(0).equals(web)
                && answers.get(1).size() == 1
                && whole.contains(answers.get(1).get(0)));

    cluster.postgres().start();
    // Writes work again once the store is back; until then only 503, never a 500 or a hang.
    long back = System.nanoTime();
    HttpResponse<String> written =
        Poll.until(
            Duration.ofSeconds(20),
            "a write through " + down.id + " accepted (200) after PostgreSQL came back",
            () -> {
              HttpResponse<String> response =
                  down.call(
                      "POST",
                      "/v1/hostedzones/" + zoneId + "/rrsets/changes",
                      token,
                      upsertBody(WEB, "10.77.0.4"),
                      Duration.ofSeconds(10));
              assertThat(response.statusCode())
                  .as(
                      "a write %s after PostgreSQL came back: %s",
                      Poll.since(back), response.body())
                  .isIn(200, 503);
              return response;
            },
            response -> response.statusCode() == 200);
    awaitInSync(a, json(written).get("id").asString());
    assertAllAnswer(WEB, "10.77.0.4", "after the store came back", RECONNECT_LIMIT);
    assertAllAnswer(CHURN, CHURN_AFTER, "after the store came back", RECONNECT_LIMIT);
    awaitClusterHealthy();
  }

  /**
   * Sets {@link #CHURN} to {@link #CHURN_BEFORE} on every node, then changes it to {@link
   * #CHURN_AFTER} through {@code through} and kills {@code victim} with SIGKILL as soon as the
   * change is committed: the push reaches the victim as it dies, so it is likely in the middle of
   * refreshing and writing its snapshot file. Leaves it down in {@link #killedNode}.
   */
  private static void killRightAfterAChange(NodeProcess victim, NodeProcess through)
      throws Exception {
    upsert(through, CHURN, CHURN_BEFORE);
    assertAllAnswer(CHURN, CHURN_BEFORE, "before the kill");
    upsert(through, CHURN, CHURN_AFTER);
    victim.kill();
    killedNode = victim;
  }

  // ----- the cluster as GET /v1/nodes reports it

  /**
   * Every node LIVE, reaching the store, serving the store's latest version, and none of them
   * serving a stale snapshot (docs/spec/operations.md "Several nodes, shared store").
   */
  private static void awaitClusterHealthy() throws Exception {
    Poll.until(
        Duration.ofSeconds(20),
        "GET /v1/nodes listing three LIVE nodes with storeReachable true, servingStale false,"
            + " lagVersions 0 and one healthLeader",
        () -> json(expect(a.call("GET", "/v1/nodes", OPERATOR, null), 200)).get("items"),
        items -> {
          int healthy = 0;
          for (JsonNode item : items) {
            if (item.path("status").asString().equals("LIVE")
                && item.path("storeReachable").asBoolean(false)
                && !item.path("servingStale").asBoolean(true)
                && item.path("lagVersions").asLong(-1) == 0) {
              healthy++;
            }
          }
          return healthy == 3 && leaders(items).size() == 1;
        });
  }

  private static List<String> liveNodeIds(JsonNode items) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : items) {
      if (item.path("status").asString().equals("LIVE")) {
        ids.add(item.get("nodeId").asString());
      }
    }
    return ids;
  }

  private static List<String> leaders(JsonNode items) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : items) {
      if (item.path("status").asString().equals("LIVE")
          && item.path("healthLeader").asBoolean(false)) {
        ids.add(item.get("nodeId").asString());
      }
    }
    return ids;
  }

  // ----- answers

  private static List<String> db(NodeProcess node) throws Exception {
    return node.dig(IN_VPC, DB).answers("A");
  }

  private static Map<String, List<String>> sampleDb() throws Exception {
    return cluster.sampleTogether(cluster.nodes(), ClusterIT::db);
  }

  /** Every node's answers, taken together at {@code nanos}. */
  private record TimedSample(long nanos, Map<String, List<String>> answers) {}

  /**
   * The last sample (all three answer the secondary) was taken within {@code limit} of the first
   * sample in which any node answered it.
   */
  private static void assertFollowedWithin(List<TimedSample> samples, Duration limit) {
    TimedSample first =
        samples.stream()
            .filter(sample -> sample.answers().values().contains(List.of(SECONDARY)))
            .findFirst()
            .orElseThrow();
    TimedSample last = samples.get(samples.size() - 1);
    assertThat(Duration.ofNanos(last.nanos() - first.nanos()))
        .as(
            "time from the first node answering %s to all three answering it; samples: %s",
            SECONDARY, samples.subList(samples.indexOf(first), samples.size()))
        .isLessThanOrEqualTo(limit);
  }

  private static void assertAllAnswer(String name, String expected, String when) throws Exception {
    assertAllAnswer(name, expected, when, PROPAGATION_LIMIT);
  }

  private static void assertAllAnswer(String name, String expected, String when, Duration limit)
      throws Exception {
    for (NodeProcess node : cluster.nodes()) {
      awaitAnswer(node, name, expected, limit);
    }
    assertThat(cluster.sampleTogether(cluster.nodes(), node -> node.dig(IN_VPC, name).answers("A")))
        .as("every node's answer for %s %s", name, when)
        .allSatisfy((node, answers) -> assertThat(answers).containsExactly(expected));
  }

  private static void awaitAnswer(NodeProcess node, String name, String expected, Duration limit)
      throws Exception {
    Poll.until(
        limit,
        node.id + " answering " + name + " A " + expected,
        () -> {
          node.assertAlive();
          return node.dig(IN_VPC, name).answers("A");
        },
        List.of(expected)::equals);
  }

  // ----- admin API

  private static void awaitInSync(NodeProcess node, String changeId) throws Exception {
    Poll.until(
        Duration.ofSeconds(10),
        "change " + changeId + " INSYNC",
        () -> {
          // Right after the store returns, a node may still answer 503 for a moment.
          HttpResponse<String> response = node.call("GET", "/v1/changes/" + changeId, token, null);
          return response.statusCode() == 503 ? null : json(expect(response, 200));
        },
        change -> change != null && change.get("status").asString().equals("INSYNC"));
  }

  /** UPSERTs one A record through {@code node}; the change's id. */
  private static String upsert(NodeProcess node, String name, String address) throws Exception {
    return changeBatch(node, upsertBody(name, address));
  }

  private static String upsertBody(String name, String address) {
    return "{\"changes\":[{\"action\":\"UPSERT\",\"rrset\":{\"name\":\""
        + name
        + "\",\"type\":\"A\",\"ttl\":1,\"records\":[\""
        + address
        + "\"]}}]}";
  }

  private static String changeBatch(NodeProcess node, String body) throws Exception {
    HttpResponse<String> response =
        node.call("POST", "/v1/hostedzones/" + zoneId + "/rrsets/changes", token, body);
    return json(expect(response, 200)).get("id").asString();
  }

  private static String failover(String role, String id, String address, String checkId) {
    return AdminHttp.failoverCreate(DB, 1, role, id, address, checkId);
  }

  private static void postMetric(NodeProcess node, double value, long... epochSeconds)
      throws Exception {
    StringBuilder points = new StringBuilder();
    for (long second : epochSeconds) {
      points.append(points.length() == 0 ? "" : ",");
      points.append("{\"timestamp\":").append(second).append(",\"value\":").append(value);
      points.append('}');
    }
    expect(
        node.call(
            "POST",
            "/v1/metrics",
            token,
            "{\"namespace\":\"cluster\",\"metricName\":\"HealthyHostCount\","
                + "\"dimensions\":{\"Service\":\"db\"},\"points\":["
                + points
                + "]}"),
        204);
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode())
        .as("%s %s: %s", response.request().method(), response.uri(), response.body())
        .isEqualTo(status);
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asString()));
    return texts;
  }
}
