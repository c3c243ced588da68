package io.isthmus.server.it;

import static io.isthmus.server.it.PrivateZonesIT.json;
import static io.isthmus.server.it.PrivateZonesIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.demo.DemoConfiguration;
import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/resolver/explain} on a demo node, and the provenance EDE that {@code
 * isthmus.dns.debug-sources} adds to answers, read with the real {@code dig}.
 *
 * <p>The node runs with {@code --isthmus.dns.debug-sources=127.1.10.0/24} (app1-use1): sources
 * there get the provenance, every other source none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(DemoAddresses.LOCK)
class ExplainIT {
  private static final String OPERATOR = RunningNode.OPERATOR_TOKEN;
  private static final String APP1_SOURCE = "127.1.10.5";
  private static final String NET_SOURCE = "127.0.10.5";
  private static final String RULE = DemoConfiguration.ONPREM_RULE.id();

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static int debugPort;
  static String app1Token;
  static String app2Token;

  @BeforeAll
  static void start() throws Exception {
    node = shared.start("--isthmus.demo=true", "--isthmus.dns.debug-sources=127.1.10.0/24");
    app1Token = node.issueToken(DemoConfiguration.APP1);
    app2Token = node.issueToken(DemoConfiguration.APP2);
    debugPort = node.dnsPort;
  }

  private static JsonNode explain(String token, String query) throws Exception {
    return json(ok(node.call("GET", "/v1/resolver/explain?" + query, token, null), 200));
  }

  // ---- explain ----

  @Test
  @Order(1)
  void demoNameFromTheAppVpc() throws Exception {
    JsonNode e =
        explain(
            app1Token,
            "vpcId=" + DemoConfiguration.APP1_USE1.id() + "&name=web.app1.aws.customer.local");

    assertThat(e.get("vpcId").asString()).isEqualTo(DemoConfiguration.APP1_USE1.id());
    assertThat(e.get("vpcReason").asString()).isEqualTo("given vpcId");
    assertThat(field(e.get("candidates"), "id"))
        .containsExactly("ZAPP1CUSTOMER001", "ZAWSCUSTOMER0001", RULE, null);
    assertThat(field(e.get("candidates"), "kind"))
        .containsExactly("HOSTED_ZONE", "HOSTED_ZONE", "FORWARD", "DEFAULT");
    assertThat(e.at("/decision/kind").asString()).isEqualTo("HOSTED_ZONE");
    assertThat(e.at("/decision/id").asString()).isEqualTo("ZAPP1CUSTOMER001");
    assertThat(e.at("/decision/reason").asString()).startsWith("most specific");
    assertThat(e.at("/recordSets/0/records/0").asString()).isEqualTo("10.1.0.10");
    assertThat(e.at("/recordSets/0").has("health")).isTrue();
    assertThat(e.at("/recordSets/0/health").isNull()).isTrue();
    assertThat(e.get("rcode").asString()).isEqualTo("NOERROR");
    assertThat(e.get("answers").get(0).asString())
        .isEqualTo("web.app1.aws.customer.local. 300 IN A 10.1.0.10");
    assertThat(e.get("forward").isNull()).isTrue();
  }

  @Test
  @Order(2)
  void failoverNameFromASourceAddressShowsHealth() throws Exception {
    JsonNode e = explain(app1Token, "sourceIp=" + APP1_SOURCE + "&name=db.app1.aws.customer.local");

    assertThat(e.get("vpcId").asString()).isEqualTo(DemoConfiguration.APP1_USE1.id());
    assertThat(e.get("vpcReason").asString()).contains("127.1.10.0/24", "longest prefix");
    JsonNode sets = e.get("recordSets");
    assertThat(sets.size()).isEqualTo(2);
    for (JsonNode set : sets) {
      if (set.get("failover").asString().equals("PRIMARY")) {
        assertThat(set.get("healthCheckId").asString()).isEqualTo(DemoConfiguration.DB_CHECK_ID);
        // No metric data yet: healthy (docs/spec/health.md).
        assertThat(set.get("health").asString()).isEqualTo("HEALTHY");
      } else {
        assertThat(set.get("health").isNull()).isTrue();
      }
    }
    assertThat(e.get("answers").get(0).asString())
        .isEqualTo("db.app1.aws.customer.local. 10 IN A 127.1.10.20");
  }

