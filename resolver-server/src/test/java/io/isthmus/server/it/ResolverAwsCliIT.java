package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Route 53 Resolver through the real AWS CLI (docs/aws-api.md "Route 53 Resolver"): a network made
 * with {@code aws ec2}, an outbound endpoint in its subnets, a forwarding rule through it, its
 * association and its sharing by policy, read back on {@code /v1}; and the modelled errors as
 * botocore parses them.
 */
class ResolverAwsCliIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anOutboundEndpointAndAForwardingRuleAreMadeSharedAndRemovedWithTheCli() throws Exception {
    RunningNode.AwsAccount owner = node.awsAccount("resolver-cli");
    RunningNode.AwsAccount partner = node.awsAccount("resolver-cli-partner");
    String vpc =
        cli(owner, "ec2", "create-vpc", "--cidr-block", "127.91.0.0/16")
            .at("/Vpc/VpcId")
            .stringValue();
    String subnet1 = subnet(owner, vpc, "127.91.1.0/24");
    String subnet2 = subnet(owner, vpc, "127.91.2.0/24");
    String group =
        cli(
                owner,
                "ec2",
                "create-security-group",
                "--group-name",
                "resolver",
                "--description",
                "resolver",
                "--vpc-id",
                vpc)
            .get("GroupId")
            .stringValue();

    JsonNode endpoint =
        cli(
                owner,
                "route53resolver",
                "create-resolver-endpoint",
                "--creator-request-id",
                "cli-endpoint",
                "--name",
                "outbound",
                "--direction",
                "OUTBOUND",
                "--security-group-ids",
                group,
                "--ip-addresses",
                "SubnetId=" + subnet1,
                "SubnetId=" + subnet2 + ",Ip=127.91.2.53")
            .get("ResolverEndpoint");
    String endpointId = endpoint.get("Id").stringValue();
    assertThat(endpoint.get("HostVPCId").stringValue()).isEqualTo(vpc);
    assertThat(endpoint.get("Arn").stringValue())
        .isEqualTo(
            "arn:aws:route53resolver:us-east-1:" + owner.id() + ":resolver-endpoint/" + endpointId);
    assertThat(endpoint.at("/SecurityGroupIds/0").stringValue()).isEqualTo(group);
    List<String> ips = new ArrayList<>();
    cli(
            owner,
            "route53resolver",
            "list-resolver-endpoint-ip-addresses",
            "--resolver-endpoint-id",
            endpointId)
        .get("IpAddresses")
        .forEach(address -> ips.add(address.get("Ip").stringValue()));
    assertThat(ips).containsExactlyInAnyOrder("127.91.1.4", "127.91.2.53");

    JsonNode rule =
        cli(
                owner,
                "route53resolver",
                "create-resolver-rule",
                "--creator-request-id",
                "cli-rule",
                "--name",
                "to-dc",
                "--rule-type",
                "FORWARD",
                "--domain-name",
                "corp.example",
                "--target-ips",
                "Ip=127.0.0.99,Port=5353",
                "--resolver-endpoint-id",
                endpointId)
            .get("ResolverRule");
    String ruleId = rule.get("Id").stringValue();
    String ruleArn = rule.get("Arn").stringValue();
    JsonNode association =
        cli(
                owner,
                "route53resolver",
                "associate-resolver-rule",
                "--resolver-rule-id",
                ruleId,
                "--vpc-id",
                vpc,
                "--name",
                "corp")
            .get("ResolverRuleAssociation");
    assertThat(association.get("Status").stringValue()).isEqualTo("COMPLETE");
    JsonNode v1 = json(node.call("GET", "/v1/resolver/rules/" + ruleId, owner.token(), null), 200);
    assertThat(v1.get("resolverEndpointId").stringValue()).isEqualTo(endpointId);
    assertThat(v1.at("/targetIps/0/port").intValue()).isEqualTo(5353);
    assertThat(
            cli(
                    owner,
                    "route53resolver",
                    "list-resolver-rules",
                    "--filters",
                    "Name=Type,Values=FORWARD",
                    "--page-size",
                    "1")
                .get("ResolverRules"))
        .hasSize(1);

