package io.isthmus.server.it;

import static io.isthmus.server.it.PrivateZonesIT.json;
import static io.isthmus.server.it.PrivateZonesIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Hybrid DNS end to end with a real BIND as the on-premises server: a FORWARD rule shared across
 * accounts, queries leaving from the outbound endpoint's addresses (BIND admits only those), a
 * private-zone CNAME completed on-premises, an inbound endpoint answering on-premises clients from
 * the private zones, and unsharing taking the rule away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(DemoAddresses.LOCK)
class HybridIT {
  private static final String OPERATOR = RunningNode.OPERATOR_TOKEN;
  private static final String APP_SOURCE = "127.21.1.5";
  private static final String NET_SOURCE = "127.21.2.5";

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static NamedServer bind;
  static RunningNode node;
  static String netToken;
  static String appToken;
  static String appAccount;
  static String netVpc;
  static String appVpc;
  static String ruleId;
  static int inboundPort;

  @BeforeAll
  static void start() throws Exception {
    bind =
        shared.closeAfterAll(
            NamedServer.startOrSkip(
                shared.folder("bind"),
                NamedServer.freePort(),
                List.of("127.0.50.1", "127.0.50.2")));
    node = shared.start();
    netToken =
        json(ok(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"networking\"}"), 201))
            .get("token")
            .asString();
    var app = json(ok(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"app1\"}"), 201));
    appToken = app.get("token").asString();
    appAccount = app.get("id").asString();
    netVpc = vpc(netToken, "net", "127.21.2.0/24");
    appVpc = vpc(appToken, "app1", "127.21.1.0/24");

    String outbound =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/endpoints",
                    netToken,
                    "{\"name\":\"out\",\"direction\":\"OUTBOUND\",\"vpcId\":\""
                        + netVpc
                        + "\","
                        + "\"ipAddresses\":[{\"ip\":\"127.0.50.1\"},{\"ip\":\"127.0.50.2\"}]}"),
                201))
            .get("id")
            .asString();
    ruleId =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/rules",
                    netToken,
                    "{\"name\":\"onprem\",\"domainName\":\"customer.local\",\"ruleType\":\"FORWARD\","
                        + "\"targetIps\":[{\"ip\":\"127.0.0.1\",\"port\":"
                        + bind.port()
                        + "}],"
                        + "\"resolverEndpointId\":\""
                        + outbound
                        + "\"}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/resolver/rules/" + ruleId + "/shares",
            netToken,
            "{\"accountId\":\"" + appAccount + "\"}"),
        201);
    ok(
        node.call(
            "POST",
            "/v1/resolver/rules/" + ruleId + "/associations",
            netToken,
            "{\"vpcId\":\"" + netVpc + "\"}"),
        201);
    ok(
        node.call(
            "POST",
            "/v1/resolver/rules/" + ruleId + "/associations",
            appToken,
            "{\"vpcId\":\"" + appVpc + "\"}"),
        201);

    String zone =
        json(ok(
                node.call(
                    "POST",
                    "/v1/hostedzones",
                    netToken,
                    "{\"name\":\"aws.customer.local\",\"vpcId\":\"" + netVpc + "\"}"),
                201))
            .get("id")
            .asString();
    ok(
        node.call(
            "POST",
            "/v1/hostedzones/" + zone + "/rrsets/changes",
            netToken,
            "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":\"www.aws.customer.local\",\"type\":\"CNAME\","
                + "\"ttl\":60,\"records\":[\"dc1.customer.local.\"]}},"
                + "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"api.aws.customer.local\",\"type\":\"A\","
                + "\"ttl\":60,\"records\":[\"10.0.0.7\"]}}]}"),
        200);

    inboundPort = NamedServer.freePort();
    ok(
        node.call(
            "POST",
            "/v1/resolver/endpoints",
            netToken,
            "{\"name\":\"in\",\"direction\":\"INBOUND\",\"vpcId\":\""
                + netVpc
                + "\","
                + "\"ipAddresses\":[{\"ip\":\"127.0.60.1\",\"port\":"
                + inboundPort
                + "},{\"ip\":\"127.0.60.2\",\"port\":"
                + inboundPort
                + "}],"
                + "\"allowedSourceCidrs\":[\"127.0.0.0/24\"]}"),
        201);
  }

  @Test
  @Order(1)
  void sharedForwardRuleReachesOnPremisesFromTheOutboundAddresses() throws Exception {
    // BIND's allow-query admits only 127.0.50.1/2: an answer proves the source binding.
    Dig dig =
        awaitDig(
            d -> d.answers("A").contains("10.10.0.1"),
            "127.0.0.1",
            node.dnsPort,
            APP_SOURCE,
            "dc1.customer.local");
    assertThat(dig.status()).isEqualTo("NOERROR");
    assertThat(dig.flags()).contains("ra").doesNotContain("aa");
    assertThat(Dig.query(node.dnsPort, NET_SOURCE, "+tcp", "dc2.customer.local").answers("A"))
        .containsExactly("10.10.0.2");
    Dig missing = Dig.query(node.dnsPort, APP_SOURCE, "nothing.customer.local");
    assertThat(missing.status()).isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(2)
  void privateZoneCnameIsCompletedOnPremises() throws Exception {
    Dig dig =
        awaitDig(
            d -> !d.answers("A").isEmpty(),
            "127.0.0.1",
            node.dnsPort,
            NET_SOURCE,
            "www.aws.customer.local");
    assertThat(dig.answers("CNAME")).containsExactly("dc1.customer.local.");
    assertThat(dig.answers("A")).containsExactly("10.10.0.1");
  }

  @Test
  @Order(3)
  void truncatedUpstreamAnswerIsRetriedOverTcp() throws Exception {
    Dig dig = Dig.query(node.dnsPort, APP_SOURCE, "+tcp", "big.customer.local", "TXT");
    assertThat(dig.status()).as(dig.output).isEqualTo("NOERROR");
    assertThat(dig.answers("TXT")).isNotEmpty();
  }

  @Test
  @Order(4)
  void inboundEndpointAnswersOnPremisesClientsFromPrivateZones() throws Exception {
    Dig dig =
        awaitDig(
            d -> d.answers("A").contains("10.0.0.7"),
            "127.0.60.1",
            inboundPort,
            "127.0.0.5",
            "api.aws.customer.local");
    assertThat(dig.flags()).contains("aa");
    assertThat(
            Dig.queryAt("127.0.60.2", inboundPort, "127.0.0.6", "+tcp", "api.aws.customer.local")
                .answers("A"))
        .containsExactly("10.0.0.7");
    Dig outside = Dig.queryAt("127.0.60.1", inboundPort, "127.21.1.5", "api.aws.customer.local");
    assertThat(outside.status()).isEqualTo("REFUSED");
    assertThat(outside.output).contains("EDE: 18");
  }

  @Test
  @Order(5)
  void unsharingEndsTheOtherAccountsAssociations() throws Exception {
    ok(
        node.call(
            "DELETE", "/v1/resolver/rules/" + ruleId + "/shares/" + appAccount, netToken, null),
        204);
    HttpResponse<String> list =
        node.call("GET", "/v1/resolver/rule-associations?vpcId=" + appVpc, appToken, null);
    assertThat(json(ok(list, 200)).get("items").size()).isZero();
    Dig dig =
        awaitDig(
            d -> d.status().equals("REFUSED"),
            "127.0.0.1",
            node.dnsPort,
            APP_SOURCE,
            "dc1.customer.local");
    assertThat(dig.output).contains("EDE: 18");
    // The owner's own VPC keeps forwarding.
    assertThat(Dig.query(node.dnsPort, NET_SOURCE, "dc1.customer.local").answers("A"))
        .containsExactly("10.10.0.1");
  }

  @Test
  @Order(6)
  void anAddressThatCannotBeBoundMakesTheEndpointActionNeeded() throws Exception {
    // The node's own resolver listener is taken: the endpoint cannot listen there.
    String id =
        json(ok(
                node.call(
                    "POST",
                    "/v1/resolver/endpoints",
                    netToken,
                    "{\"name\":\"clash\",\"direction\":\"INBOUND\",\"vpcId\":\""
                        + netVpc
                        + "\","
                        + "\"ipAddresses\":[{\"ip\":\"127.0.0.1\",\"port\":"
                        + node.dnsPort
                        + "},"
                        + "{\"ip\":\"127.0.60.3\",\"port\":"
                        + inboundPort
                        + "}]}"),
                201))
            .get("id")
            .asString();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    var endpoint = json(ok(node.call("GET", "/v1/resolver/endpoints/" + id, netToken, null), 200));
    while (!endpoint.get("status").asString().equals("ACTION_NEEDED")
        && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(50_000_000L);
      endpoint = json(ok(node.call("GET", "/v1/resolver/endpoints/" + id, netToken, null), 200));
    }
    assertThat(endpoint.get("status").asString())
        .as(endpoint.toString())
        .isEqualTo("ACTION_NEEDED");
    assertThat(endpoint.get("statusMessage").asString())
        .contains("127.0.0.1")
        .contains(String.valueOf(node.dnsPort));
    // The other address of the endpoint is served all the same.
    Dig dig =
        awaitDig(
            d -> d.answers("A").contains("10.0.0.7"),
            "127.0.60.3",
            inboundPort,
            "127.0.0.5",
            "api.aws.customer.local");
    assertThat(dig.status()).isEqualTo("NOERROR");

    // Deleting the endpoint closes its listener: the address stops answering.
    ok(node.call("DELETE", "/v1/resolver/endpoints/" + id, netToken, null), 204);
    Dig gone =
        awaitDig(
            d -> d.status().startsWith("NO-RESPONSE"),
            "127.0.60.3",
            inboundPort,
            "127.0.0.5",
            "api.aws.customer.local");
    assertThat(gone.output).contains("no servers could be reached");
  }

  private static String vpc(String token, String name, String cidr) throws Exception {
    return json(ok(
            node.call(
                "POST",
                "/v1/vpcs",
                token,
                "{\"name\":\""
                    + name
                    + "\",\"region\":\"us-east-1\",\"cidrs\":[\""
                    + cidr
                    + "\"]}"),
            201))
        .get("id")
        .asString();
  }

  /**
   * Configuration reaches the data plane asynchronously (within a second): ask until the answer
   * shows it, with a deadline.
   */
  private static Dig awaitDig(
      Predicate<Dig> done, String server, int port, String source, String... args)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    Dig dig = Dig.queryAt(server, port, source, args);
    while (!done.test(dig) && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(50_000_000L);
      dig = Dig.queryAt(server, port, source, args);
    }
    assertThat(done.test(dig)).as(dig.output).isTrue();
    return dig;
  }
}