  @Test
  @Order(3)
  void forwardedNameIsDescribedNotSent() throws Exception {
    JsonNode e = explain(app1Token, "sourceIp=" + APP1_SOURCE + "&name=dc1.customer.local");

    assertThat(e.at("/decision/kind").asString()).isEqualTo("FORWARD");
    assertThat(e.at("/decision/id").asString()).isEqualTo(RULE);
    assertThat(e.at("/decision/domain").asString()).isEqualTo("customer.local.");
    assertThat(e.get("rcode").isNull()).isTrue();
    assertThat(e.at("/forward/ruleId").asString()).isEqualTo(RULE);
    assertThat(e.at("/forward/targets/0/ip").asString()).isEqualTo("127.0.0.1");
    assertThat(e.at("/forward/targets/0/port").asInt()).isEqualTo(5300);
    // Nothing asked it yet: the explanation itself must not have sent a query.
    assertThat(e.at("/forward/targets/0/state").asString()).isEqualTo("UNKNOWN");
    assertThat(e.at("/forward/cache").asString()).isEqualTo("NONE");
  }

  @Test
  @Order(4)
  void callersSeeOnlyTheirOwnVpcs() throws Exception {
    ok(
        node.call(
            "GET",
            "/v1/resolver/explain?sourceIp=" + APP1_SOURCE + "&name=web.app1.aws.customer.local",
            app2Token,
            null),
        404);
    ok(
        node.call(
            "GET",
            "/v1/resolver/explain?vpcId="
                + DemoConfiguration.APP1_USE1.id()
                + "&name=web.app1.aws.customer.local",
            app2Token,
            null),
        404);
    // A zone of another account associated with the VPC is explained: the VPC sees it.
    JsonNode crossAccount =
        explain(OPERATOR, "sourceIp=" + NET_SOURCE + "&name=web.app1.aws.customer.local");
    assertThat(crossAccount.get("vpcId").asString()).isEqualTo(DemoConfiguration.NET_USE1.id());
    assertThat(crossAccount.at("/decision/id").asString()).isEqualTo("ZAPP1CUSTOMER001");

    JsonNode nowhere = explain(app2Token, "sourceIp=127.9.9.9&name=web.app1.aws.customer.local");
    assertThat(nowhere.get("vpcId").isNull()).isTrue();
    assertThat(nowhere.get("rcode").asString()).isEqualTo("REFUSED");
    assertThat(nowhere.at("/decision/reason").asString()).contains("not in any VPC");
  }

  /** The example of docs/troubleshooting.md: a name only in the parent zone. */
  @Test
  @Order(4)
  void troubleshootingExample() throws Exception {
    JsonNode e = explain(OPERATOR, "sourceIp=" + NET_SOURCE + "&name=host.app1.aws.customer.local");

    assertThat(e.get("vpcReason").asString())
        .isEqualTo(
            "source 127.0.10.5 is in 127.0.10.0/24 of "
                + DemoConfiguration.NET_USE1.id()
                + " (longest prefix match, as on the VPC resolver listener)");
    assertThat(e.at("/decision/reason").asString())
        .isEqualTo("most specific (over HOSTED_ZONE ZAWSCUSTOMER0001 aws.customer.local.)");
    assertThat(e.get("recordSets").size()).isZero();
    assertThat(e.get("rcode").asString()).isEqualTo("NXDOMAIN");
  }

  // ---- provenance in dig ----