    cli(
        owner,
        "route53resolver",
        "tag-resource",
        "--resource-arn",
        ruleArn,
        "--tags",
        "Key=team,Value=net");
    assertThat(
            cli(owner, "route53resolver", "list-tags-for-resource", "--resource-arn", ruleArn)
                .at("/Tags/0/Key")
                .stringValue())
        .isEqualTo("team");

    String policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
            + "[\"arn:aws:iam::"
            + partner.id()
            + ":root\"]},\"Action\":[\"route53resolver:GetResolverRule\","
            + "\"route53resolver:AssociateResolverRule\"],\"Resource\":\""
            + ruleArn
            + "\"}]}";
    cli(
        owner,
        "route53resolver",
        "put-resolver-rule-policy",
        "--arn",
        ruleArn,
        "--resolver-rule-policy",
        policy);
    assertThat(
            cli(partner, "route53resolver", "get-resolver-rule", "--resolver-rule-id", ruleId)
                .at("/ResolverRule/ShareStatus")
                .stringValue())
        .isEqualTo("SHARED_WITH_ME");
    assertThat(
            error(partner, "route53resolver", "delete-resolver-rule", "--resolver-rule-id", ruleId))
        .contains("AccessDeniedException");

    cli(
        owner,
        "route53resolver",
        "disassociate-resolver-rule",
        "--resolver-rule-id",
        ruleId,
        "--vpc-id",
        vpc);
    assertThat(
            cli(owner, "route53resolver", "delete-resolver-rule", "--resolver-rule-id", ruleId)
                .at("/ResolverRule/Status")
                .stringValue())
        .isEqualTo("DELETING");
    assertThat(
            cli(
                    owner,
                    "route53resolver",
                    "delete-resolver-endpoint",
                    "--resolver-endpoint-id",
                    endpointId)
                .at("/ResolverEndpoint/Status")
                .stringValue())
        .isEqualTo("DELETING");
    assertThat(
            node.call("GET", "/v1/resolver/endpoints/" + endpointId, owner.token(), null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void botocoreParsesTheModelledErrors() throws Exception {
    RunningNode.AwsAccount owner = node.awsAccount("resolver-cli-errors");
    RunningNode.AwsAccount stranger = node.awsAccount("resolver-cli-stranger");

    assertThat(
            error(
                owner,
                "route53resolver",
                "create-resolver-rule",
                "--creator-request-id",
                "no-endpoint",
                "--rule-type",
                "FORWARD",
                "--domain-name",
                "corp.example",
                "--target-ips",
                "Ip=127.0.0.99"))
        .contains("InvalidRequestException")
        .contains("ResolverEndpointId");
    String system =
        cli(
                owner,
                "route53resolver",
                "create-resolver-rule",
                "--creator-request-id",
                "system",
                "--rule-type",
                "SYSTEM",
                "--domain-name",
                "sys.example")
            .at("/ResolverRule/Id")
            .stringValue();
    assertThat(
            error(
                owner,
                "route53resolver",
                "create-resolver-rule",
                "--creator-request-id",
                "system",
                "--rule-type",
                "SYSTEM",
                "--domain-name",
                "other.example"))
        .contains("ResourceExistsException");
    assertThat(
            error(stranger, "route53resolver", "get-resolver-rule", "--resolver-rule-id", system))
        .contains("ResourceNotFoundException");
    assertThat(
            error(
                owner,
                "route53resolver",
                "create-resolver-endpoint",
                "--creator-request-id",
                "bad-subnet",
                "--direction",
                "INBOUND",
                "--security-group-ids",
                "sg-00000000000000000",
                "--ip-addresses",
                "SubnetId=subnet-00000000000000000",
                "SubnetId=subnet-00000000000000001"))
        .contains("InvalidParameterException");
  }

  private static String subnet(RunningNode.AwsAccount account, String vpc, String cidr)
      throws Exception {
    return cli(account, "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", cidr)
        .at("/Subnet/SubnetId")
        .stringValue();
  }

  private static JsonNode cli(RunningNode.AwsAccount account, String... args) throws Exception {
    Run run = awsCli.aws(account.keyId(), account.secret(), args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(run.out());
  }

  /** The CLI's error output for a call that must fail. */
  private static String error(RunningNode.AwsAccount account, String... args) throws Exception {
    Run run = awsCli.aws(account.keyId(), account.secret(), args);
    assertThat(run.exitCode()).as(run.out()).isNotZero();
    return run.err();
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }
}
