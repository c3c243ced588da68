package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The recipes of docs/troubleshooting.md, each run against a demo node with the real dig and its
 * output checked as the recipe describes it. (The explain recipe is ExplainIT's.)
 */
@ResourceLock(DemoAddresses.LOCK)
class TroubleshootingIT {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;

  @BeforeAll
  static void start() {
    node = shared.start("--isthmus.demo=true");
  }

  @Test
  void nxdomainButTheRecordExistsInTheParentZone() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.0.10.5", "host.app1.aws.customer.local");
    assertThat(dig.status()).isEqualTo("NXDOMAIN");
    assertThat(dig.flags()).contains("aa");
    // The SOA's owner names the zone that decided: the more specific one.
    assertThat(dig.section("AUTHORITY"))
        .singleElement()
        .asString()
        .startsWith("app1.aws.customer.local. 900 IN SOA ns-0.isthmus.internal.");
    // The parent zone does hold it: a VPC with only the parent gets the record.
    assertThat(Dig.query(node.dnsPort, "127.2.10.5", "host.app1.aws.customer.local").answers("A"))
        .containsExactly("10.0.0.99");
  }

  @Test
  void refusedSaysWhyInItsExtendedError() throws Exception {
    Dig noVpc = Dig.query(node.dnsPort, "127.9.9.9", "web.app1.aws.customer.local");
    assertThat(noVpc.status()).isEqualTo("REFUSED");
    assertThat(noVpc.output)
        .contains("; EDE: 18 (Prohibited): (source 127.9.9.9 is not in any VPC)");

    Dig notAllowed =
        Dig.queryAt("127.0.60.1", inboundPort(), "127.9.9.9", "web.app1.aws.customer.local");
    assertThat(notAllowed.status()).isEqualTo("REFUSED");
    assertThat(notAllowed.output)
        .contains("EDE: 18 (Prohibited)")
        .contains("is not allowed by inbound endpoint " + DemoConfiguration.INBOUND.id());

    // us-west-2 VPCs have no rule for customer.local and default resolution is off here.
    Dig unclaimed = Dig.query(node.dnsPort, "127.1.20.5", "dc1.customer.local");
    assertThat(unclaimed.status()).isEqualTo("REFUSED");
    assertThat(unclaimed.output)
        .contains("EDE: 18 (Prohibited)")
        .contains("default resolution is off");
  }

  @Test
  void servfailWhenTargetsAreDownAndStaleAnswersAfterwards(@TempDir Path bindDir) throws Exception {
    // The demo's rule targets 127.0.0.1:5300, where docker/onprem/named.conf listens.
    try (NamedServer bind =
        NamedServer.startOrSkip(bindDir, 5300, List.of("127.0.50.1", "127.0.50.2"))) {
      Dig fresh = Dig.query(node.dnsPort, "127.1.10.5", "short.customer.local");
      assertThat(fresh.answers("A")).as(fresh.output).containsExactly("10.10.0.5");
    }
    // BIND is gone. A name never asked gets SERVFAIL with the reason; the expired cached one is
    // served stale with TTL 30 and EDE 3 (RFC 8767). +time=6: the forwarder's budget is 4 s.
    Dig down = Dig.query(node.dnsPort, "127.1.10.5", "dc2.customer.local", "+time=6");
    assertThat(down.status()).as(down.output).isEqualTo("SERVFAIL");
    assertThat(down.output)
        .containsPattern("; EDE: 2[23] \\((No Reachable Authority|Network Error)\\)");

    Dig stale = awaitStale();
    assertThat(stale.status()).isEqualTo("NOERROR");
    assertThat(stale.section("ANSWER")).containsExactly("short.customer.local. 30 IN A 10.10.0.5");
    assertThat(stale.output).contains("; EDE: 3 (Stale Answer)");
  }

  /** The cached record has a 1 s TTL: poll until its expiry makes the node ask (and fail). */
  private static Dig awaitStale() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Dig dig;
    do {
      dig = Dig.query(node.dnsPort, "127.1.10.5", "short.customer.local", "+time=6");
      if (dig.output.contains("EDE: 3")) {
        return dig;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no stale answer:\n" + dig.output);
  }

  @Test
  void queryLogsHaveTheRoute53FieldsAndOurs() throws Exception {
    String token = node.issueToken(DemoConfiguration.APP1);
    String config =
        ok(
            node.call(
                "POST",
                "/v1/resolver/query-log-configs",
                token,
                "{\"name\":\"app1-use1\",\"destination\":\"file:app1-use1\"}"),
            201);
    String configId = id(config);
    ok(
        node.call(
            "POST",
            "/v1/resolver/query-log-configs/" + configId + "/associations",
            token,
            "{\"vpcId\":\"" + DemoConfiguration.APP1_USE1.id() + "\"}"),
        201);
    Path file =
        shared
            .folder("data")
            .resolve("query-logs")
            .resolve(DemoConfiguration.APP1)
            .resolve("app1-use1.jsonl");

    // The association reaches the data plane within a second; ask until a line appears.
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String line = null;
    while (line == null && System.nanoTime() < deadline) {
      Dig.query(node.dnsPort, "127.1.10.5", "web.app1.aws.customer.local");
      if (Files.exists(file)) {
        line =
            Files.readAllLines(file).stream()
                .filter(l -> l.contains("\"web.app1.aws.customer.local.\""))
                .findFirst()
                .orElse(null);
      }
      if (line == null) {
        Thread.sleep(100);
      }
    }
    assertThat(line).as("a query log line in " + file).isNotNull();
    assertThat(line)
        .startsWith("{\"version\":\"1.100000\"")
        .contains("\"account_id\":\"" + DemoConfiguration.APP1 + "\"")
        .contains("\"region\":\"us-east-1\"")
        .contains("\"vpc_id\":\"" + DemoConfiguration.APP1_USE1.id() + "\"")
        .containsPattern("\"query_timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"")
        .contains("\"query_name\":\"web.app1.aws.customer.local.\"")
        .contains("\"query_type\":\"A\"")
        .contains("\"query_class\":\"IN\"")
        .contains("\"rcode\":\"NOERROR\"")
        .contains("\"answers\":[{\"Rdata\":\"10.1.0.10\",\"Type\":\"A\",\"Class\":\"IN\"}]")
        .contains("\"srcaddr\":\"127.1.10.5\"")
        .containsPattern("\"srcport\":\"\\d+\"")
        .contains("\"transport\":\"UDP\"")
        .contains("\"srcids\":{}")
        .contains("\"node_id\":\"it-node\"")
        .contains("\"route\":\"HOSTED_ZONE\"")
        .contains("\"route_id\":\"ZAPP1CUSTOMER001\"")
        .containsPattern("\"latency_ms\":[0-9.]+")
        .contains("\"cache\":\"NONE\"");
    // A VPC without a configuration logs nothing.
    assertThat(Files.readAllLines(file)).noneMatch(l -> l.contains("\"srcaddr\":\"127.0.10."));
  }

  @Test
  void myChangeIsInsyncOnceEveryLiveNodeServesIt() throws Exception {
    String token = node.issueToken(DemoConfiguration.APP1);
    String change =
        ok(
            node.call(
                "POST",
                "/v1/hostedzones/ZAPP1CUSTOMER001/rrsets/changes",
                token,
                "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":"
                    + "\"insync.app1.aws.customer.local\",\"type\":\"A\",\"ttl\":60,"
                    + "\"records\":[\"10.1.0.77\"]}}]}"),
            200);
    String changeId = id(change);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String status = change;
    while (!status.contains("\"INSYNC\"") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = ok(node.call("GET", "/v1/changes/" + changeId, token, null), 200);
    }
    assertThat(status).contains("\"status\":\"INSYNC\"").contains("\"pendingNodes\":[]");
    assertThat(Dig.query(node.dnsPort, "127.1.10.5", "insync.app1.aws.customer.local").answers("A"))
        .containsExactly("10.1.0.77");

    // This node beats into the store: LIVE, serving at least that change's configuration.
    String nodes = ok(node.call("GET", "/v1/nodes", RunningNode.OPERATOR_TOKEN, null), 200);
    assertThat(nodes)
        .contains("\"nodeId\":\"it-node\"")
        .contains("\"status\":\"LIVE\"")
        .containsPattern("\"snapshotGeneration\":[1-9]");
    assertThat(node.call("GET", "/v1/nodes", token, null).statusCode()).isEqualTo(403);
  }

  private static int inboundPort() {
    return DemoConfiguration.INBOUND.ipAddresses().get(0).port();
  }

  private static String id(String json) {
    Matcher m = ID.matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return m.group(1);
  }

  private static String ok(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.body();
  }
}
