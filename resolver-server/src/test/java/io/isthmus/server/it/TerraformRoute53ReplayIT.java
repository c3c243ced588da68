package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.it.AwsCli.Run;
import io.isthmus.testsupport.Dig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Route 53 part of Terraform's AWS provider, replayed call for call by
 * aws-replays/terraform_route53.py (which cites the provider code it follows): aws_route53_zone
 * with a vpc block and tags, aws_route53_record created, updated, retyped and deleted,
 * aws_route53_vpc_association_authorization with aws_route53_zone_association for another account's
 * VPC, and force_destroy. The real dig, from addresses of the VPCs, answers each step as soon as
 * the provider's wait for INSYNC has returned.
 */
class TerraformRoute53ReplayIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ZONE = "tf.replay.internal";
  private static final String CLIENT = "127.62.0.5";
  private static final String OTHER_CLIENT = "127.63.0.5";

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsCli awsCli;
  private static AwsReplay replay;
  private static RunningNode.AwsAccount owner;
  private static RunningNode.AwsAccount other;
  private static String vpc;
  private static String otherVpc;
  private static String zoneId;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    awsCli = new AwsCli(node.awsPort(), dataDir);
    replay = new AwsReplay(awsCli, node.dnsPort);
    owner = node.awsAccount("terraform-owner");
    other = node.awsAccount("terraform-other");
    vpc = createVpc(owner, "127.62.0.0/16");
    otherVpc = createVpc(other, "127.63.0.0/16");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aZoneItsRecordsAnAssociationOfAnotherAccountAndForceDestroy() throws Exception {
    // What the VPCs answer for the zone's names before it exists, and after it is gone.
    String noZone = Dig.query(node.dnsPort, CLIENT, "db." + ZONE).status();
    assertThat(noZone).isNotEqualTo("NOERROR");
    JsonNode zone =
        terraform(
            owner,
            Map.of(
                "op",
                "zone_create",
                "name",
                ZONE,
                "vpcs",
                List.of(Map.of("vpc_id", vpc)),
                "tags",
                Map.of("env", "replay", "team", "dns")));
    JsonNode state = zone.get("state");
    assertThat(calls(zone))
        .startsWith("create_hosted_zone", "get_change")
        .endsWith(
            "get_change",
            "change_tags_for_resource",
            "get_hosted_zone",
            "list_resource_record_sets",
            "list_tags_for_resource");
    assertThat(state.get("name").asString()).isEqualTo(ZONE);
    assertThat(state.get("comment").asString()).isEqualTo("Managed by Terraform");
    assertThat(state.get("name_servers")).isNotEmpty();
    assertThat(state.get("vpc").toString())
        .isEqualTo("[{\"vpc_id\":\"" + vpc + "\",\"vpc_region\":\"us-east-1\"}]");
    assertThat(state.get("tags").toString()).isEqualTo("{\"env\":\"replay\",\"team\":\"dns\"}");
    zoneId = state.get("zone_id").asString();
    Dig apex = Dig.query(node.dnsPort, CLIENT, ZONE, "SOA");
    assertThat(apex.status()).isEqualTo("NOERROR");
    assertThat(apex.flags()).contains("aa");

    // aws_route53_record: created, read back by the four-part key, then changed in place.
    JsonNode db = terraform(owner, record("record_create", "db", "A", "10.62.0.10"));
    assertThat(db.get("state").toString())
        .isEqualTo(
            "{\"found\":true,\"name\":\"db."
                + ZONE
                + ".\",\"type\":\"A\",\"ttl\":60,\"records\":[\"10.62.0.10\"]}");
    assertThat(calls(db))
        .startsWith("get_hosted_zone", "change_resource_record_sets", "get_change")
        .endsWith("get_change", "get_hosted_zone", "list_resource_record_sets");
    // INSYNC means every node serves the change: dig answers at once, without waiting.
    assertThat(dig(CLIENT, "db." + ZONE, "A")).containsExactly("10.62.0.10");

    terraform(owner, record("record_update", "db", "A", "10.62.0.11"));
    assertThat(dig(CLIENT, "db." + ZONE, "A")).containsExactly("10.62.0.11");

    // A change of type is one [DELETE old, CREATE new] batch; the CNAME's target is written
    // without its trailing dot, as in a Terraform configuration, and read fully qualified.
    terraform(owner, record("record_create", "primary", "A", "10.62.0.20"));
    Map<String, Object> retype = record("record_retype", "db", "CNAME", "primary." + ZONE);
    retype.put("old", record("record_update", "db", "A", "10.62.0.11"));
    JsonNode retyped = terraform(owner, retype);
    assertThat(retyped.get("state").get("records").toString())
        .isEqualTo("[\"primary." + ZONE + ".\"]");
    assertThat(dig(CLIENT, "db." + ZONE, "A")).containsExactly("10.62.0.20");
    assertThat(dig(CLIENT, "db." + ZONE, "CNAME")).containsExactly("primary." + ZONE + ".");

    JsonNode deleted = terraform(owner, record("record_delete", "primary", "A", "10.62.0.20"));
    assertThat(deleted.get("state").get("deleted").asBoolean()).isTrue();
    assertThat(Dig.query(node.dnsPort, CLIENT, "primary." + ZONE).status()).isEqualTo("NXDOMAIN");
    assertThat(
            terraform(owner, record("record_read", "primary", "A", "10.62.0.20"))
                .get("state")
                .get("found")
                .asBoolean())
        .isFalse();

    // Another account's VPC: refused until the zone's owner authorizes it.
    Map<String, Object> association =
        Map.of("zone_id", zoneId, "vpc_id", otherVpc, "vpc_region", "us-east-1");
    assertThat(
            terraform(other, with(association, "op", "association_create")).get("error").asString())
        .contains("NotAuthorizedException");
    JsonNode authorized = terraform(owner, with(association, "op", "authorization_create"));
    assertThat(authorized.get("state").get("id").asString()).isEqualTo(zoneId + ":" + otherVpc);
    assertThat(authorized.get("state").get("found").asBoolean()).isTrue();
    assertThat(Dig.query(node.dnsPort, OTHER_CLIENT, "db." + ZONE).status()).isEqualTo(noZone);
    JsonNode associated = terraform(other, with(association, "op", "association_create"));
    assertThat(associated.get("state").get("owning_account").asString()).isEqualTo(owner.id());
    assertThat(calls(associated))
        .startsWith("associate_vpc_with_hosted_zone", "get_change")
        .endsWith("list_hosted_zones_by_vpc");
    assertThat(dig(OTHER_CLIENT, "db." + ZONE, "CNAME")).containsExactly("primary." + ZONE + ".");
    // Deleting the authorization leaves the association made with it, as in Route 53.
    terraform(owner, with(association, "op", "authorization_delete"));
    assertThat(
            terraform(owner, with(association, "op", "authorization_read"))
                .get("state")
                .get("found")
                .asBoolean())
        .isFalse();
    assertThat(dig(OTHER_CLIENT, "db." + ZONE, "CNAME")).containsExactly("primary." + ZONE + ".");
    assertThat(
            terraform(other, with(association, "op", "association_delete"))
                .get("state")
                .get("gone_already")
                .asBoolean())
        .isFalse();
    replay.await(OTHER_CLIENT, "db." + ZONE, "A", noZone, List.of());

    // force_destroy: 150 record sets take two DELETE batches of 100, then the zone goes.
    bulkRecords(150);
    JsonNode destroyed =
        terraform(owner, Map.of("op", "zone_destroy", "zone_id", zoneId, "name", ZONE));
    assertThat(destroyed.get("error")).as(destroyed.toString()).isNull();
    assertThat(destroyed.get("state").get("deleted_record_sets").asInt()).isEqualTo(151);
    assertThat(destroyed.get("state").get("delete_batches").asInt()).isEqualTo(2);
    // Two pages of Route 53's default 100, and GetChange polled until the deletion is INSYNC.
    List<String> destroyCalls = calls(destroyed);
    assertThat(destroyCalls.stream().filter(c -> c.equals("list_resource_record_sets"))).hasSize(2);
    assertThat(
            destroyCalls.subList(
                destroyCalls.indexOf("get_dnssec InvalidArgument"), destroyCalls.size()))
        .startsWith("get_dnssec InvalidArgument", "delete_hosted_zone", "get_change")
        .allMatch(c -> !c.startsWith("change_") && !c.startsWith("list_"));
    assertThat(Dig.query(node.dnsPort, CLIENT, "db." + ZONE).status()).isEqualTo(noZone);
  }

  /**
   * {@code count} A records bulk-N in one CLI batch: they only need to exist for force_destroy, and
   * as many aws_route53_record replays would take minutes.
   */
  private static void bulkRecords(int count) throws Exception {
    StringBuilder changes = new StringBuilder();
    for (int i = 0; i < count; i++) {
      changes
          .append(i == 0 ? "" : ",")
          .append("{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"bulk-")
          .append(i)
          .append('.')
          .append(ZONE)
          .append("\",\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"10.62.1.")
          .append(i)
          .append("\"}]}}");
    }
    Run run =
        awsCli.aws(
            owner.keyId(),
            owner.secret(),
            "route53",
            "change-resource-record-sets",
            "--hosted-zone-id",
            zoneId,
            "--change-batch",
            "{\"Changes\":[" + changes + "]}");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static Map<String, Object> record(String op, String name, String type, String value) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("op", op);
    request.put("zone_id", zoneId);
    request.put("name", name);
    request.put("type", type);
    request.put("ttl", 60);
    request.put("records", List.of(value));
    return request;
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static JsonNode terraform(RunningNode.AwsAccount account, Map<String, Object> request)
      throws Exception {
    return replay.run("terraform_route53.py", account, request);
  }

  private static List<String> calls(JsonNode result) {
    return result.get("calls").valueStream().map(JsonNode::asString).toList();
  }

  private static List<String> dig(String client, String name, String type) throws Exception {
    return Dig.query(node.dnsPort, client, name, type).answers(type);
  }

  /** A VPC of the account through the CLI's ec2 create-vpc; its id. */
  private static String createVpc(RunningNode.AwsAccount account, String cidr) throws Exception {
    Run run =
        awsCli.aws(account.keyId(), account.secret(), "ec2", "create-vpc", "--cidr-block", cidr);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return JSON.readTree(run.out()).get("Vpc").get("VpcId").asString();
  }
}
