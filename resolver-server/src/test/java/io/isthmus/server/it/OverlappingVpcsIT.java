package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import io.isthmus.testsupport.Dig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two accounts reuse one CIDR block, as AWS accounts do (docs/spec/resolution.md section 1): their
 * VPCs, made with the real AWS CLI's {@code ec2 create-vpc}, each get a resolver address from the
 * node's pool, and the real {@code dig} gets each VPC's own private zone from its address, over UDP
 * and TCP, for the same source address. The source alone finds neither; a source outside a VPC is
 * refused at its address with the reason; explain names the listener that decided.
 */
class OverlappingVpcsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SHARED_CIDR = "127.20.0.0/16";
  private static final String CLIENT = "127.20.0.5";

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;
  private static int resolverPort;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    resolverPort = freePort();
    node =
        RunningNode.start(
            dataDir,
            "--isthmus.aws.port=0",
            "--isthmus.aws.vpc-resolver-addresses=127.0.77.0/30",
            "--isthmus.aws.vpc-resolver-port=" + resolverPort);
    awsCli = new AwsCli(node.awsPort(), dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void eachVpcOfASharedCidrAnswersFromItsOwnZoneAtItsOwnAddress() throws Exception {
    RunningNode.AwsAccount first = node.awsAccount("overlap-first");
    RunningNode.AwsAccount second = node.awsAccount("overlap-second");
    String firstVpc = createVpc(first);
    String secondVpc = createVpc(second);
    zoneWithWww(first, firstVpc, "10.0.0.1");
    zoneWithWww(second, secondVpc, "10.0.0.2");

    String firstAddress = resolverIp(first, firstVpc);
    String secondAddress = resolverIp(second, secondVpc);
    assertThat(firstAddress).isEqualTo("127.0.77.0");
    assertThat(secondAddress).isEqualTo("127.0.77.1");

    assertThat(awaitAnswer(firstAddress)).isEqualTo("10.0.0.1");
    assertThat(awaitAnswer(secondAddress)).isEqualTo("10.0.0.2");
    assertThat(
            Dig.queryAt(secondAddress, resolverPort, CLIENT, "www.app.internal", "+tcp")
                .answers("A"))
        .containsExactly("10.0.0.2");

    // The main listener finds a VPC by source, and no VPC found that way holds the client.
    Dig bySource = Dig.query(node.dnsPort, CLIENT, "www.app.internal");
    assertThat(bySource.status()).isEqualTo("REFUSED");
    assertThat(bySource.output).contains("(source " + CLIENT + " is not in any VPC)");

    // A VPC's resolver answers the VPC's own addresses only.
    Dig outside = Dig.queryAt(firstAddress, resolverPort, "127.21.0.5", "www.app.internal");
    assertThat(outside.status()).isEqualTo("REFUSED");
    assertThat(outside.output)
        .contains(
            "EDE: 18 (Prohibited): (source 127.21.0.5 is not allowed by resolver address of "
                + firstVpc
                + ")");

    String explain =
        "/v1/resolver/explain?sourceIp="
            + CLIENT
            + "&listener="
            + secondAddress
            + ":"
            + resolverPort
            + "&name=www.app.internal";
    JsonNode explained = json(node.call("GET", explain, second.token(), null), 200);
    assertThat(explained.get("vpcId").stringValue()).isEqualTo(secondVpc);
    assertThat(explained.get("vpcReason").stringValue())
        .isEqualTo(
            "arrived on "
                + secondAddress
                + ":"
                + resolverPort
                + ", the resolver address of "
                + secondVpc
                + ", which admits source "
                + CLIENT);
    assertThat(explained.get("answers").get(0).stringValue()).endsWith("IN A 10.0.0.2");
    assertThat(node.call("GET", explain, first.token(), null).statusCode()).isEqualTo(404);
  }

  private static String createVpc(RunningNode.AwsAccount account) throws Exception {
    return cli(account, "ec2", "create-vpc", "--cidr-block", SHARED_CIDR)
        .get("Vpc")
        .get("VpcId")
        .stringValue();
  }

  /** A private zone app.internal in the VPC with www A {@code address}, through the CLI. */
  private static void zoneWithWww(RunningNode.AwsAccount account, String vpcId, String address)
      throws Exception {
    String zoneId =
        cli(
                account,
                "route53",
                "create-hosted-zone",
                "--name",
                "app.internal",
                "--caller-reference",
                "overlap-" + vpcId,
                "--vpc",
                "VPCRegion=us-east-1,VPCId=" + vpcId)
            .get("HostedZone")
            .get("Id")
            .stringValue();
    cli(
        account,
        "route53",
        "change-resource-record-sets",
        "--hosted-zone-id",
        zoneId,
        "--change-batch",
        "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"www.app.internal\","
            + "\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":[{\"Value\":\""
            + address
            + "\"}]}}]}");
  }

  /** The IP of the VPC's resolver address, as {@code /v1} shows it. */
  private static String resolverIp(RunningNode.AwsAccount account, String vpcId) throws Exception {
    JsonNode vpc = json(node.call("GET", "/v1/vpcs/" + vpcId, account.token(), null), 200);
    assertThat(vpc.get("resolverAddresses")).hasSize(1);
    assertThat(vpc.get("resolverAddresses").get(0).get("port").intValue()).isEqualTo(resolverPort);
    return vpc.get("resolverAddresses").get(0).get("ip").stringValue();
  }

  /** The A record www.app.internal gets at the address, once the node listens there. */
  private static String awaitAnswer(String address) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Dig dig;
    do {
      dig = Dig.queryAt(address, resolverPort, CLIENT, "www.app.internal");
      if (dig.status().equals("NOERROR")) {
        assertThat(dig.flags()).contains("aa");
        return dig.answers("A").get(0);
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no answer at " + address + ": " + dig.output);
  }

  private static JsonNode cli(RunningNode.AwsAccount account, String... args) throws Exception {
    Run run = awsCli.aws(account.keyId(), account.secret(), args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  /** A port free on loopback now (TCP; UDP is bound by the node on the same number). */
  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
