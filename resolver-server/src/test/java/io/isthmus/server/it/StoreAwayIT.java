package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import io.isthmus.testsupport.AdminHttp;
import io.isthmus.testsupport.Dig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static stability on a real PostgreSQL: DNS keeps answering and admin calls fail fast with 503
 * while the database is stopped, a node restarted meanwhile serves its last-snapshot file (its
 * failover record answering from the health statuses of before the restart), and both catch up once
 * the database is back.
 */
class StoreAwayIT {
  private static final String ZONE_BODY = "{\"name\":\"stale.example\",\"vpcId\":\"%s\"}";
  private static final String DB = "db.stale.example";
  private static final String PRIMARY = "10.77.0.10";
  private static final String SECONDARY = "10.77.0.20";

  @TempDir Path dataDir;
  @TempDir Path pgDir;
  private EmbeddedPostgres postgres;
  private int pgPort;

  @AfterEach
  void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void dnsAndTokensSurviveTheStoreGoingAwayAndTheNodeCatchesUp() throws Exception {
    Dig.assumeInstalled();
    pgPort = freePort();
    startPostgres();
    String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    String[] store = {
      "--isthmus.store.url=" + url, "--isthmus.store.username=postgres", "--isthmus.store.password="
    };
    String token;
    String failoverAnswer;
    try (RunningNode node = RunningNode.start(dataDir, store)) {
      String[] created = createAccountWithRecord(node);
      token = created[0];
      assertThat(answer(node, "a.stale.example")).isEqualTo("10.77.0.1");
      failoverAnswer = failOverOnAMetricAlarm(node, token, created[1]);
      assertThat(metric(node, "isthmus_health_leader")).isEqualTo("1.0");

      postgres.close();
      postgres = null;

      assertThat(answer(node, "a.stale.example")).isEqualTo("10.77.0.1");
      long started = System.nanoTime();
      HttpResponse<String> write =
          node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"late\"}");
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
      assertThat(write.body()).contains("\"code\":\"ServiceUnavailable\"");
      assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(millis).as("503 within seconds, not the pool's 30 s default").isLessThan(5_000);
      HttpResponse<String> read = node.call("GET", "/v1/hostedzones", token, null);
      assertThat(read.statusCode()).as(read.body()).isNotEqualTo(401).isNotEqualTo(500);
      assertThat(node.call("GET", "/v1/accounts/me", token, null).statusCode()).isNotEqualTo(401);
      awaitTrue(() -> metric(node, "isthmus_store_up").equals("0.0"));
      // The lease cannot be renewed: the node stops leading once its last expiry passed.
      awaitTrue(() -> metric(node, "isthmus_health_leader").equals("0.0"));
      assertThat(answer(node, DB)).isEqualTo(failoverAnswer);
    }

