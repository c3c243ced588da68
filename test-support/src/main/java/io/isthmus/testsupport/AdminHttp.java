package io.isthmus.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One call to a node's admin API on loopback, as the tests' node helpers (in-process or a separate
 * process) make it: a bearer token if given, a JSON body if given. Stateless.
 */
public final class AdminHttp {
  private AdminHttp() {}

  /**
   * Sends {@code method path} to {@code 127.0.0.1:port}, giving up after {@code timeout}.
   *
   * @param token the bearer token, null for none
   * @param body a JSON body, null for none
   */
  public static HttpResponse<String> call(
      HttpClient http,
      int port,
      String method,
      String path,
      @Nullable String token,
      @Nullable String body,
      Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(timeout)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * One CREATE change of a change batch's body: a FAILOVER A record set of {@code name} with one
   * address, its role ({@code PRIMARY} or {@code SECONDARY}) and set identifier, and the health
   * check that decides it, if any.
   */
  public static String failoverCreate(
      String name, int ttl, String role, String setId, String address, @Nullable String checkId) {
    return "{\"action\":\"CREATE\",\"rrset\":{\"name\":\""
        + name
        + "\",\"type\":\"A\",\"ttl\":"
        + ttl
        + ",\"records\":[\""
        + address
        + "\"],\"setIdentifier\":\""
        + setId
        + "\",\"failover\":\""
        + role
        + "\""
        + (checkId == null ? "" : ",\"healthCheckId\":\"" + checkId + "\"")
        + "}}";
  }
}
