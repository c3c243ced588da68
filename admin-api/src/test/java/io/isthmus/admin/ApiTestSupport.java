package io.isthmus.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the admin API tests: the application context in a mock web environment over a shared
 * in-memory store, and helpers that call the API as the operator or an account. Tests create their
 * own accounts and take CIDR blocks from a counter, so they do not depend on each other's data.
 */
@SpringBootTest(
    classes = TestAdminApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
public abstract class ApiTestSupport {
  protected static final String OPERATOR = TestAdminApplication.OPERATOR_TOKEN;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger NEXT_BLOCK = new AtomicInteger();

  @Autowired protected MockMvc mvc;

  /** An account and the token it acts with. */
  protected record Acct(String id, String name, String token) {}

  /** A response: status, headers and the parsed JSON body (null when there is none or text). */
  protected record Reply(int status, JsonNode body, MockHttpServletResponse raw) {
    public String text(String path) {
      return body.at(path).stringValue();
    }

    /** The fields of the problem's {@code errors}, in order. */
    public List<String> errorFields() {
      List<String> fields = new ArrayList<>();
      body.get("errors").forEach(error -> fields.add(error.get("field").stringValue()));
      return fields;
    }

    public Reply expect(int expected) {
      assertThat(status).as("status of %s", body).isEqualTo(expected);
      return this;
    }

    /** Asserts a problem+json error with this status and code. */
    public Reply problem(int expectedStatus, String code) {
      expect(expectedStatus);
      assertThat(raw.getContentType()).startsWith("application/problem+json");
      assertThat(body.get("status").intValue()).isEqualTo(expectedStatus);
      assertThat(text("/code")).isEqualTo(code);
      return this;
    }
  }

  protected Reply call(HttpMethod method, String path, String token, String body) {
    return callWithAuthorization(method, path, token == null ? null : "Bearer " + token, body);
  }

  /** A call with this Authorization header value (none if null). */
  protected Reply callWithAuthorization(
      HttpMethod method, String path, String authorization, String body) {
    MockHttpServletRequestBuilder request = request(method, path);
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return perform(request);
  }

  /** Performs a request built by the test and reads its reply. */
  protected Reply perform(MockHttpServletRequestBuilder request) {
    try {
      MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
      String content = response.getContentAsString();
      // A zone file export answers text/dns: its body is not JSON.
      boolean text = String.valueOf(response.getContentType()).startsWith("text/");
      JsonNode json = content.isEmpty() || text ? null : JSON.readTree(content);
      return new Reply(response.getStatus(), json, response);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  protected Reply get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  protected Reply post(String path, String token, String body) {
    return call(HttpMethod.POST, path, token, body);
  }

  protected Reply delete(String path, String token) {
    return call(HttpMethod.DELETE, path, token, null);
  }

  protected Acct account(String name) {
    Reply reply = post("/v1/accounts", OPERATOR, "{\"name\":\"" + name + "\"}").expect(201);
    return new Acct(reply.text("/id"), name, reply.text("/token"));
  }

  /** A fresh /24 no other test uses. */
  protected static String freshCidr() {
    int n = NEXT_BLOCK.incrementAndGet();
    return "10." + (n / 256) + "." + (n % 256) + ".0/24";
  }

  protected String vpc(Acct owner, String region) {
    String body =
        "{\"name\":\"vpc-of-%s\",\"region\":\"%s\",\"cidrs\":[\"%s\"]}"
            .formatted(owner.name(), region, freshCidr());
    return post("/v1/vpcs", owner.token(), body).expect(201).text("/id");
  }

  protected String zone(Acct owner, String name, String vpcId) {
    String body = "{\"name\":\"%s\",\"vpcId\":\"%s\"}".formatted(name, vpcId);
    return post("/v1/hostedzones", owner.token(), body).expect(201).text("/id");
  }

  protected Reply changeBatch(Acct owner, String zoneId, String changes) {
    return post(
        "/v1/hostedzones/" + zoneId + "/rrsets/changes",
        owner.token(),
        "{\"changes\":[" + changes + "]}");
  }

  protected static String create(String name, String type, long ttl, String... records) {
    return change("CREATE", name, type, ttl, records);
  }

  protected static String change(
      String action, String name, String type, long ttl, String... records) {
    StringBuilder values = new StringBuilder();
    for (String record : records) {
      values.append(values.length() == 0 ? "" : ",").append(JSON.writeValueAsString(record));
    }
    return "{\"action\":\"%s\",\"rrset\":{\"name\":\"%s\",\"type\":\"%s\",\"ttl\":%d,\"records\":[%s]}}"
        .formatted(action, name, type, ttl, values);
  }
}
