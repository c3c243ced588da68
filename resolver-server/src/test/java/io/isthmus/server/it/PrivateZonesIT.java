package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole node, driven as an operator would: the admin API over HTTP, answers read with the real
 * dig over UDP and TCP, {@code dig -b} choosing the VPC by source address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateZonesIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OPERATOR = RunningNode.OPERATOR_TOKEN;
  private static final String APP1_SOURCE = "127.10.1.5";
  private static final String NET_SOURCE = "127.10.2.5";

  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;
  static String app1Token;
  static String netToken;
  static String app1Vpc;
  static String netVpc;
  static String zoneId;

  @BeforeAll
  static void start() throws Exception {
    node = shared.start();
    app1Token =
        json(ok(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"app1\"}"), 201))
            .get("token")
            .asString();
    netToken =
        json(ok(node.call("POST", "/v1/accounts", OPERATOR, "{\"name\":\"networking\"}"), 201))
            .get("token")
            .asString();
    app1Vpc =
        json(ok(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    app1Token,
                    "{\"name\":\"app1-use1\",\"region\":\"us-east-1\",\"cidrs\":[\"127.10.1.0/24\"]}"),
                201))
            .get("id")
            .asString();
    netVpc =
        json(ok(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    netToken,
                    "{\"name\":\"net-use1\",\"region\":\"us-east-1\",\"cidrs\":[\"127.10.2.0/24\"]}"),
                201))
            .get("id")
            .asString();
  }

  @Test
  @Order(1)
  void createdRecordIsAnsweredOnceInSync() throws Exception {
    JsonNode zone =
        json(
            ok(
                node.call(
                    "POST",
                    "/v1/hostedzones",
                    app1Token,
                    "{\"name\":\"App1.Example\",\"vpcId\":\"" + app1Vpc + "\"}"),
                201));
    zoneId = zone.get("id").asString();
    assertThat(zone.get("name").asString()).isEqualTo("app1.example.");

    JsonNode change =
        json(
            ok(
                node.call(
                    "POST",
                    "/v1/hostedzones/" + zoneId + "/rrsets/changes",
                    app1Token,
                    "{\"changes\":[{\"action\":\"CREATE\",\"rrset\":{\"name\":\"web.app1.example\",\"type\":\"A\","
                        + "\"ttl\":60,\"records\":[\"10.1.0.10\"]}}]}"),
                200));
    awaitInSync(change.get("id").asString(), app1Token);

    Dig udp = Dig.query(node.dnsPort, APP1_SOURCE, "web.app1.example", "A");
    assertThat(udp.status()).as(udp.output).isEqualTo("NOERROR");
    assertThat(udp.flags()).contains("qr", "aa", "rd", "ra");
    assertThat(udp.answers("A")).containsExactly("10.1.0.10");

    Dig tcp = Dig.query(node.dnsPort, APP1_SOURCE, "+tcp", "web.app1.example", "A");
    assertThat(tcp.answers("A")).as(tcp.output).containsExactly("10.1.0.10");

    Dig missing = Dig.query(node.dnsPort, APP1_SOURCE, "nothere.app1.example", "A");
    assertThat(missing.status()).isEqualTo("NXDOMAIN");
    assertThat(missing.section("AUTHORITY")).singleElement().asString().contains("SOA");

    // The networking VPC has no association yet: nothing covers the name there.
    assertThat(Dig.query(node.dnsPort, NET_SOURCE, "web.app1.example").status())
        .isEqualTo("REFUSED");
    // A source in no VPC at all.
    Dig stranger = Dig.query(node.dnsPort, "127.99.0.1", "web.app1.example");
    assertThat(stranger.status()).isEqualTo("REFUSED");
    assertThat(stranger.output).contains("EDE: 18");
  }

  @Test
  @Order(2)
  void crossAccountAssociationNeedsAuthorization() throws Exception {
    HttpResponse<String> refused =
        node.call(
            "POST",
            "/v1/hostedzones/" + zoneId + "/associations",
            netToken,
            "{\"vpcId\":\"" + netVpc + "\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(json(refused).get("code").asString()).isEqualTo("NotAuthorized");

    ok(
        node.call(
            "POST",
            "/v1/hostedzones/" + zoneId + "/authorizations",
            app1Token,
            "{\"vpcId\":\"" + netVpc + "\"}"),
        201);
    JsonNode change =
        json(
            ok(
                node.call(
                    "POST",
                    "/v1/hostedzones/" + zoneId + "/associations",
                    netToken,
                    "{\"vpcId\":\"" + netVpc + "\"}"),
                200));
    awaitInSync(change.get("id").asString(), netToken);

    Dig dig = Dig.query(node.dnsPort, NET_SOURCE, "web.app1.example", "A");
    assertThat(dig.answers("A")).as(dig.output).containsExactly("10.1.0.10");
  }

  @Test
  @Order(3)
  void failedBatchLeavesTheZoneUntouched() throws Exception {
    String before =
        ok(node.call("GET", "/v1/hostedzones/" + zoneId + "/rrsets", app1Token, null), 200).body();
    HttpResponse<String> rejected =
        node.call(
            "POST",
            "/v1/hostedzones/" + zoneId + "/rrsets/changes",
            app1Token,
            "{\"changes\":["
                + "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"new.app1.example\",\"type\":\"A\",\"ttl\":60,\"records\":[\"10.1.0.11\"]}},"
                + "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"bad.app1.example\",\"type\":\"A\",\"ttl\":60,\"records\":[\"not-an-ip\"]}},"
                + "{\"action\":\"CREATE\",\"rrset\":{\"name\":\"web.other.example\",\"type\":\"A\",\"ttl\":60,\"records\":[\"10.0.0.1\"]}}]}");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = json(rejected);
    assertThat(problem.get("code").asString()).isEqualTo("InvalidChangeBatch");
    assertThat(problem.get("errors").size()).isGreaterThanOrEqualTo(2);

    String after =
        ok(node.call("GET", "/v1/hostedzones/" + zoneId + "/rrsets", app1Token, null), 200).body();
    assertThat(after).isEqualTo(before);
    assertThat(Dig.query(node.dnsPort, APP1_SOURCE, "new.app1.example").status())
        .isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(4)
  void nsidAndChaosNameTheNode() throws Exception {
    Dig nsid = Dig.query(node.dnsPort, APP1_SOURCE, "+nsid", "web.app1.example");
    assertThat(nsid.output).contains("NSID").contains("it-node");
    Dig chaos = Dig.query(node.dnsPort, "127.99.0.1", "CH", "TXT", "id.server");
    assertThat(chaos.output).contains("\"it-node\"");
  }

  private static void awaitInSync(String changeId, String token) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    String status = "";
    while (Instant.now().isBefore(deadline)) {
      status =
          json(ok(node.call("GET", "/v1/changes/" + changeId, token, null), 200))
              .get("status")
              .asString();
      if (status.equals("INSYNC")) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    throw new AssertionError("change " + changeId + " still " + status);
  }

  static HttpResponse<String> ok(HttpResponse<String> response, int expected) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    return response;
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }
}
