package io.isthmus.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.aws.AwsListener;
import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import io.isthmus.config.jdbc.JdbcConfigStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * On a real server and real sockets: the client has the whole response of a mutation while its
 * audit record is still being written, so a slow store (a PostgreSQL commit per record) does not
 * add to every change's latency. The store here holds every append until the test lets it go.
 */
@SpringBootTest(
    classes = TestAdminApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.address=127.0.0.1")
@Import(AuditAfterResponseTest.HeldAppends.class)
class AuditAfterResponseTest {
  /** Appends wait for this; released after each test so that nothing stays blocked. */
  static volatile CountDownLatch release = new CountDownLatch(1);

  @TestConfiguration(proxyBeanMethods = false)
  static class HeldAppends {
    @Bean
    @Primary
    AuditStore heldAuditStore(JdbcConfigStore store) {
      AuditStore real = store.auditStore();
      return new AuditStore() {
        @Override
        public void append(AuditEvent event) {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          real.append(event);
        }

        @Override
        public List<AuditRecord> find(long afterSequence, Instant since, String caller, int limit) {
          return real.find(afterSequence, since, caller, limit);
        }

        @Override
        public int prune(Instant olderThan, long keep) {
          return real.prune(olderThan, keep);
        }
      };
    }
  }

  @LocalServerPort int port;
  @Autowired AwsListener awsListener;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void releaseAppends() {
    release.countDown();
    release = new CountDownLatch(1);
  }

  private CompletableFuture<HttpResponse<String>> post(String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCreatedResourceIsAnsweredWhileItsRecordWaits() throws Exception {
    HttpResponse<String> created =
        post("/v1/accounts", TestAdminApplication.OPERATOR_TOKEN, "{\"name\":\"held\"}")
            .get(20, TimeUnit.SECONDS);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"token\"").endsWith("}");
  }

  @Test
  void aRefusedRequestIsAnsweredWhileItsRecordWaits() throws Exception {
    HttpResponse<String> refused = post("/v1/vpcs", null, "{}").get(20, TimeUnit.SECONDS);

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(refused.body()).contains("\"status\":401");
  }

  @Test
  void aMutationOfAnUnknownPathStillGetsItsErrorBody() throws Exception {
    CompletableFuture<HttpResponse<String>> reply =
        post("/v1/no-such-resource", TestAdminApplication.OPERATOR_TOKEN, "{}");
    release.countDown();
    HttpResponse<String> notFound = reply.get(20, TimeUnit.SECONDS);

    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.body()).contains("404");
  }

  @Test
  void anAwsApiCallIsAnsweredWhileItsRecordWaits() throws Exception {
    // Every request on this port is now the AWS-compatible API's; an unsigned call is refused (403)
    // and audited as a denied call.
    awsListener.bound(port);
    try {
      HttpResponse<String> refused =
          post("/2013-04-01/hostedzone", null, "<CreateHostedZoneRequest/>")
              .get(20, TimeUnit.SECONDS);

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("Error");
    } finally {
      awsListener.bound(-1);
    }
  }
}