  @Test
  @Order(5)
  void debugSourceSeesWhichZoneAnswered() throws Exception {
    Dig dig = Dig.query(debugPort, APP1_SOURCE, "web.app1.aws.customer.local", "+nsid");
    assertThat(dig.answers("A")).as(dig.output).containsExactly("10.1.0.10");
    assertThat(dig.output)
        .contains("; EDE: 0 (Other): (zone ZAPP1CUSTOMER001 app1.aws.customer.local.)");

    Dig nx = Dig.query(debugPort, APP1_SOURCE, "host.app1.aws.customer.local");
    assertThat(nx.status()).isEqualTo("NXDOMAIN");
    assertThat(nx.output).contains("(zone ZAPP1CUSTOMER001 app1.aws.customer.local.)");

    Dig chain = Dig.query(debugPort, APP1_SOURCE, "www.aws.customer.local");
    assertThat(chain.output)
        .contains(
            "(zone ZAWSCUSTOMER0001 aws.customer.local. → zone ZAPP1CUSTOMER001"
                + " app1.aws.customer.local.)");
  }

  @Test
  @Order(6)
  void otherSourcesAndQueriesWithoutEdnsSeeNone() throws Exception {
    Dig other = Dig.query(debugPort, NET_SOURCE, "web.app1.aws.customer.local", "+nsid");
    assertThat(other.answers("A")).as(other.output).containsExactly("10.1.0.10");
    assertThat(other.output).doesNotContain("EDE");

    Dig noEdns = Dig.query(debugPort, APP1_SOURCE, "web.app1.aws.customer.local", "+noedns");
    assertThat(noEdns.answers("A")).as(noEdns.output).containsExactly("10.1.0.10");
    assertThat(noEdns.output).doesNotContain("EDE");

    // A failure keeps its own EDE: REFUSED for a source in no VPC is not annotated.
    Dig refused = Dig.query(debugPort, "127.9.9.9", "web.app1.aws.customer.local");
    assertThat(refused.output).contains("EDE: 18").doesNotContain("EDE: 0");
  }

  /**
   * With the on-premises BIND answering: after one query the explanation shows the target UP and a
   * FRESH cache, and the debug source sees a cache hit. BIND runs on a free port the demo rule is
   * pointed at, so the test does not depend on port 5300 being free.
   */
  @Test
  @Order(7)
  void forwardedNameAfterAnAnswerIsCached(@TempDir Path bindDir) throws Exception {
    try (NamedServer bind =
        NamedServer.startOrSkip(
            bindDir, NamedServer.freePort(), List.of("127.0.50.1", "127.0.50.2"))) {
      String netToken = node.issueToken(DemoConfiguration.NETWORKING);
      ok(
          node.call(
              "PATCH",
              "/v1/resolver/rules/" + RULE,
              netToken,
              "{\"targetIps\":[{\"ip\":\"127.0.0.1\",\"port\":" + bind.port() + "}]}"),
          200);
      String query = "sourceIp=" + APP1_SOURCE + "&name=dc1.customer.local";
      awaitExplained(query, e -> e.at("/forward/targets/0/port").asInt() == bind.port());

      Dig first = Dig.query(node.dnsPort, APP1_SOURCE, "dc1.customer.local");
      assertThat(first.answers("A")).as(first.output).containsExactly("10.10.0.1");

      JsonNode e = explain(app1Token, query);
      assertThat(e.at("/forward/targets/0/state").asString()).isEqualTo("UP");
      assertThat(e.at("/forward/cache").asString()).isEqualTo("FRESH");

      Dig debug = Dig.query(debugPort, APP1_SOURCE, "dc1.customer.local");
      assertThat(debug.answers("A")).as(debug.output).containsExactly("10.10.0.1");
      assertThat(debug.output)
          .contains("; EDE: 0 (Other): (rule " + RULE + " customer.local. (FORWARD, cache HIT))");
    }
  }

  /** One field of every element of a JSON array, null where it is JSON null. */
  private static List<String> field(JsonNode array, String name) {
    List<String> values = new ArrayList<>();
    for (JsonNode element : array) {
      JsonNode value = element.get(name);
      values.add(value == null || value.isNull() ? null : value.asString());
    }
    return values;
  }

  /** Polls the explanation until it shows a configuration change (served within 1 s). */
  private static void awaitExplained(String query, Predicate<JsonNode> done) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!done.test(explain(OPERATOR, query))) {
      assertThat(Instant.now()).as("explanation of " + query).isBefore(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
