package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AWS RAM through boto3 (docs/aws-api.md), as Terraform's {@code aws_ram_resource_share}, {@code
 * aws_ram_resource_association} and {@code aws_ram_principal_association} drive it: a rule made
 * with {@code /v1} is shared through a resource share and the other account associates it with its
 * VPC; the modelled errors are raised as boto3's exceptions.
 */
class RamAwsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;
  private static RunningNode.AwsAccount owner;
  private static RunningNode.AwsAccount principal;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
    owner = node.awsAccount("ram-owner");
    principal = node.awsAccount("ram-principal");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static String created(String path, String token, String body) throws Exception {
    return json(node.call("POST", path, token, body), 201).get("id").stringValue();
  }

  /** A FORWARD rule of the owner's in us-east-1, made with {@code /v1}; its id. */
  private static String rule() throws Exception {
    String vpc =
        created(
            "/v1/vpcs",
            owner.token(),
            "{\"name\":\"ram-net\",\"region\":\"us-east-1\",\"cidrs\":[\"10.61.0.0/16\"]}");
    String endpoint =
        created(
            "/v1/resolver/endpoints",
            owner.token(),
            "{\"name\":\"out\",\"direction\":\"OUTBOUND\",\"vpcId\":\""
                + vpc
                + "\",\"ipAddresses\":[{\"ip\":\"10.61.0.10\"},{\"ip\":\"10.61.0.11\"}]}");
    return created(
        "/v1/resolver/rules",
        owner.token(),
        "{\"name\":\"to-dc\",\"domainName\":\"corp.ram.example\",\"ruleType\":\"FORWARD\","
            + "\"resolverEndpointId\":\""
            + endpoint
            + "\",\"targetIps\":[{\"ip\":\"192.0.2.53\"}]}");
  }

  @Test
  void aRuleSharedThroughRamIsAssociatedByTheOtherAccountAndUnsharedWithItsShare()
      throws Exception {
    String ruleId = rule();
    String principalVpc =
        created(
            "/v1/vpcs",
            principal.token(),
            "{\"name\":\"ram-peer\",\"region\":\"us-east-1\",\"cidrs\":[\"10.62.0.0/16\"]}");
    String ruleArn = "arn:aws:route53resolver:us-east-1:" + owner.id() + ":resolver-rule/" + ruleId;
    String script =
        String.join(
            "\n",
            "import sys, boto3, botocore",
            "def client(key, secret):",
            "    return boto3.client('ram', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "        aws_access_key_id=key, aws_secret_access_key=secret)",
            "ram = client(sys.argv[2], sys.argv[3])",
            "peer = client(sys.argv[4], sys.argv[5])",
            "rule_arn, peer_id = sys.argv[6], sys.argv[7]",
            "def error(call):",
            "    try:",
            "        call()",
            "        print('no error')",
            "    except botocore.exceptions.ClientError as e:",
            "        print(type(e).__name__, e.response['Error']['Code'],",
            "              e.response['ResponseMetadata']['HTTPStatusCode'])",
            "share = ram.create_resource_share(name='to-peer', allowExternalPrincipals=True,",
            "    tags=[{'key': 'team', 'value': 'net'}])['resourceShare']",
            "arn = share['resourceShareArn']",
            "print(share['status'], share['owningAccountId'], share['tags'][0]['value'],",
            "      type(share['creationTime']).__name__)",
            "ram.associate_resource_share(resourceShareArn=arn, resourceArns=[rule_arn])",
            "ram.associate_resource_share(resourceShareArn=arn, principals=[peer_id])",
            "a = ram.get_resource_share_associations(associationType='PRINCIPAL',",
            "    principal=peer_id, resourceShareArns=[arn])['resourceShareAssociations']",
            "print(a[0]['associatedEntity'] == peer_id, a[0]['status'])",
            "r = ram.get_resource_share_associations(associationType='RESOURCE',",
            "    resourceArn=rule_arn)['resourceShareAssociations']",
            "print(r[0]['associatedEntity'] == rule_arn, r[0]['status'])",
            "got = ram.get_resource_shares(resourceOwner='SELF', resourceShareArns=[arn])",
            "print(got['resourceShares'][0]['name'])",
            "seen = peer.get_resource_shares(resourceOwner='OTHER-ACCOUNTS')['resourceShares']",
            "print([s['resourceShareArn'] for s in seen] == [arn])",
            "inv = peer.get_resource_share_invitations(resourceShareArns=[arn])",
            "invitation = inv['resourceShareInvitations'][0]",
            "print(invitation['status'])",
            "error(lambda: peer.accept_resource_share_invitation(",
            "    resourceShareInvitationArn=invitation['resourceShareInvitationArn']))",
            "error(lambda: ram.create_resource_share(name='x', principals=[",
            "    'arn:aws:organizations::111111111111:organization/o-abc']))",
            "error(lambda: ram.create_resource_share(name='x', principals=['999999999999']))",
            "error(lambda: ram.create_resource_share(name='x', resourceArns=['nope']))",
            "error(lambda: peer.associate_resource_share(resourceShareArn=arn,",
            "    resourceArns=[rule_arn]))",
            "error(lambda: ram.get_resource_shares(resourceOwner='SELF', nextToken='bad'))");
    Run shared = run(script, ruleArn);

    assertThat(shared.exitCode()).as(shared.err()).isZero();
    assertThat(shared.out().lines().toList())
        .containsExactly(
            "ACTIVE " + owner.id() + " net datetime",
            "True ASSOCIATED",
            "True ASSOCIATED",
            "to-peer",
            "True",
            "ACCEPTED",
            "ResourceShareInvitationAlreadyAcceptedException"
                + " ResourceShareInvitationAlreadyAcceptedException 400",
            "InvalidParameterException InvalidParameterException 400",
            "UnknownResourceException UnknownResourceException 400",
            "MalformedArnException MalformedArnException 400",
            "UnknownResourceException UnknownResourceException 400",
            "InvalidNextTokenException InvalidNextTokenException 400");
    // The peer sees the rule shared with it and associates it with its VPC.
    JsonNode seen =
        json(node.call("GET", "/v1/resolver/rules/" + ruleId, principal.token(), null), 200);
    assertThat(seen.get("shareStatus").stringValue()).isEqualTo("SHARED_WITH_ME");
    json(
        node.call(
            "POST",
            "/v1/resolver/rules/" + ruleId + "/associations",
            principal.token(),
            "{\"vpcId\":\"" + principalVpc + "\"}"),
        201);

    String delete =
        String.join(
            "\n",
            "import sys, boto3",
            "ram = boto3.client('ram', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "    aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])",
            "shares = ram.get_resource_shares(resourceOwner='SELF')['resourceShares']",
            "for share in shares:",
            "    print(ram.delete_resource_share(",
            "        resourceShareArn=share['resourceShareArn'])['returnValue'])",
            "print(len(ram.get_resource_shares(resourceOwner='SELF')['resourceShares']))");
    Run deleted = run(delete, ruleArn);

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out().lines().toList()).containsExactly("True", "0");
    assertThat(
            json(
                    node.call(
                        "GET", "/v1/resolver/rules/" + ruleId + "/shares", owner.token(), null),
                    200)
                .get("items"))
        .isEmpty();
    assertThat(
            node.call("GET", "/v1/resolver/rules/" + ruleId, principal.token(), null).statusCode())
        .isEqualTo(404);
  }

  private static Run run(String script, String ruleArn) throws Exception {
    return awsCli.run(
        Map.of(),
        "python3",
        "-c",
        script,
        "http://127.0.0.1:" + node.awsPort(),
        owner.keyId(),
        owner.secret(),
        principal.keyId(),
        principal.secret(),
        ruleArn,
        principal.id());
  }
}