    try (RunningNode node = RunningNode.start(dataDir, store)) {
      assertThat(answer(node, "a.stale.example")).isEqualTo("10.77.0.1");
      // Not "healthy until evaluated": the statuses of before the restart, from the first answer.
      assertThat(answer(node, DB)).isEqualTo(failoverAnswer);
      assertThat(metric(node, "isthmus_health_leader")).isEqualTo("0.0");
      assertThat(metric(node, "isthmus_config_serving_stale")).isEqualTo("1.0");
      HttpResponse<String> readiness = node.call("GET", "/actuator/health/readiness", null, null);
      assertThat(readiness.statusCode()).isEqualTo(200);
      assertThat(readiness.body()).contains("serving stale configuration");
      assertThat(node.call("GET", "/v1/accounts/me", token, null).statusCode()).isNotEqualTo(401);

      startPostgres();
      awaitTrue(() -> metric(node, "isthmus_config_serving_stale").equals("0.0"));
      assertThat(metric(node, "isthmus_store_up")).isEqualTo("1.0");
      HttpResponse<String> write =
          node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"back\"}");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(201);
      assertThat(node.call("GET", "/actuator/health/readiness", null, null).body())
          .contains("serving the store's configuration");
    }
  }

  /**
   * A METRIC check on the zone's failover record: PRIMARY while healthy; points below the threshold
   * put its alarm in ALARM and the answer turns SECONDARY. Returns that answer once the node's
   * last-snapshot file holds the ALARM status.
   */
  private String failOverOnAMetricAlarm(RunningNode node, String token, String zone)
      throws Exception {
    String check =
        field(
            node.call(
                "POST",
                "/v1/healthchecks",
                token,
                "{\"type\":\"METRIC\",\"intervalSeconds\":10,"
                    + "\"insufficientDataHealthStatus\":\"LastKnownStatus\","
                    + "\"metric\":{\"namespace\":\"it\",\"metricName\":\"HealthyHostCount\","
                    + "\"dimensions\":{\"Service\":\"db\"},\"statistic\":\"Average\","
                    + "\"periodSeconds\":10,\"evaluationPeriods\":3,\"datapointsToAlarm\":2,"
                    + "\"comparison\":\"LessThanThreshold\",\"threshold\":1}}"),
            "id");
    HttpResponse<String> change =
        node.call(
            "POST",
            "/v1/hostedzones/" + zone + "/rrsets/changes",
            token,
            "{\"changes\":["
                + failover("PRIMARY", "primary", PRIMARY, check)
                + ","
                + failover("SECONDARY", "secondary", SECONDARY, null)
                + "]}");
    assertThat(change.statusCode()).as(change.body()).isLessThan(300);
    awaitAnswer(node, DB, PRIMARY);

    // Two complete periods below the threshold (and the current one): ALARM at the next evaluation.
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<String> pushed =
        node.call(
            "POST",
            "/v1/metrics",
            token,
            "{\"namespace\":\"it\",\"metricName\":\"HealthyHostCount\","
                + "\"dimensions\":{\"Service\":\"db\"},\"points\":["
                + "{\"timestamp\":%d,\"value\":0},{\"timestamp\":%d,\"value\":0},"
                    .formatted(now - 20, now - 10)
                + "{\"timestamp\":%d,\"value\":0}]}".formatted(now));
    assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(204);
    awaitAnswer(node, DB, SECONDARY);
    HttpResponse<String> status =
        node.call("GET", "/v1/healthchecks/" + check + "/status", token, null);
    assertThat(status.body().replaceAll("\\s", "")).contains("\"alarmState\":\"ALARM\"");
    Path file = dataDir.resolve(LastSnapshotFile.NAME);
    awaitTrue(() -> contentOf(file).contains("\"alarmState\":\"ALARM\""));
    return SECONDARY;
  }

  private static String failover(String role, String id, String address, String checkId) {
    return AdminHttp.failoverCreate(DB, 5, role, id, address, checkId);
  }

  private static String contentOf(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return ""; // replaced while read: read again
    }
  }

  private static void awaitAnswer(RunningNode node, String name, String expected) {
    awaitTrue(
        () -> {
          try {
            return Dig.query(node.dnsPort, "127.77.9.5", name)
                .answers("A")
                .equals(List.of(expected));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /**
   * An account with a VPC on 127.77.9.0/24, a zone and one A record; returns its token and the
   * zone's id.
   */
  private static String[] createAccountWithRecord(RunningNode node) throws Exception {
    String token =
        field(
            node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"it\"}"),
            "token");
    String vpc =
        field(
            node.call(
                "POST",
                "/v1/vpcs",
                token,
                "{\"name\":\"v\",\"region\":\"us-east-1\",\"cidrs\":[\"127.77.9.0/24\"]}"),
            "id");
    String zone =
        field(node.call("POST", "/v1/hostedzones", token, ZONE_BODY.formatted(vpc)), "id");
    HttpResponse<String> change =
        node.call(
            "POST",
            "/v1/hostedzones/" + zone + "/rrsets/changes",
            token,
            "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":\"a.stale.example\","
                + "\"type\":\"A\",\"ttl\":60,\"records\":[\"10.77.0.1\"]}}]}");
    assertThat(change.statusCode()).as(change.body()).isLessThan(300);
    return new String[] {token, zone};
  }

  private static String answer(RunningNode node, String name) throws Exception {
    Deadline deadline = new Deadline(Duration.ofSeconds(10));
    while (true) {
      Dig dig = Dig.query(node.dnsPort, "127.77.9.5", name);
      if (!dig.answers("A").isEmpty() || deadline.passed()) {
        assertThat(dig.answers("A")).as(dig.output).hasSize(1);
        return dig.answers("A").get(0);
      }
      Thread.onSpinWait();
    }
  }

  private static String field(HttpResponse<String> response, String name) {
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    var matcher =
        java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(response.body());
    assertThat(matcher.find()).as(response.body()).isTrue();
    return matcher.group(1);
  }

  private static String metric(RunningNode node, String name) {
    try {
      String body = node.call("GET", "/actuator/prometheus", null, null).body();
      for (String line : body.split("\n")) {
        if (line.startsWith(name + " ")) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return "missing";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    Deadline deadline = new Deadline(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(deadline.passed()).as("condition not met within 30 s").isFalse();
      Thread.onSpinWait();
    }
  }

  private void startPostgres() {
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setPort(pgPort)
              .setDataDirectory(pgDir)
              .setCleanDataDirectory(false)
              .setServerConfig("fsync", "off")
              .start();
    } catch (IOException | RuntimeException e) {
      assumeThat(e).as("PostgreSQL could not be started: " + e).isNull();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Deadline(long endNanos) {
    Deadline(Duration timeout) {
      this(System.nanoTime() + timeout.toNanos());
    }

    boolean passed() {
      return System.nanoTime() > endNanos;
    }
  }
}
