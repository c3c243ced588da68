package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's audit trail and limits on a real node: records are kept in the store and survive
 * a restart; a request over a rate limit is answered 429 and counted on the metrics endpoint.
 */
class AuditTrailIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dataDir;

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  /** The audit records the caller may read, as "METHOD path status" lines. */
  private static List<String> audit(RunningNode node, String token) throws Exception {
    List<String> lines = new ArrayList<>();
    for (JsonNode item : json(node.call("GET", "/v1/audit", token, null), 200).get("items")) {
      lines.add(
          item.get("caller").stringValue()
              + " "
              + item.get("method").stringValue()
              + " "
              + item.get("path").stringValue()
              + " "
              + item.get("status").intValue());
    }
    return lines;
  }

  @Test
  void recordsSurviveARestartAndAreNotReadByOtherAccounts() throws Exception {
    String accountId;
    String vpcId;
    List<String> before;
    try (RunningNode node = RunningNode.start(dataDir)) {
      JsonNode account =
          json(
              node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"a\"}"),
              201);
      accountId = account.get("id").stringValue();
      String token = account.get("token").stringValue();
      vpcId =
          json(
                  node.call(
                      "POST",
                      "/v1/vpcs",
                      token,
                      "{\"name\":\"v\",\"region\":\"us-east-1\",\"cidrs\":[\"10.77.0.0/16\"]}"),
                  201)
              .get("id")
              .stringValue();
      node.call("DELETE", "/v1/vpcs/" + vpcId, "not-a-token", null);

      // Records are written once the answer is out: wait for the last one.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      before = audit(node, RunningNode.OPERATOR_TOKEN);
      while (before.size() < 3 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(20_000_000L);
        before = audit(node, RunningNode.OPERATOR_TOKEN);
      }
      assertThat(before)
          .containsExactly(
              "operator POST /v1/accounts 201",
              accountId + " POST /v1/vpcs 201",
              "anonymous DELETE /v1/vpcs/" + vpcId + " 401");
    }

    try (RunningNode node = RunningNode.start(dataDir)) {
      assertThat(audit(node, RunningNode.OPERATOR_TOKEN)).isEqualTo(before);
      String token = node.issueToken(accountId);
      assertThat(audit(node, token)).containsExactly(accountId + " POST /v1/vpcs 201");
    }
  }

  @Test
  void aFloodOfBadTokensIsThrottledAndCounted() throws Exception {
    try (RunningNode node =
        RunningNode.start(
            dataDir,
            "--isthmus.admin.rate-limit.unauthenticated-burst=2",
            "--isthmus.admin.rate-limit.unauthenticated-requests-per-second=0.01")) {
      assertThat(node.call("GET", "/v1/vpcs", "guess-1", null).statusCode()).isEqualTo(401);
      assertThat(node.call("GET", "/v1/vpcs", "guess-2", null).statusCode()).isEqualTo(401);
      HttpResponse<String> refused = node.call("GET", "/v1/vpcs", "guess-3", null);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(json(refused, 429).get("code").stringValue()).isEqualTo("Throttling");
      // A token comes back every 100 s at 0.01/s.
      assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(90, 100);
      assertThat(node.call("GET", "/v1/vpcs", RunningNode.OPERATOR_TOKEN, null).statusCode())
          .isEqualTo(200);
      String metrics = node.call("GET", "/actuator/prometheus", null, null).body();
      assertThat(metrics).contains("isthmus_admin_throttled_total{caller=\"anonymous\"} 1.0");
    }
  }
}
