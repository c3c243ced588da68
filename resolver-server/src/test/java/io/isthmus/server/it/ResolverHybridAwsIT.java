package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed's hybrid half scripted with the real AWS CLI only (docs/aws-api.md "Route 53 Resolver"
 * and "RAM"), against a real BIND as the on-premises server: a networking account's outbound
 * endpoint in two subnets and a FORWARD rule through it (BIND admits only the endpoint's two
 * addresses, so an answer proves where the queries left from), the rule shared with an application
 * account by a rule policy and a second one through RAM, each associated by that account and
 * answered to its {@code dig}, its update and delete refused; an inbound endpoint that BIND
 * forwards a private zone to; a query-logging configuration whose lines appear.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResolverHybridAwsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NET_CLIENT = "127.64.9.5";
  private static final String APP_CLIENT = "127.65.9.5";
  private static final List<String> OUTBOUND_IPS = List.of("127.64.1.10", "127.64.2.10");
  private static final List<String> INBOUND_IPS = List.of("127.64.1.20", "127.64.2.20");

  /** The on-premises client that asks BIND; BIND admits it besides the outbound addresses. */
  private static final String ONPREM_CLIENT = "127.0.0.2";

  private static final String PRIVATE_ZONE = "aws.example.internal";

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;
  private static NamedServer bind;
  private static RunningNode.AwsAccount net;
  private static RunningNode.AwsAccount app;
  private static String netVpc;
  private static String appVpc;
  private static String subnet1;
  private static String subnet2;
  private static String group;
  private static String outboundId;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    bind =
        NamedServer.startOrSkip(
            dataDir.resolve("bind"),
            NamedServer.freePort(),
            List.of(OUTBOUND_IPS.get(0), OUTBOUND_IPS.get(1), ONPREM_CLIENT),
            Map.of(
                PRIVATE_ZONE,
                INBOUND_IPS.stream().map(ip -> new InetSocketAddress(ip, 53)).toList()));
    node = RunningNode.start(dataDir.resolve("node"), "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
    net = node.awsAccount("hybrid-networking");
    app = node.awsAccount("hybrid-app");
    netVpc =
        cli(net, "ec2", "create-vpc", "--cidr-block", "127.64.0.0/16")
            .at("/Vpc/VpcId")
            .stringValue();
    appVpc =
        cli(app, "ec2", "create-vpc", "--cidr-block", "127.65.0.0/16")
            .at("/Vpc/VpcId")
            .stringValue();
    subnet1 = subnet("127.64.1.0/24");
    subnet2 = subnet("127.64.2.0/24");
    group =
        cli(
                net,
                "ec2",
                "create-security-group",
                "--group-name",
                "resolver",
                "--description",
                "resolver endpoints",
                "--vpc-id",
                netVpc)
            .get("GroupId")
            .stringValue();
    outboundId = endpoint("OUTBOUND", OUTBOUND_IPS);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (bind != null) {
      bind.close();
    }
  }

  @Test
  @Order(1)
  void aForwardRuleOfTheNetworkingAccountLeavesFromTheOutboundAddresses() throws Exception {
    String ruleId = rule("onprem", "customer.local");
    cli(
        net,
        "route53resolver",
        "associate-resolver-rule",
        "--resolver-rule-id",
        ruleId,
        "--vpc-id",
        netVpc);

    Dig dig = awaitDig(d -> d.answers("A").contains("10.10.0.1"), NET_CLIENT, "dc1.customer.local");
    assertThat(dig.flags()).contains("ra").doesNotContain("aa");
    assertThat(Dig.query(node.dnsPort, NET_CLIENT, "+tcp", "dc2.customer.local").answers("A"))
        .containsExactly("10.10.0.2");
    // The application account has no rule yet: nothing covers the name there.
    assertThat(Dig.query(node.dnsPort, APP_CLIENT, "dc1.customer.local").status())
        .isEqualTo("REFUSED");

    // Shared by a rule policy: the application account associates it and is answered ...
    String ruleArn = arn(ruleId);
    cli(
        net,
        "route53resolver",
        "put-resolver-rule-policy",
        "--arn",
        ruleArn,
        "--resolver-rule-policy",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::"
            + app.id()
            + ":root\"]},\"Action\":[\"route53resolver:GetResolverRule\","
            + "\"route53resolver:AssociateResolverRule\",\"route53resolver:DisassociateResolverRule\","
            + "\"route53resolver:ListResolverRules\",\"route53resolver:ListResolverRuleAssociations\"],"
            + "\"Resource\":[\""
            + ruleArn
            + "\"]}]}");
    assertThat(
            cli(app, "route53resolver", "get-resolver-rule", "--resolver-rule-id", ruleId)
                .at("/ResolverRule/ShareStatus")
                .stringValue())
        .isEqualTo("SHARED_WITH_ME");
    cli(
        app,
        "route53resolver",
        "associate-resolver-rule",
        "--resolver-rule-id",
        ruleId,
        "--vpc-id",
        appVpc);
    assertThat(
            awaitDig(d -> d.answers("A").contains("10.10.0.1"), APP_CLIENT, "dc1.customer.local")
                .status())
        .isEqualTo("NOERROR");

    // ... but may neither change nor delete it.
    assertThat(
            fails(
                app,
                "route53resolver",
                "update-resolver-rule",
                "--resolver-rule-id",
                ruleId,
                "--config",
                "Name=mine"))
        .contains("AccessDeniedException");
    assertThat(fails(app, "route53resolver", "delete-resolver-rule", "--resolver-rule-id", ruleId))
        .contains("AccessDeniedException");
  }

  @Test
  @Order(2)
  void aRuleSharedThroughRamIsAssociatedAndAnsweredInTheOtherAccount() throws Exception {
    String ruleId = rule("onprem-dc2", "dc2.customer.local");
    cli(
        net,
        "ram",
        "create-resource-share",
        "--name",
        "onprem-rules",
        "--resource-arns",
        arn(ruleId),
        "--principals",
        app.id());
    cli(
        app,
        "route53resolver",
        "associate-resolver-rule",
        "--resolver-rule-id",
        ruleId,
        "--vpc-id",
        appVpc);

    assertThat(
            awaitDig(d -> d.answers("A").contains("10.10.0.2"), APP_CLIENT, "dc2.customer.local")
                .status())
        .isEqualTo("NOERROR");
    // The more specific shared rule decided, as explain tells the application account.
    JsonNode explained =
        JSON.readTree(
            node.call(
                    "GET",
                    "/v1/resolver/explain?sourceIp=" + APP_CLIENT + "&name=dc2.customer.local",
                    app.token(),
                    null)
                .body());
    assertThat(explained.at("/decision/id").stringValue()).isEqualTo(ruleId);
    assertThat(fails(app, "route53resolver", "delete-resolver-rule", "--resolver-rule-id", ruleId))
        .contains("AccessDeniedException");
  }

  @Test
  @Order(3)
  void onPremisesBindReachesAPrivateZoneThroughTheInboundEndpoint() throws Exception {
    String zoneId =
        cli(
                net,
                "route53",
                "create-hosted-zone",
                "--name",
                PRIVATE_ZONE,
                "--caller-reference",
                "hybrid-private",
                "--vpc",
                "VPCRegion=us-east-1,VPCId=" + netVpc)
            .at("/HostedZone/Id")
            .stringValue();
    cli(
        net,
        "route53",
        "change-resource-record-sets",
        "--hosted-zone-id",
        zoneId,
        "--change-batch",
        "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"api."
            + PRIVATE_ZONE
            + "\",\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"10.0.0.7\"}]}}]}");
    String inboundId = endpoint("INBOUND", INBOUND_IPS);
    JsonNode status = awaitEndpointSettled(inboundId);
    // An endpoint on port 53 needs the privilege to bind it; the CI machine runs as root.
    Assumptions.assumeTrue(
        status.get("Status").stringValue().equals("OPERATIONAL"),
        () -> "the inbound endpoint could not listen on port 53: " + status);

    Dig viaBind =
        awaitDigAt(
            "127.0.0.1",
            bind.port(),
            ONPREM_CLIENT,
            d -> d.answers("A").contains("10.0.0.7"),
            "api." + PRIVATE_ZONE);
    assertThat(viaBind.status()).isEqualTo("NOERROR");
    Dig missing = Dig.queryAt("127.0.0.1", bind.port(), ONPREM_CLIENT, "nothing." + PRIVATE_ZONE);
    assertThat(missing.status()).isEqualTo("NXDOMAIN");
  }

  @Test
  @Order(4)
  void aQueryLoggingConfigurationWritesTheVpcsQueries() throws Exception {
    String configId =
        cli(
                net,
                "route53resolver",
                "create-resolver-query-log-config",
                "--name",
                "hybrid",
                "--creator-request-id",
                "hybrid-log",
                "--destination-arn",
                "arn:aws:logs:us-east-1:" + net.id() + ":log-group:hybrid-dns")
            .at("/ResolverQueryLogConfig/Id")
            .stringValue();
    cli(
        net,
        "route53resolver",
        "associate-resolver-query-log-config",
        "--resolver-query-log-config-id",
        configId,
        "--resource-id",
        netVpc);

    Path file = dataDir.resolve("node/query-logs/" + net.id() + "/hybrid-dns.jsonl");
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String lines = "";
    while (System.nanoTime() < deadline && !lines.contains("dc1.customer.local.")) {
      Dig.query(node.dnsPort, NET_CLIENT, "dc1.customer.local");
      Thread.sleep(200);
      lines = Files.exists(file) ? Files.readString(file) : "";
    }
    JsonNode line =
        JSON.readTree(
            lines
                .lines()
                .filter(l -> l.contains("dc1.customer.local."))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no query-log line in " + file)));
    assertThat(line.get("vpc_id").stringValue()).isEqualTo(netVpc);
    assertThat(line.get("account_id").stringValue()).isEqualTo(net.id());
    assertThat(line.get("srcaddr").stringValue()).isEqualTo(NET_CLIENT);
    assertThat(line.get("route").stringValue()).isEqualTo("FORWARD");
  }

  private static String subnet(String cidr) throws Exception {
    return cli(net, "ec2", "create-subnet", "--vpc-id", netVpc, "--cidr-block", cidr)
        .at("/Subnet/SubnetId")
        .stringValue();
  }

  /** An endpoint of the networking account on one address of each subnet; its id. */
  private static String endpoint(String direction, List<String> ips) throws Exception {
    return cli(
            net,
            "route53resolver",
            "create-resolver-endpoint",
            "--creator-request-id",
            "hybrid-" + direction,
            "--name",
            direction.toLowerCase(java.util.Locale.ROOT),
            "--direction",
            direction,
            "--security-group-ids",
            group,
            "--ip-addresses",
            "SubnetId=" + subnet1 + ",Ip=" + ips.get(0),
            "SubnetId=" + subnet2 + ",Ip=" + ips.get(1))
        .at("/ResolverEndpoint/Id")
        .stringValue();
  }

  /** A FORWARD rule of the networking account to BIND through the outbound endpoint; its id. */
  private static String rule(String name, String domain) throws Exception {
    return cli(
            net,
            "route53resolver",
            "create-resolver-rule",
            "--creator-request-id",
            "hybrid-" + name,
            "--name",
            name,
            "--rule-type",
            "FORWARD",
            "--domain-name",
            domain,
            "--target-ips",
            "Ip=127.0.0.1,Port=" + bind.port(),
            "--resolver-endpoint-id",
            outboundId)
        .at("/ResolverRule/Id")
        .stringValue();
  }

  private static String arn(String ruleId) throws Exception {
    return cli(net, "route53resolver", "get-resolver-rule", "--resolver-rule-id", ruleId)
        .at("/ResolverRule/Arn")
        .stringValue();
  }

  /** The endpoint once every node has set it up or given up: OPERATIONAL or ACTION_NEEDED. */
  private static JsonNode awaitEndpointSettled(String endpointId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode endpoint;
    do {
      endpoint =
          cli(net, "route53resolver", "get-resolver-endpoint", "--resolver-endpoint-id", endpointId)
              .get("ResolverEndpoint");
      String status = endpoint.get("Status").stringValue();
      if (status.equals("OPERATIONAL") || status.equals("ACTION_NEEDED")) {
        return endpoint;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("endpoint " + endpointId + " did not settle: " + endpoint);
  }

  private static Dig awaitDig(Predicate<Dig> done, String source, String name) throws Exception {
    return awaitDigAt("127.0.0.1", node.dnsPort, source, done, name);
  }

  private static Dig awaitDigAt(
      String server, int port, String source, Predicate<Dig> done, String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Dig dig;
    do {
      dig = Dig.queryAt(server, port, source, name);
      if (done.test(dig)) {
        return dig;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no expected answer for " + name + ": " + dig.output);
  }

  private static JsonNode cli(RunningNode.AwsAccount account, String... args) throws Exception {
    Run run = awsCli.aws(account.keyId(), account.secret(), args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run.out().isBlank() ? JSON.readTree("{}") : JSON.readTree(run.out());
  }

  /** The CLI's error output of a call that must fail. */
  private static String fails(RunningNode.AwsAccount account, String... args) throws Exception {
    Run run = awsCli.aws(account.keyId(), account.secret(), args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.out()).isNotZero();
    return run.err();
  }
}
