package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.testsupport.Dig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Health-driven answers end to end: metric points pushed over HTTP flip the demo's failover name in
 * the real dig's answers, within one evaluation interval plus a second (docs/spec/health.md
 * "Status"), and a TCP check follows a local port being closed and opened.
 */
@ResourceLock(DemoAddresses.LOCK)
class FailoverIT {
  private static final String DB = "db.app1.aws.customer.local";
  private static final String PRIMARY = "127.1.10.20";
  private static final String SECONDARY = "127.1.20.20";

  /** The demo check's period (10 s) plus the monitor's one-second tick, plus CI slack. */
  private static final Duration SWITCH_DEADLINE = Duration.ofSeconds(13);

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static String app1Token;

  @BeforeAll
  static void start() throws Exception {
    node = shared.start("--isthmus.demo=true");
    app1Token = node.issueToken(DemoConfiguration.APP1);
  }

  @Test
  void metricPointsFailTheDemoDatabaseOverAndBack() throws Exception {
    assertThat(answer("127.1.10.5")).containsExactly(PRIMARY);

    // Two complete periods below the threshold: the alarm's condition holds from now on.
    long now = System.currentTimeMillis() / 1000;
    push(0, now - 20, now - 10);
    long pushed = System.nanoTime();
    awaitAnswer(SECONDARY);
    assertThat(Duration.ofNanos(System.nanoTime() - pushed)).isLessThan(SWITCH_DEADLINE);
    assertThat(status(DemoConfiguration.DB_CHECK_ID))
        .contains("\"status\":\"UNHEALTHY\"")
        .contains("\"alarmState\":\"ALARM\"");
    // Every VPC that sees the zone gets the same decision; dig shows it with aa set.
    Dig fromNetworking = Dig.query(node.dnsPort, "127.0.10.5", DB);
    assertThat(fromNetworking.flags()).contains("aa");
    assertThat(fromNetworking.answers("A")).containsExactly(SECONDARY);

    // Healthy hosts again in every recent period, the current one included.
    now = System.currentTimeMillis() / 1000;
    push(3, now - 30, now - 20, now - 10, now);
    long recovered = System.nanoTime();
    awaitAnswer(PRIMARY);
    assertThat(Duration.ofNanos(System.nanoTime() - recovered)).isLessThan(SWITCH_DEADLINE);
    assertThat(status(DemoConfiguration.DB_CHECK_ID))
        .contains("\"status\":\"HEALTHY\"")
        .contains("\"history\":[");
  }

  @Test
  void tcpCheckFollowsAPortBeingClosedAndOpened() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, loopback)) {
      port = probe.getLocalPort();
    }
    String check =
        create(
            "/v1/healthchecks",
            "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"127.0.0.1\",\"port\":"
                + port
                + "},\"intervalSeconds\":1,\"failureThreshold\":1}");
    String checkId = id(check);
    String change =
        "{\"changes\":["
            + routed("PRIMARY", "primary", "127.1.10.30", checkId)
            + ","
            + routed("SECONDARY", "secondary", "127.1.20.30", null)
            + "]}";
    HttpResponse<String> changed =
        node.call("POST", "/v1/hostedzones/ZAPP1CUSTOMER001/rrsets/changes", app1Token, change);
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

    // Nothing listens: the probe fails and the secondary answers.
    awaitAnswer("tcp.app1.aws.customer.local", "127.1.20.30");
    assertThat(status(checkId)).contains("\"status\":\"UNHEALTHY\"");

    try (ServerSocket listening = new ServerSocket()) {
      listening.setReuseAddress(true);
      listening.bind(new InetSocketAddress(loopback, port));
      awaitAnswer("tcp.app1.aws.customer.local", "127.1.10.30");
      assertThat(status(checkId)).contains("\"status\":\"HEALTHY\"");
    }
    awaitAnswer("tcp.app1.aws.customer.local", "127.1.20.30");
  }

  private static String routed(String role, String id, String address, String checkId) {
    return "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"tcp.app1.aws.customer.local\","
        + "\"type\":\"A\",\"ttl\":5,\"records\":[\""
        + address
        + "\"],\"setIdentifier\":\""
        + id
        + "\",\"failover\":\""
        + role
        + "\""
        + (checkId == null ? "" : ",\"healthCheckId\":\"" + checkId + "\"")
        + "}}";
  }

  private static void push(double value, long... epochSeconds) throws Exception {
    StringBuilder points = new StringBuilder();
    for (long second : epochSeconds) {
      points.append(points.length() == 0 ? "" : ",");
      points
          .append("{\"timestamp\":")
          .append(second)
          .append(",\"value\":")
          .append(value)
          .append('}');
    }
    HttpResponse<String> response =
        node.call(
            "POST",
            "/v1/metrics",
            app1Token,
            "{\"namespace\":\"app1\",\"metricName\":\"HealthyHostCount\","
                + "\"dimensions\":{\"Service\":\"db\"},\"points\":["
                + points
                + "]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private static String create(String path, String body) throws Exception {
    HttpResponse<String> response = node.call("POST", path, app1Token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.body();
  }

  private static String id(String json) {
    Matcher m = ID.matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return m.group(1);
  }

  private static String status(String checkId) throws Exception {
    HttpResponse<String> response =
        node.call("GET", "/v1/healthchecks/" + checkId + "/status", app1Token, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body().replaceAll("\\s", "");
  }

  private static List<String> answer(String source) throws Exception {
    return Dig.query(node.dnsPort, source, DB).answers("A");
  }

  private static void awaitAnswer(String expected) throws Exception {
    awaitAnswer(DB, expected);
  }

  /** Polls with the real dig until the answer is {@code expected}, for at most 20 s. */
  private static void awaitAnswer(String name, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      last = Dig.query(node.dnsPort, "127.1.10.5", name).answers("A");
      if (last.equals(List.of(expected))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " still answers " + last + ", expected " + expected);
  }
}
