package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import io.isthmus.testsupport.Dig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's metric-driven failover scripted with the real AWS CLI only (docs/aws-api.md): a
 * private zone in a VPC, a CloudWatch alarm on a pushed metric, a CLOUDWATCH_METRIC health check on
 * the alarm, record sets of every routing kind with the failover pair on the check; then the metric
 * falls and rises again and the real dig, from an address of the VPC, follows.
 */
class AwsSeedFailoverIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The VPC's CIDR holds the address dig sends from. */
  private static final String CLIENT = "127.93.0.5";

  private static final String DB = "db.seed.aws.example";
  private static final String PRIMARY = "10.93.0.10";
  private static final String SECONDARY = "10.93.1.10";

  /**
   * The alarm's two periods of 10 s of the new value, the check's interval of 10 s, the node's tail
   * of the metric log, and CI slack.
   */
  private static final Duration SWITCH_DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;
  private static String token;
  private static String keyId;
  private static String secret;
  private static String checkId;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
    RunningNode.AwsAccount account = node.awsAccount("seed");
    token = account.token();
    keyId = account.keyId();
    secret = account.secret();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anAlarmOnAPushedMetricFailsTheDatabaseOverAndBack() throws Exception {
    // The VPC comes from /v1: the facade has no EC2 yet.
    String vpc =
        json(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"seed\",\"region\":\"us-east-1\",\"cidrs\":[\"127.93.0.0/16\"]}"),
                201)
            .get("id")
            .stringValue();
    String zoneId =
        cli(
                "route53",
                "create-hosted-zone",
                "--name",
                "seed.aws.example",
                "--caller-reference",
                "seed-zone-1",
                "--vpc",
                "VPCRegion=us-east-1,VPCId=" + vpc,
                "--hosted-zone-config",
                "PrivateZone=true")
            .get("HostedZone")
            .get("Id")
            .stringValue();
    pushHealthyHosts(2);
    cli(
        "cloudwatch",
        "put-metric-alarm",
        "--alarm-name",
        "seed-db-down",
        "--namespace",
        "Seed/App",
        "--metric-name",
        "HealthyHostCount",
        "--dimensions",
        "Name=Service,Value=db",
        "--statistic",
        "Minimum",
        "--period",
        "10",
        "--evaluation-periods",
        "2",
        "--datapoints-to-alarm",
        "2",
        "--threshold",
        "1",
        "--comparison-operator",
        "LessThanThreshold");
    checkId =
        cli(
                "route53",
                "create-health-check",
                "--caller-reference",
                "seed-check-1",
                "--health-check-config",
                "{\"Type\":\"CLOUDWATCH_METRIC\",\"AlarmIdentifier\":"
                    + "{\"Region\":\"us-east-1\",\"Name\":\"seed-db-down\"},"
                    + "\"InsufficientDataHealthStatus\":\"LastKnownStatus\"}")
            .get("HealthCheck")
            .get("Id")
            .stringValue();
    String changeId =
        cli(
                "route53",
                "change-resource-record-sets",
                "--hosted-zone-id",
                zoneId,
                "--change-batch",
                changeBatch(zoneId, checkId))
            .get("ChangeInfo")
            .get("Id")
            .stringValue();
    cli("route53", "wait", "resource-record-sets-changed", "--id", changeId);

    assertThat(answers(DB)).containsExactly(PRIMARY);
    assertThat(answers("www.seed.aws.example")).containsExactly("10.93.2.1");
    assertThat(answers("app.seed.aws.example")).containsExactly("10.93.2.1");
    assertThat(answers("api.seed.aws.example")).hasSize(1).isSubsetOf("10.93.3.1", "10.93.3.2");
    assertThat(answers("mv.seed.aws.example")).containsExactlyInAnyOrder("10.93.4.1", "10.93.4.2");

    // An agent reports no healthy host from now on: once two whole periods say so, the alarm's
    // condition holds and the check, which looks every 10 s, fails the name over.
    awaitAnswer(SECONDARY, 0);
    assertThat(
            cli("cloudwatch", "describe-alarms", "--alarm-names", "seed-db-down")
                .get("MetricAlarms")
                .get(0)
                .get("StateValue")
                .stringValue())
        .isEqualTo("ALARM");
    assertThat(
            cli("route53", "get-health-check-status", "--health-check-id", checkId)
                .get("HealthCheckObservations")
                .get(0)
                .get("StatusReport")
                .get("Status")
                .stringValue())
        .startsWith("Failure");

    awaitAnswer(PRIMARY, 2);
    assertThat(
            cli("route53", "get-health-check-status", "--health-check-id", checkId)
                .get("HealthCheckObservations")
                .get(0)
                .get("StatusReport")
                .get("Status")
                .stringValue())
        .startsWith("Success");
  }

  /** A simple, an alias, a failover pair on the check, a weighted pair and a multivalue pair. */
  private static String changeBatch(String zoneId, String checkId) {
    return "{\"Changes\":["
        + create(
            "{\"Name\":\"www.seed.aws.example\",\"Type\":\"A\",\"TTL\":5,"
                + "\"ResourceRecords\":[{\"Value\":\"10.93.2.1\"}]}")
        + ","
        + create(
            "{\"Name\":\"app.seed.aws.example\",\"Type\":\"A\",\"AliasTarget\":"
                + "{\"HostedZoneId\":\""
                + zoneId.replace("/hostedzone/", "")
                + "\",\"DNSName\":\"www.seed.aws.example\","
                + "\"EvaluateTargetHealth\":false}}")
        + ","
        + create(
            "{\"Name\":\""
                + DB
                + "\",\"Type\":\"A\",\"TTL\":5,\"SetIdentifier\":\"primary\","
                + "\"Failover\":\"PRIMARY\",\"HealthCheckId\":\""
                + checkId
                + "\","
                + "\"ResourceRecords\":[{\"Value\":\""
                + PRIMARY
                + "\"}]}")
        + ","
        + create(
            "{\"Name\":\""
                + DB
                + "\",\"Type\":\"A\",\"TTL\":5,\"SetIdentifier\":\"secondary\","
                + "\"Failover\":\"SECONDARY\",\"ResourceRecords\":[{\"Value\":\""
                + SECONDARY
                + "\"}]}")
        + ","
        + create(
            "{\"Name\":\"api.seed.aws.example\",\"Type\":\"A\",\"TTL\":5,"
                + "\"SetIdentifier\":\"blue\",\"Weight\":50,\"ResourceRecords\":[{\"Value\":\"10.93.3.1\"}]}")
        + ","
        + create(
            "{\"Name\":\"api.seed.aws.example\",\"Type\":\"A\",\"TTL\":5,"
                + "\"SetIdentifier\":\"green\",\"Weight\":50,\"ResourceRecords\":[{\"Value\":\"10.93.3.2\"}]}")
        + ","
        + create(
            "{\"Name\":\"mv.seed.aws.example\",\"Type\":\"A\",\"TTL\":5,"
                + "\"SetIdentifier\":\"one\",\"MultiValueAnswer\":true,"
                + "\"ResourceRecords\":[{\"Value\":\"10.93.4.1\"}]}")
        + ","
        + create(
            "{\"Name\":\"mv.seed.aws.example\",\"Type\":\"A\",\"TTL\":5,"
                + "\"SetIdentifier\":\"two\",\"MultiValueAnswer\":true,"
                + "\"ResourceRecords\":[{\"Value\":\"10.93.4.2\"}]}")
        + "]}";
  }

  private static String create(String recordSet) {
    return "{\"Action\":\"CREATE\",\"ResourceRecordSet\":" + recordSet + "}";
  }

  /** Pushes {@code value} at the current second with {@code aws cloudwatch put-metric-data}. */
  private static void pushHealthyHosts(double value) throws Exception {
    cli(
        "cloudwatch",
        "put-metric-data",
        "--namespace",
        "Seed/App",
        "--metric-data",
        "[{\"MetricName\":\"HealthyHostCount\","
            + "\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"db\"}],\"Timestamp\":\""
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + "\",\"Value\":"
            + value
            + "}]");
  }

  private static List<String> answers(String name) throws Exception {
    return Dig.query(node.dnsPort, CLIENT, name).answers("A");
  }

  /**
   * Polls with the real dig until the database's answer is {@code expected}, meanwhile pushing the
   * number of healthy hosts every 2 s with the current time, as an agent would.
   */
  private static void awaitAnswer(String expected, double healthyHosts) throws Exception {
    long deadline = System.nanoTime() + SWITCH_DEADLINE.toNanos();
    long nextPush = 0;
    List<String> last = List.of();
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() >= nextPush) {
        pushHealthyHosts(healthyHosts);
        nextPush = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      }
      last = answers(DB);
      if (last.equals(List.of(expected))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        DB
            + " still answers "
            + last
            + ", expected "
            + expected
            + "; the check: "
            + node.call("GET", "/v1/healthchecks/" + checkId + "/status", token, null).body());
  }

  private static JsonNode cli(String... args) throws Exception {
    Run run = awsCli.aws(keyId, secret, args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run.out().isBlank() ? null : JSON.readTree(run.out());
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
