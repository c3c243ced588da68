package io.isthmus.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.TestAdminApplication;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body limit on a real server and real sockets, with a small limit: bodies with a declared
 * length and chunked ones (no Content-Length, RFC 9112 section 7.1) alike.
 */
@SpringBootTest(
    classes = TestAdminApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=127.0.0.1")
@Import(RequestLimitsTest.SmallBodies.class)
class RequestLimitsTest {
  static final int LIMIT = 4096;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger NEXT_BLOCK = new AtomicInteger();

  @TestConfiguration(proxyBeanMethods = false)
  static class SmallBodies {
    @Bean
    @Primary
    AdminLimits smallBodies() {
      AdminLimits generous = TestAdminApplication.GENEROUS_LIMITS;
      return new AdminLimits(
          generous.account(),
          generous.operator(),
          generous.unauthenticated(),
          generous.maxTrackedClients(),
          LIMIT);
    }
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;
  @Autowired AuditStore audit;
  private final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, String contentType, JsonNode body) {}

  private Reply post(String path, String token, BodyPublisher body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(body);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body().isEmpty() ? null : JSON.readTree(response.body()));
  }

  private static BodyPublisher chunked(byte[] body) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  private static BodyPublisher declared(byte[] body) {
    return BodyPublishers.ofByteArray(body);
  }

  /** A VPC body padded with spaces (insignificant in JSON) to exactly {@code size} bytes. */
  private static byte[] vpcBody(int size) {
    int n = NEXT_BLOCK.incrementAndGet();
    String json =
        "{\"name\":\"limits\",\"region\":\"us-east-1\",\"cidrs\":[\"10.251.%d.0/24\"]}"
            .formatted(n);
    return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.US_ASCII);
  }

  private String accountToken(String name) throws Exception {
    Reply created =
        post(
            "/v1/accounts",
            TestAdminApplication.OPERATOR_TOKEN,
            declared(("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8)));
    assertThat(created.status()).isEqualTo(201);
    return created.body().get("token").stringValue();
  }

  private static void assertTooLarge(Reply reply) {
    assertThat(reply.status()).as("%s", reply.body()).isEqualTo(413);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.body().get("code").stringValue()).isEqualTo("RequestTooLarge");
    assertThat(reply.body().get("detail").stringValue()).contains(Integer.toString(LIMIT));
  }

  private double tooLarge() {
    return registry.get("isthmus.admin.rejected").tag("reason", "too_large").counter().count();
  }

  @Test
  void aBodyOfExactlyTheLimitIsReadAndOneByteMoreIsNot() throws Exception {
    String token = accountToken("at-the-limit");
    double before = tooLarge();

    assertThat(post("/v1/vpcs", token, declared(vpcBody(LIMIT))).status()).isEqualTo(201);
    assertTooLarge(post("/v1/vpcs", token, declared(vpcBody(LIMIT + 1))));
    assertThat(post("/v1/vpcs", token, chunked(vpcBody(LIMIT))).status()).isEqualTo(201);
    assertTooLarge(post("/v1/vpcs", token, chunked(vpcBody(LIMIT + 1))));

    assertThat(tooLarge()).isEqualTo(before + 2);
  }

  @Test
  void aChunkedBodyFarOverTheLimitIsRefusedAndTheServerKeepsServing() throws Exception {
    String token = accountToken("chunked-flood");

    assertTooLarge(post("/v1/vpcs", token, chunked(new byte[1024 * 1024])));
    assertThat(post("/v1/vpcs", token, chunked(vpcBody(200))).status()).isEqualTo(201);
  }

  @Test
  void withoutATokenTheAnswerIs401WhateverTheBody() throws Exception {
    Reply reply = post("/v1/vpcs", null, declared(vpcBody(LIMIT * 4)));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body().get("code").stringValue()).isEqualTo("Unauthorized");
  }

  @Test
  void aRefusedBodyIsAuditedWithItsCaller() throws Exception {
    Reply created =
        post(
            "/v1/accounts",
            TestAdminApplication.OPERATOR_TOKEN,
            declared("{\"name\":\"audited-too-large\"}".getBytes(StandardCharsets.UTF_8)));
    String accountId = created.body().get("id").stringValue();
    String token = created.body().get("token").stringValue();

    assertTooLarge(post("/v1/vpcs", token, chunked(vpcBody(LIMIT * 2))));

    // The record is written after the answer was sent: poll for it.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<AuditEvent> events = List.of();
    while (events.isEmpty() && System.nanoTime() < deadline) {
      events =
          audit.find(0, null, accountId, 100).stream()
              .map(AuditRecord::event)
              .filter(event -> event.status() == 413)
              .toList();
      LockSupport.parkNanos(10_000_000L);
    }
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.method()).isEqualTo("POST");
              assertThat(event.path()).isEqualTo("/v1/vpcs");
              assertThat(event.sourceAddress()).isEqualTo("127.0.0.1");
            });
  }
}
