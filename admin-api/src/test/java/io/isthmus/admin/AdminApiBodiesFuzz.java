package io.isthmus.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coverage-guided fuzzing of the admin API's JSON bodies through the real controllers, validation
 * and error handling (MockMvc over the test application and its in-memory store). Each input is one
 * request: its first byte picks the endpoint (POST or PATCH, with real ids of resources the caller
 * owns in the path), the rest is the body, sent as raw bytes (so invalid UTF-8 arrives too).
 *
 * <p>Properties: never a 5xx; every 4xx is {@code application/problem+json} (RFC 9457) whose {@code
 * status} is the response's and that has a {@code code} and an {@code errors} array (docs/api.md
 * "Errors").
 *
 * <p>Accepted bodies change the store, so a later input may meet resources an earlier one made:
 * that is more ground for the fuzzer to cover, and a finding is re-checked alone in regression
 * mode. Seeds and findings: {@code src/test/resources/io/isthmus/admin/AdminApiBodiesFuzzInputs/
 * bodies/} (first byte: the index into {@link #targets}). See docs/fuzzing.md.
 */
class AdminApiBodiesFuzz extends ResolverApiTestSupport {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A request the fuzzer fills the body of. */
  private record Target(HttpMethod method, String path, String token) {}

  /** Resources of one account, made once per JVM, that the paths name. */
  private static List<Target> targets;

  private List<Target> targets() {
    if (targets == null) {
      Acct owner = account("fuzz");
      String vpcId = vpc(owner, "us-east-1");
      String zoneId = zone(owner, "fuzz.example.", vpcId);
      String endpointId = outbound(owner, vpcId);
      String ruleId = forwardRule(owner, "fuzz.corp.example.", endpointId, "10.9.9.9");
      String checkId =
          post(
                  "/v1/healthchecks",
                  owner.token(),
                  "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}")
              .expect(201)
              .text("/id");
      String token = owner.token();
      targets =
          List.of(
              new Target(HttpMethod.POST, "/v1/vpcs", token),
              new Target(HttpMethod.POST, "/v1/hostedzones", token),
              new Target(HttpMethod.POST, "/v1/hostedzones/" + zoneId + "/rrsets/changes", token),
              new Target(HttpMethod.POST, "/v1/hostedzones/" + zoneId + "/associations", token),
              new Target(HttpMethod.POST, "/v1/hostedzones/" + zoneId + "/authorizations", token),
              new Target(HttpMethod.POST, "/v1/resolver/endpoints", token),
              new Target(HttpMethod.POST, "/v1/resolver/rules", token),
              new Target(HttpMethod.PATCH, "/v1/resolver/rules/" + ruleId, token),
              new Target(HttpMethod.POST, "/v1/resolver/rules/" + ruleId + "/associations", token),
              new Target(HttpMethod.POST, "/v1/resolver/rules/" + ruleId + "/shares", token),
              new Target(HttpMethod.POST, "/v1/healthchecks", token),
              new Target(HttpMethod.PATCH, "/v1/healthchecks/" + checkId, token),
              new Target(HttpMethod.POST, "/v1/metrics", token),
              new Target(HttpMethod.POST, "/v1/resolver/query-log-configs", token),
              new Target(HttpMethod.POST, "/v1/accounts", OPERATOR));
    }
    return targets;
  }

  /** The API's field names and enum values, so mutations reach past the JSON parser faster. */
  @DictionaryEntries({
    "\"name\":",
    "\"region\":",
    "\"cidrs\":",
    "\"vpcId\":",
    "\"comment\":",
    "\"changes\":",
    "\"action\":",
    "\"rrset\":",
    "\"type\":",
    "\"ttl\":",
    "\"records\":",
    "\"setIdentifier\":",
    "\"weight\":",
    "\"failover\":",
    "\"healthCheckId\":",
    "\"aliasTarget\":",
    "\"direction\":",
    "\"ipAddresses\":",
    "\"ip\":",
    "\"port\":",
    "\"allowedSourceCidrs\":",
    "\"domainName\":",
    "\"ruleType\":",
    "\"targetIps\":",
    "\"resolverEndpointId\":",
    "\"accountId\":",
    "\"metric\":",
    "\"namespace\":",
    "\"metricName\":",
    "\"dimensions\":",
    "\"points\":",
    "\"timestamp\":",
    "\"value\":",
    "\"tcp\":",
    "\"calculated\":",
    "\"childHealthChecks\":",
    "\"healthThreshold\":",
    "\"destination\":",
    "\"id\":",
    "CREATE",
    "UPSERT",
    "DELETE",
    "FORWARD",
    "SYSTEM",
    "INBOUND",
    "OUTBOUND",
    "METRIC",
    "HTTP",
    "HTTPS",
    "TCP",
    "CALCULATED",
    "PRIMARY",
    "SECONDARY",
    "null",
    "true",
    "1e309",
    "-0",
    "9223372036854775808",
    "\"\\u0000\""
  })
  @FuzzTest(maxDuration = "20s")
  void bodies(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    List<Target> all = targets();
    Target target = all.get((input[0] & 0xFF) % all.size());
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    MockHttpServletResponse response =
        mvc.perform(
                request(target.method(), target.path())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + target.token())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(body))
            .andReturn()
            .getResponse();
    int status = response.getStatus();
    String described = target.method() + " " + target.path() + " → " + status;
    assertThat(status).as(described).isLessThan(500);
    if (status >= 400) {
      assertThat(response.getContentType()).as(described).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(response.getContentAsString());
      assertThat(problem.get("status").intValue()).as(described).isEqualTo(status);
      assertThat(problem.get("code").stringValue()).as(described).isNotBlank();
      assertThat(problem.get("errors").isArray()).as(described).isTrue();
    }
  }
}
