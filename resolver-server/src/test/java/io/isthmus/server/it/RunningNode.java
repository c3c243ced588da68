package io.isthmus.server.it;

import io.isthmus.admin.aws.AwsListener;
import io.isthmus.server.IsthmusApplication;
import io.isthmus.server.node.DnsService;
import io.isthmus.testsupport.AdminHttp;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Isthmus node for integration tests: the whole Spring application on free ports (DNS on
 * 127.0.0.1:0, HTTP on 0) with its data in a given folder.
 */
final class RunningNode implements AutoCloseable {
  static final String OPERATOR_TOKEN = "operator-token-for-tests";
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern KEY_ID = Pattern.compile("\"accessKeyId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern SECRET = Pattern.compile("\"secretAccessKey\"\\s*:\\s*\"([^\"]+)\"");

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();
  final int dnsPort;
  final int httpPort;

  private RunningNode(ConfigurableApplicationContext context) {
    this.context = context;
    this.dnsPort = context.getBean(DnsService.class).boundAddresses().get(0).getPort();
    this.httpPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  static RunningNode start(Path dataDir, String... extraArgs) {
    List<String> args = new ArrayList<>();
    args.add("--isthmus.data-dir=" + dataDir);
    args.add("--isthmus.dns.listen=127.0.0.1:0");
    args.add("--isthmus.node-id=it-node");
    args.add("--isthmus.admin.operator-token=" + OPERATOR_TOKEN);
    args.add("--server.port=0");
    // Tests never leave the machine: no default resolution unless a test asks for it.
    args.add("--isthmus.dns.default-upstreams=");
    args.addAll(List.of(extraArgs));
    return new RunningNode(
        SpringApplication.run(IsthmusApplication.class, args.toArray(String[]::new)));
  }

  /** The port of the AWS-compatible API, when started with {@code --isthmus.aws.port=0}. */
  int awsPort() {
    return context.getBean(AwsListener.class).port();
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** An HTTP call to the admin API; {@code body} null for none. */
  HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    return AdminHttp.call(http, httpPort, method, path, token, body, Duration.ofSeconds(30));
  }

  /** An account of the AWS-compatible API's tests: its id and token, and a key pair of it. */
  record AwsAccount(String id, String token, String keyId, String secret) {}

  /** A new account named {@code name} with an AWS key pair, both made by the operator. */
  AwsAccount awsAccount(String name) throws Exception {
    HttpResponse<String> account =
        call("POST", "/v1/accounts", OPERATOR_TOKEN, "{\"name\":\"" + name + "\"}");
    Matcher id = ID.matcher(account.body());
    Matcher token = TOKEN.matcher(account.body());
    if (account.statusCode() != 201 || !id.find() || !token.find()) {
      throw new AssertionError("no account " + name + ": " + account.body());
    }
    HttpResponse<String> key =
        call("POST", "/v1/accounts/" + id.group(1) + "/aws-keys", OPERATOR_TOKEN, null);
    Matcher keyId = KEY_ID.matcher(key.body());
    Matcher secret = SECRET.matcher(key.body());
    if (key.statusCode() != 201 || !keyId.find() || !secret.find()) {
      throw new AssertionError("no AWS key for " + name + ": " + key.body());
    }
    return new AwsAccount(id.group(1), token.group(1), keyId.group(1), secret.group(1));
  }

  /** A new bearer token for the account, issued by the operator ({@code POST …/token}). */
  String issueToken(String accountId) throws Exception {
    HttpResponse<String> response =
        call("POST", "/v1/accounts/" + accountId + "/token", OPERATOR_TOKEN, null);
    Matcher token = TOKEN.matcher(response.body());
    if (response.statusCode() != 200 || !token.find()) {
      throw new AssertionError("no token for " + accountId + ": " + response.body());
    }
    return token.group(1);
  }

  @Override
  public void close() {
    context.close();
  }
}
