package io.isthmus.server.it;

import static io.isthmus.server.it.PrivateZonesIT.json;
import static io.isthmus.server.it.PrivateZonesIT.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.isthmus.config.ConfigStore;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.forward.TargetState;
import io.isthmus.server.snapshot.SnapshotHolder;
import io.isthmus.testsupport.Dig;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder's resource limits through a real node and the real {@code dig}: with small caps and
 * black-hole upstreams (bound UDP sockets that never answer, so no ICMP error either), new names
 * get SERVFAIL with EDE 22 or 14 at once while private zones keep answering; and a rule changed or
 * deleted takes its targets' state and meters with it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardLimitsIT {
  private static final String OPERATOR = RunningNode.OPERATOR_TOKEN;
  private static final String SOURCE = "127.77.2.5";

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static DatagramSocket defaultHole;
  static DatagramSocket ruleHole;
  static RunningNode node;
  static Forwarder forwarder;
  static String token;
  static String vpc;
  static String outbound;
  static String corpRule;

  @BeforeAll
  static void start() throws Exception {
    defaultHole = shared.closeAfterAll(new DatagramSocket(new InetSocketAddress("127.77.3.1", 0)));
    ruleHole = shared.closeAfterAll(new DatagramSocket(new InetSocketAddress("127.77.3.2", 0)));
    node =
        shared.start(
            "--isthmus.dns.default-upstreams=127.77.3.1:" + defaultHole.getLocalPort(),
            "--isthmus.forward.max-outstanding=2",
            "--isthmus.forward.max-outstanding-per-target=1");
    forwarder = node.bean(Forwarder.class);
    token =
        json(ok(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"limits\"}"), 201))
            .get("token")
            .asString();
    vpc =
        json(ok(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"l\",\"region\":\"us-east-1\",\"cidrs\":[\"127.77.2.0/24\"]}"),
                201))
            .get("id")
            .asString();
    String zone =
        json(ok(
                node.call(
                    "POST",
                    "/v1/hostedzones",
                    token,
                    "{\"name\":\"private.limits.test\",\"vpcId\":\"" + vpc + "\"}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/hostedzones/" + zone + "/rrsets/changes",
            token,
            "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":\"www.private.limits.test\","
                + "\"type\":\"A\",\"ttl\":60,\"records\":[\"10.7.7.7\"]}}]}"),
        200);
    outbound =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/endpoints",
                    token,
                    "{\"name\":\"out\",\"direction\":\"OUTBOUND\",\"vpcId\":\""
                        + vpc
                        + "\",\"ipAddresses\":[{\"ip\":\"127.77.3.9\"},{\"ip\":\"127.77.3.10\"}]}"),
                201))
            .get("id")
            .asString();
    corpRule = rule("corp", "corp.limits.test", ruleHole);
  }

  @Test
  @Order(1)
  void overTheCapsDigGetsServfailWithTheEdeAtOnceWhilePrivateZonesAnswer() throws Exception {
    // One query holds the default upstream's only slot for the forwarder's whole budget (4 s).
    CompletableFuture<Dig> first = background("a1.default.limits.test");
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.outstanding() == 1);

    // +time=1: an answer at all shows it did not wait for the held slot.
    Dig perTarget = Dig.query(node.dnsPort, SOURCE, "+time=1", "a2.default.limits.test");
    assertThat(perTarget.status()).as(perTarget.output).isEqualTo("SERVFAIL");
    assertThat(perTarget.output)
        .contains("; EDE: 22 (No Reachable Authority): (127.77.3.1#" + defaultHole.getLocalPort())
        .contains("too many queries outstanding");

    // The rule's own target has a slot: the second (and last) of the forwarder.
    CompletableFuture<Dig> second = background("c1.corp.limits.test");
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.outstanding() == 2);
    Dig total = Dig.query(node.dnsPort, SOURCE, "+time=1", "c2.corp.limits.test");
    assertThat(total.status()).as(total.output).isEqualTo("SERVFAIL");
    assertThat(total.output).contains("; EDE: 14 (Not Ready): (forwarder saturated");

    Dig local = Dig.query(node.dnsPort, SOURCE, "+time=1", "www.private.limits.test");
    assertThat(local.status()).isEqualTo("NOERROR");
    assertThat(local.answers("A")).containsExactly("10.7.7.7");

    String scrape = scrape();
    assertThat(scrape)
        .contains("isthmus_dns_forward_limited_total{limit=\"target\"} 1.0")
        .contains("isthmus_dns_forward_limited_total{limit=\"total\"} 1.0")
        .contains("isthmus_dns_forward_outstanding 2.0");

    first.join();
    second.join();
    await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.outstanding() == 0);
  }

  @Test
  @Order(2)
  void aChangedOrDeletedRuleTakesItsTargetsStateAndMetersAlong() throws Exception {
    InetSocketAddress ruleTarget = (InetSocketAddress) ruleHole.getLocalSocketAddress();
    InetSocketAddress defaultTarget = (InetSocketAddress) defaultHole.getLocalSocketAddress();
    String ruleTag = "127.77.3.2:" + ruleTarget.getPort();
    // A second rule on the same target keeps it in use when the first lets go of it.
    String otherRule = rule("other", "other.limits.test", ruleHole);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().contains("target=\"" + ruleTag + "\""));
    assertThat(targets()).contains(ruleTarget, defaultTarget);

    ok(
        node.call(
            "PATCH",
            "/v1/resolver/rules/" + corpRule,
            token,
            "{\"targetIps\":[{\"ip\":\"127.77.3.3\",\"port\":53}]}"),
        200);
    ok(
        node.call("DELETE", "/v1/resolver/rules/" + corpRule + "/associations/" + vpc, token, null),
        204);
    awaitVersionServed();
    assertThat(targets()).as("still used by the other rule").contains(ruleTarget);

    ok(
        node.call(
            "DELETE", "/v1/resolver/rules/" + otherRule + "/associations/" + vpc, token, null),
        204);
    ok(node.call("DELETE", "/v1/resolver/rules/" + otherRule, token, null), 204);
    await().atMost(Duration.ofSeconds(10)).until(() -> !targets().contains(ruleTarget));
    assertThat(targets()).as("the default upstream stays").contains(defaultTarget);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !scrape().contains("target=\"" + ruleTag + "\""));
  }

  @Test
  void aBadLimitStopsTheNodeNamingTheKey(@TempDir Path otherDir) {
    assertThatThrownBy(
            () ->
                RunningNode.start(otherDir, "--isthmus.forward.max-outstanding-per-target=0")
                    .close())
        .hasStackTraceContaining("isthmus.forward.max-outstanding-per-target must be positive: 0");
  }

  private static String rule(String name, String domain, DatagramSocket target) throws Exception {
    String id =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/rules",
                    token,
                    "{\"name\":\""
                        + name
                        + "\",\"domainName\":\""
                        + domain
                        + "\",\"ruleType\":\"FORWARD\",\"resolverEndpointId\":\""
                        + outbound
                        + "\",\"targetIps\":[{\"ip\":\"127.77.3.2\",\"port\":"
                        + target.getLocalPort()
                        + "}]}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/resolver/rules/" + id + "/associations",
            token,
            "{\"vpcId\":\"" + vpc + "\"}"),
        201);
    return id;
  }

  /** dig on another thread, for a query that will wait out the forwarder's budget. */
  private static CompletableFuture<Dig> background(String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Dig.query(node.dnsPort, SOURCE, name);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static List<InetSocketAddress> targets() {
    return forwarder.targetStates().stream().map(TargetState::target).toList();
  }

  /** Waits until the node serves the configuration as stored now. */
  private static void awaitVersionServed() {
    long stored = node.bean(ConfigStore.class).version();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.bean(SnapshotHolder.class).version() >= stored);
  }

  private static String scrape() throws Exception {
    return ok(node.call("GET", "/actuator/prometheus", null, null), 200).body();
  }
}
