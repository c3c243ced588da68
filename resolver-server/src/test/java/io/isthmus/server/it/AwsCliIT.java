package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AWS-compatible API through the real AWS CLI and boto3 (docs/aws-api.md), configured with
 * nothing but the endpoint URL and a key pair the operator issued: who the keys belong to, and the
 * AWS errors for a wrong secret, an unknown key and an unsigned request.
 */
class AwsCliIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static String accountId;
  private static String token;
  private static String keyId;
  private static String secret;
  private static AwsCli awsCli;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
    RunningNode.AwsAccount account = node.awsAccount("cli");
    accountId = account.id();
    token = account.token();
    keyId = account.keyId();
    secret = account.secret();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A VPC of the test's account, made with {@code /v1}; its id. */
  private static String vpc(String name, String region, String cidr) throws Exception {
    return json(
            node.call(
                "POST",
                "/v1/vpcs",
                token,
                "{\"name\":\""
                    + name
                    + "\",\"region\":\""
                    + region
                    + "\",\"cidrs\":[\""
                    + cidr
                    + "\"]}"),
            201)
        .get("id")
        .stringValue();
  }

  /** A zone of the test's account in {@code vpc}, made with {@code /v1}; its id. */
  private static String zone(String name, String vpc) throws Exception {
    return json(
            node.call(
                "POST",
                "/v1/hostedzones",
                token,
                "{\"name\":\"" + name + "\",\"vpcId\":\"" + vpc + "\"}"),
            201)
        .get("id")
        .stringValue();
  }

  private static JsonNode json(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static Run run(Map<String, String> env, String... command) throws Exception {
    return awsCli.run(env, command);
  }

  private static Run aws(String keyId, String secret, String... args) throws Exception {
    return awsCli.aws(keyId, secret, args);
  }

  @Test
  void theCliLearnsWhoseKeysItHolds() throws Exception {
    Run run = aws(keyId, secret, "sts", "get-caller-identity");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode identity = JSON.readTree(run.out());
    assertThat(identity.get("Account").stringValue()).isEqualTo(accountId);
    assertThat(identity.get("Arn").stringValue()).isEqualTo("arn:aws:iam::" + accountId + ":root");
  }

  @Test
  void aWrongSecretAndAnUnknownKeyAreRefusedWithAwssErrors() throws Exception {
    Run wrongSecret = aws(keyId, secret.substring(1) + "x", "sts", "get-caller-identity");
    Run unknownKey = aws("AKIAUNKNOWN000000000", secret, "sts", "get-caller-identity");

    assertThat(wrongSecret.exitCode()).isNotZero();
    assertThat(wrongSecret.err()).contains("SignatureDoesNotMatch").doesNotContain(secret);
    assertThat(unknownKey.exitCode()).isNotZero();
    assertThat(unknownKey.err()).contains("InvalidClientTokenId");
  }

  @Test
  void boto3ParsesTheIdentityAndTheModelledErrors() throws Exception {
    String script =
        String.join(
            "\n",
            "import sys, boto3, botocore",
            "def sts(secret):",
            "    return boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "        aws_access_key_id=sys.argv[2], aws_secret_access_key=secret)",
            "print(sts(sys.argv[3]).get_caller_identity()['Account'])",
            "try:",
            "    sts(('y' if sys.argv[3][0] == 'x' else 'x') + sys.argv[3][1:]).get_caller_identity()",
            "except botocore.exceptions.ClientError as e:",
            "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])",
            "unsigned = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "    config=botocore.config.Config(signature_version=botocore.UNSIGNED))",
            "try:",
            "    unsigned.get_caller_identity()",
            "except botocore.exceptions.ClientError as e:",
            "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])",
            // A client whose clock is 20 minutes behind: botocore's signers (its own, and the
            // CRT's when awscrt is installed) read the time through get_current_datetime since
            // 1.31, through datetime.datetime.utcnow before.
            "import datetime, types, importlib",
            "behind = lambda *a, **k: datetime.datetime.utcnow() - datetime.timedelta(minutes=20)",
            "class Behind(datetime.datetime):",
            "    utcnow = staticmethod(behind)",
            "shim = types.SimpleNamespace(**vars(datetime))",
            "shim.datetime = Behind",
            "for name in ('botocore.auth', 'botocore.crt.auth'):",
            "    try:",
            "        signer = importlib.import_module(name)",
            "    except ImportError:",
            "        continue",
            "    if hasattr(signer, 'get_current_datetime'):",
            "        signer.get_current_datetime = behind",
            "    if hasattr(signer, 'datetime'):",
            "        signer.datetime = shim",
            "try:",
            "    sts(sys.argv[3]).get_caller_identity()",
            "except botocore.exceptions.ClientError as e:",
            "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])");
    Run run =
        run(Map.of(), "python3", "-c", script, "http://127.0.0.1:" + node.awsPort(), keyId, secret);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly(
            accountId,
            "SignatureDoesNotMatch 403",
            "MissingAuthenticationToken 403",
            "RequestExpired 403");
  }

  private static JsonNode cli(String... args) throws Exception {
    Run run = aws(keyId, secret, args);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return run.out().isBlank() ? null : JSON.readTree(run.out());
  }

  /**
   * Route 53 through the CLI on zones made with {@code /v1}: read one with its VPC, page through
   * the list with the CLI's paginator, wait for a change, delete one, and another account's zone is
   * not found.
   */
  @Test
  void route53ZonesAreReadPagedWaitedForAndDeleted() throws Exception {
    String vpc = vpc("cli", "eu-west-1", "10.91.0.0/16");
    List<String> zoneIds = new ArrayList<>();
    String lastChange = null;
    for (String name : List.of("one.cli.example.", "two.cli.example.", "three.cli.example.")) {
      JsonNode zone =
          json(
              node.call(
                  "POST",
                  "/v1/hostedzones",
                  token,
                  "{\"name\":\"" + name + "\",\"vpcId\":\"" + vpc + "\",\"comment\":\"c\"}"),
              201);
      zoneIds.add(zone.get("id").stringValue());
      lastChange = zone.get("change").get("id").stringValue();
    }

    JsonNode got = cli("route53", "get-hosted-zone", "--id", zoneIds.get(0));
    assertThat(got.get("HostedZone").get("Id").stringValue())
        .isEqualTo("/hostedzone/" + zoneIds.get(0));
    assertThat(got.get("HostedZone").get("Name").stringValue()).isEqualTo("one.cli.example.");
    assertThat(got.get("HostedZone").get("Config").get("PrivateZone").booleanValue()).isTrue();
    assertThat(got.get("HostedZone").get("ResourceRecordSetCount").intValue()).isEqualTo(2);
    assertThat(got.get("VPCs").get(0).get("VPCId").stringValue()).isEqualTo(vpc);
    assertThat(got.get("VPCs").get(0).get("VPCRegion").stringValue()).isEqualTo("eu-west-1");

    List<String> listed = new ArrayList<>();
    cli("route53", "list-hosted-zones", "--page-size", "1")
        .get("HostedZones")
        .forEach(zone -> listed.add(zone.get("Id").stringValue()));
    assertThat(listed)
        .containsExactlyInAnyOrderElementsOf(
            zoneIds.stream().map(id -> "/hostedzone/" + id).toList());

    cli("route53", "wait", "resource-record-sets-changed", "--id", lastChange);
    assertThat(
            cli("route53", "get-change", "--id", "/change/" + lastChange)
                .get("ChangeInfo")
                .get("Status")
                .stringValue())
        .isEqualTo("INSYNC");

    JsonNode changed =
        cli(
            "route53",
            "change-resource-record-sets",
            "--hosted-zone-id",
            zoneIds.get(0),
            "--change-batch",
            "{\"Comment\":\"cli\",\"Changes\":[{\"Action\":\"UPSERT\",\"ResourceRecordSet\":"
                + "{\"Name\":\"www.one.cli.example\",\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":"
                + "[{\"Value\":\"10.91.0.10\"},{\"Value\":\"10.91.0.11\"}]}},"
                + "{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"w.one.cli.example\","
                + "\"Type\":\"A\",\"SetIdentifier\":\"blue\",\"Weight\":3,\"TTL\":60,"
                + "\"ResourceRecords\":[{\"Value\":\"10.91.0.12\"}]}}]}");
    String changeId = changed.get("ChangeInfo").get("Id").stringValue();
    cli("route53", "wait", "resource-record-sets-changed", "--id", changeId);
    JsonNode www =
        json(
            node.call(
                "GET",
                "/v1/hostedzones/" + zoneIds.get(0) + "/rrsets?name=www.one.cli.example.&type=A",
                token,
                null),
            200);
    assertThat(www.get("items").get(0).get("records").toString())
        .isEqualTo("[\"10.91.0.10\",\"10.91.0.11\"]");
    assertThat(
            cli("route53", "get-hosted-zone", "--id", zoneIds.get(0))
                .get("HostedZone")
                .get("ResourceRecordSetCount")
                .intValue())
        .isEqualTo(4);
    Run refused =
        aws(
            keyId,
            secret,
            "route53",
            "change-resource-record-sets",
            "--hosted-zone-id",
            zoneIds.get(0),
            "--change-batch",
            "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"www.one.cli.example\","
                + "\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"10.91.0.13\"}]}}]}");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("InvalidChangeBatch", "already exists");

    JsonNode deleted = cli("route53", "delete-hosted-zone", "--id", zoneIds.get(2));
    assertThat(deleted.get("ChangeInfo").get("Id").stringValue()).startsWith("/change/C");
    Run gone = aws(keyId, secret, "route53", "get-hosted-zone", "--id", zoneIds.get(2));
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.err()).contains("NoSuchHostedZone");

    JsonNode stranger =
        json(
            node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"other\"}"),
            201);
    JsonNode strangerKey =
        json(
            node.call(
                "POST",
                "/v1/accounts/" + stranger.get("id").stringValue() + "/aws-keys",
                RunningNode.OPERATOR_TOKEN,
                null),
            201);
    Run notTheirs =
        aws(
            strangerKey.get("accessKeyId").stringValue(),
            strangerKey.get("secretAccessKey").stringValue(),
            "route53",
            "get-hosted-zone",
            "--id",
            zoneIds.get(0));
    assertThat(notTheirs.exitCode()).isNotZero();
    assertThat(notTheirs.err()).contains("NoSuchHostedZone");
  }

  /** The CLI's paginator through 1,500 record sets: each once, in Route 53's order. */
  @Test
  void route53RecordSetsArePagedInRoute53sOrder() throws Exception {
    String vpc = vpc("list", "us-east-1", "10.92.0.0/16");
    String zone = zone("list.cli.example.", vpc);
    List<String> expected =
        new ArrayList<>(List.of("list.cli.example. NS", "list.cli.example. SOA"));
    for (int batch = 0; batch < 3; batch++) {
      StringBuilder changes = new StringBuilder();
      for (int i = batch * 500; i < (batch + 1) * 500; i++) {
        String name = String.format("r%04d.list.cli.example.", i);
        expected.add(name + " A");
        changes
            .append(changes.length() == 0 ? "" : ",")
            .append("{\"action\":\"CREATE\",\"rrset\":{\"name\":\"")
            .append(name)
            .append("\",\"type\":\"A\",\"ttl\":60,\"records\":[\"10.92.0.1\"]}}");
      }
      json(
          node.call(
              "POST",
              "/v1/hostedzones/" + zone + "/rrsets/changes",
              token,
              "{\"changes\":[" + changes + "]}"),
          200);
    }

    JsonNode listed =
        cli("route53", "list-resource-record-sets", "--hosted-zone-id", zone, "--page-size", "300");

    List<String> names = new ArrayList<>();
    listed
        .get("ResourceRecordSets")
        .forEach(
            set -> names.add(set.get("Name").stringValue() + " " + set.get("Type").stringValue()));
    assertThat(names).hasSize(1502).isEqualTo(expected);
  }

  /** CreateHostedZone through the CLI: once per CallerReference, in the caller's VPC. */
  @Test
  void route53CreatesAPrivateZoneOncePerCallerReference() throws Exception {
    String vpc = vpc("made", "us-west-2", "10.93.0.0/16");

    JsonNode created =
        cli(
            "route53",
            "create-hosted-zone",
            "--name",
            "made.cli.example",
            "--caller-reference",
            "cli-ref-1",
            "--vpc",
            "VPCRegion=us-west-2,VPCId=" + vpc,
            "--hosted-zone-config",
            "Comment=from the cli,PrivateZone=true");
    Run again =
        aws(
            keyId,
            secret,
            "route53",
            "create-hosted-zone",
            "--name",
            "again.cli.example",
            "--caller-reference",
            "cli-ref-1",
            "--vpc",
            "VPCRegion=us-west-2,VPCId=" + vpc);

    String id = created.get("HostedZone").get("Id").stringValue();
    assertThat(id).startsWith("/hostedzone/Z");
    assertThat(created.get("Location").stringValue()).endsWith("/2013-04-01" + id);
    assertThat(created.get("HostedZone").get("CallerReference").stringValue())
        .isEqualTo("cli-ref-1");
    assertThat(created.get("VPC").get("VPCId").stringValue()).isEqualTo(vpc);
    cli(
        "route53",
        "wait",
        "resource-record-sets-changed",
        "--id",
        created.get("ChangeInfo").get("Id").stringValue());
    assertThat(
            cli("route53", "get-hosted-zone", "--id", id)
                .get("HostedZone")
                .get("Config")
                .get("Comment")
                .stringValue())
        .isEqualTo("from the cli");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("HostedZoneAlreadyExists");
  }

  /**
   * A zone shared across accounts through the CLI: another account's VPC is refused
   * (NotAuthorizedException) until the zone's owner authorizes it, then associated, and the last
   * VPC of a zone cannot leave it.
   */
  @Test
  void route53CrossAccountAssociationNeedsTheOwnersAuthorization() throws Exception {
    String ownVpc = vpc("shared", "us-east-1", "10.94.0.0/16");
    String zone = zone("shared.cli.example.", ownVpc);
    JsonNode partner =
        json(
            node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"partner\"}"),
            201);
    String partnerVpc =
        json(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    partner.get("token").stringValue(),
                    "{\"name\":\"p\",\"region\":\"us-east-1\",\"cidrs\":[\"10.95.0.0/16\"]}"),
                201)
            .get("id")
            .stringValue();
    JsonNode partnerKey =
        json(
            node.call(
                "POST",
                "/v1/accounts/" + partner.get("id").stringValue() + "/aws-keys",
                RunningNode.OPERATOR_TOKEN,
                null),
            201);
    String[] partnerCredentials = {
      partnerKey.get("accessKeyId").stringValue(), partnerKey.get("secretAccessKey").stringValue()
    };
    String partnerVpcArg = "VPCRegion=us-east-1,VPCId=" + partnerVpc;

    Run refused =
        aws(
            partnerCredentials[0],
            partnerCredentials[1],
            "route53",
            "associate-vpc-with-hosted-zone",
            "--hosted-zone-id",
            zone,
            "--vpc",
            partnerVpcArg);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("NotAuthorizedException");

    JsonNode authorized =
        cli(
            "route53",
            "create-vpc-association-authorization",
            "--hosted-zone-id",
            zone,
            "--vpc",
            partnerVpcArg);
    assertThat(authorized.get("VPC").get("VPCId").stringValue()).isEqualTo(partnerVpc);
    assertThat(
            cli("route53", "list-vpc-association-authorizations", "--hosted-zone-id", zone)
                .get("VPCs")
                .get(0)
                .get("VPCId")
                .stringValue())
        .isEqualTo(partnerVpc);
    Run associated =
        aws(
            partnerCredentials[0],
            partnerCredentials[1],
            "route53",
            "associate-vpc-with-hosted-zone",
            "--hosted-zone-id",
            zone,
            "--vpc",
            partnerVpcArg,
            "--comment",
            "joined");
    assertThat(associated.exitCode()).as(associated.err()).isZero();
    assertThat(JSON.readTree(associated.out()).get("ChangeInfo").get("Status").stringValue())
        .isIn("PENDING", "INSYNC");
    List<String> vpcs = new ArrayList<>();
    cli("route53", "get-hosted-zone", "--id", zone)
        .get("VPCs")
        .forEach(v -> vpcs.add(v.get("VPCId").stringValue()));
    assertThat(vpcs).containsExactlyInAnyOrder(ownVpc, partnerVpc);

    Run byVpc =
        aws(
            partnerCredentials[0],
            partnerCredentials[1],
            "route53",
            "list-hosted-zones-by-vpc",
            "--vpc-id",
            partnerVpc,
            "--vpc-region",
            "us-east-1");
    assertThat(byVpc.exitCode()).as(byVpc.err()).isZero();
    JsonNode summary = JSON.readTree(byVpc.out()).get("HostedZoneSummaries").get(0);
    assertThat(summary.get("HostedZoneId").stringValue()).isEqualTo(zone);
    assertThat(summary.get("Name").stringValue()).isEqualTo("shared.cli.example.");
    assertThat(summary.get("Owner").get("OwningAccount").stringValue()).isEqualTo(accountId);

    cli(
        "route53",
        "delete-vpc-association-authorization",
        "--hosted-zone-id",
        zone,
        "--vpc",
        partnerVpcArg);
    Run left =
        aws(
            partnerCredentials[0],
            partnerCredentials[1],
            "route53",
            "disassociate-vpc-from-hosted-zone",
            "--hosted-zone-id",
            zone,
            "--vpc",
            partnerVpcArg);
    assertThat(left.exitCode()).as(left.err()).isZero();
    Run last =
        aws(
            keyId,
            secret,
            "route53",
            "disassociate-vpc-from-hosted-zone",
            "--hosted-zone-id",
            zone,
            "--vpc",
            "VPCRegion=us-east-1,VPCId=" + ownVpc);
    assertThat(last.exitCode()).isNotZero();
    assertThat(last.err()).contains("LastVPCAssociation");
  }

  /**
   * EC2 through the CLI: a tagged VPC with a subnet and a security group, found by filters, taken
   * by Route 53 for a private zone, and EC2's own error codes, also parsed by boto3.
   */
  @Test
  void ec2MakesTheVpcsThatRoute53Uses() throws Exception {
    String vpcId =
        cli(
                "ec2",
                "create-vpc",
                "--cidr-block",
                "10.99.0.0/16",
                "--tag-specifications",
                "ResourceType=vpc,Tags=[{Key=Name,Value=cli-ec2},{Key=team,Value=net}]")
            .get("Vpc")
            .get("VpcId")
            .stringValue();
    String subnetId =
        cli(
                "ec2",
                "create-subnet",
                "--vpc-id",
                vpcId,
                "--cidr-block",
                "10.99.1.0/24",
                "--availability-zone",
                "us-east-1b")
            .get("Subnet")
            .get("SubnetId")
            .stringValue();
    String groupId =
        cli(
                "ec2",
                "create-security-group",
                "--group-name",
                "resolver",
                "--description",
                "resolver endpoints",
                "--vpc-id",
                vpcId)
            .get("GroupId")
            .stringValue();

    JsonNode found =
        cli(
            "ec2",
            "describe-vpcs",
            "--filters",
            "Name=tag:team,Values=net",
            "Name=cidr,Values=10.99.*");
    assertThat(found.get("Vpcs")).hasSize(1);
    assertThat(found.get("Vpcs").get(0).get("VpcId").stringValue()).isEqualTo(vpcId);
    assertThat(found.get("Vpcs").get(0).get("OwnerId").stringValue()).isEqualTo(accountId);
    JsonNode subnets = cli("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + vpcId);
    assertThat(subnets.get("Subnets").get(0).get("SubnetId").stringValue()).isEqualTo(subnetId);
    assertThat(subnets.get("Subnets").get(0).get("AvailabilityZone").stringValue())
        .isEqualTo("us-east-1b");
    assertThat(
            cli("ec2", "describe-security-groups", "--group-ids", groupId)
                .get("SecurityGroups")
                .get(0)
                .get("GroupName")
                .stringValue())
        .isEqualTo("resolver");
    assertThat(
            cli(
                    "route53",
                    "create-hosted-zone",
                    "--name",
                    "ec2.cli.example",
                    "--caller-reference",
                    "ec2-zone",
                    "--vpc",
                    "VPCRegion=us-east-1,VPCId=" + vpcId)
                .get("VPC")
                .get("VPCId")
                .stringValue())
        .isEqualTo(vpcId);

    Run missing = aws(keyId, secret, "ec2", "describe-vpcs", "--vpc-ids", "vpc-0000000000000000f");
    Run dependent = aws(keyId, secret, "ec2", "delete-vpc", "--vpc-id", vpcId);
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("InvalidVpcID.NotFound");
    assertThat(dependent.exitCode()).isNotZero();
    assertThat(dependent.err()).contains("DependencyViolation");
    String script =
        String.join(
            "\n",
            "import sys, boto3, botocore",
            "ec2 = boto3.client('ec2', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "    aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])",
            "print(len(ec2.describe_subnets(SubnetIds=[sys.argv[4]])['Subnets']))",
            "try:",
            "    ec2.delete_subnet(SubnetId='subnet-0000000000000000f')",
            "except botocore.exceptions.ClientError as e:",
            "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])",
            "bad = boto3.client('ec2', endpoint_url=sys.argv[1], region_name='us-east-1',",
            "    aws_access_key_id=sys.argv[2],",
            "    aws_secret_access_key=('y' if sys.argv[3][0] == 'x' else 'x') + sys.argv[3][1:])",
            "try:",
            "    bad.describe_vpcs()",
            "except botocore.exceptions.ClientError as e:",
            "    print(e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'])");
    Run boto =
        run(
            Map.of(),
            "python3",
            "-c",
            script,
            "http://127.0.0.1:" + node.awsPort(),
            keyId,
            secret,
            subnetId);
    assertThat(boto.exitCode()).as(boto.err()).isZero();
    assertThat(boto.out().lines().toList())
        .containsExactly("1", "InvalidSubnetID.NotFound 400", "SignatureDoesNotMatch 403");
  }

  /**
   * Each error botocore models for the served Route 53 and CloudWatch calls arrives as its modelled
   * exception class, with its code and status.
   */
  @Test
  void boto3RaisesTheModelledExceptions() throws Exception {
    String vpc = vpc("modelled", "us-east-1", "10.98.0.0/16");
    String otherVpc = vpc("modelled-2", "us-east-1", "10.97.0.0/16");
    String script =
        String.join(
            "\n",
            "import sys, boto3, botocore",
            "def client(service):",
            "    return boto3.client(service, endpoint_url=sys.argv[1], region_name='us-east-1',",
            "        aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])",
            "r, cw, vpc, other = client('route53'), client('cloudwatch'), sys.argv[4], sys.argv[5]",
            "def error(call):",
            "    try:",
            "        call()",
            "        print('no error')",
            "    except botocore.exceptions.ClientError as e:",
            "        print(type(e).__name__, e.response['Error']['Code'],",
            "              e.response['ResponseMetadata']['HTTPStatusCode'])",
            "def zone(name, ref, region='us-east-1'):",
            "    return r.create_hosted_zone(Name=name, CallerReference=ref,",
            "        VPC={'VPCRegion': region, 'VPCId': vpc})['HostedZone']['Id']",
            "z = zone('modelled.example', 'm-1')",
            "a = {'Name': 'www.modelled.example', 'Type': 'A', 'TTL': 60,",
            "     'ResourceRecords': [{'Value': '10.98.0.1'}]}",
            "r.change_resource_record_sets(HostedZoneId=z,",
            "    ChangeBatch={'Changes': [{'Action': 'CREATE', 'ResourceRecordSet': a}]})",
            "check = {'Type': 'TCP', 'IPAddress': '10.98.0.9', 'Port': 80}",
            "hc = r.create_health_check(CallerReference='hc-1', HealthCheckConfig=check)",
            "routed = dict(a, Name='db.modelled.example', SetIdentifier='p', Failover='PRIMARY',",
            "              HealthCheckId=hc['HealthCheck']['Id'])",
            "r.change_resource_record_sets(HostedZoneId=z,",
            "    ChangeBatch={'Changes': [{'Action': 'CREATE', 'ResourceRecordSet': routed}]})",
            "error(lambda: r.get_hosted_zone(Id='ZNOSUCHZONE0000000000'))",
            "error(lambda: zone('modelled-again.example', 'm-1'))",
            "error(lambda: zone('modelled.example', 'm-2'))",
            "error(lambda: zone('elsewhere.example', 'm-3', 'eu-west-1'))",
            "error(lambda: r.delete_hosted_zone(Id=z))",
            "error(lambda: r.disassociate_vpc_from_hosted_zone(HostedZoneId=z,",
            "    VPC={'VPCRegion': 'us-east-1', 'VPCId': vpc}))",
            "error(lambda: r.disassociate_vpc_from_hosted_zone(HostedZoneId=z,",
            "    VPC={'VPCRegion': 'us-east-1', 'VPCId': other}))",
            "error(lambda: r.delete_vpc_association_authorization(HostedZoneId=z,",
            "    VPC={'VPCRegion': 'us-east-1', 'VPCId': other}))",
            "error(lambda: r.change_resource_record_sets(HostedZoneId=z,",
            "    ChangeBatch={'Changes': [{'Action': 'CREATE', 'ResourceRecordSet': a}]}))",
            "error(lambda: r.get_health_check(HealthCheckId='no-such-check'))",
            "error(lambda: r.create_health_check(CallerReference='hc-1',",
            "    HealthCheckConfig=dict(check, Port=81)))",
            "error(lambda: r.delete_health_check(HealthCheckId=hc['HealthCheck']['Id']))",
            "error(lambda: cw.delete_alarms(AlarmNames=['no-such-alarm']))",
            "error(lambda: cw.put_metric_alarm(AlarmName='bad', Namespace='N', MetricName='M',",
            "    Statistic='Average', Period=7, EvaluationPeriods=1, Threshold=1,",
            "    ComparisonOperator='LessThanThreshold'))");
    Run run =
        run(
            Map.of(),
            "python3",
            "-c",
            script,
            "http://127.0.0.1:" + node.awsPort(),
            keyId,
            secret,
            vpc,
            otherVpc);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly(
            "NoSuchHostedZone NoSuchHostedZone 404",
            "HostedZoneAlreadyExists HostedZoneAlreadyExists 409",
            "ConflictingDomainExists ConflictingDomainExists 400",
            "InvalidVPCId InvalidVPCId 400",
            "HostedZoneNotEmpty HostedZoneNotEmpty 400",
            "LastVPCAssociation LastVPCAssociation 400",
            "VPCAssociationNotFound VPCAssociationNotFound 404",
            "VPCAssociationAuthorizationNotFound VPCAssociationAuthorizationNotFound 404",
            "InvalidChangeBatch InvalidChangeBatch 400",
            "NoSuchHealthCheck NoSuchHealthCheck 404",
            "HealthCheckAlreadyExists HealthCheckAlreadyExists 409",
            "HealthCheckInUse HealthCheckInUse 400",
            "ResourceNotFound ResourceNotFound 404",
            "InvalidParameterValueException InvalidParameterValue 400");
  }

  @Test
  void theAdminPortDoesNotServeTheAwsApi() throws Exception {
    HttpResponse<String> response =
        node.call("POST", "/", null, "Action=GetCallerIdentity&Version=2011-06-15");

    assertThat(response.statusCode()).isNotEqualTo(200);
    assertThat(response.body()).doesNotContain("GetCallerIdentityResult");
  }
}
