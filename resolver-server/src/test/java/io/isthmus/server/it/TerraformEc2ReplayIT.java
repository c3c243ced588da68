package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The EC2 part of Terraform's AWS provider for aws_vpc, aws_subnet and aws_security_group, replayed
 * call for call by aws-replays/terraform_ec2.py (which cites the provider code it follows): each
 * resource created, read, updated (tags, DNS attributes, rules) and deleted with nothing left that
 * the next plan would change.
 */
class TerraformEc2ReplayIT {
  private static final String CIDR = "127.68.0.0/16";

  @TempDir static Path dataDir;
  private static RunningNode node;
  private static AwsReplay replay;
  private static RunningNode.AwsAccount owner;
  private static RunningNode.AwsAccount stranger;

  @BeforeAll
  static void start() throws Exception {
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    replay = new AwsReplay(new AwsCli(node.awsPort(), dataDir), node.dnsPort);
    owner = node.awsAccount("terraform-ec2");
    stranger = node.awsAccount("terraform-ec2-stranger");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aVpcASubnetAndASecurityGroupAreCreatedReadUpdatedAndDeletedCleanly() throws Exception {
    // aws_vpc with enable_dns_hostnames = true: one ModifyVpcAttribute, waited for.
    JsonNode vpc =
        terraform(
            owner,
            Map.of(
                "op",
                "vpc_create",
                "cidr_block",
                CIDR,
                "enable_dns_hostnames",
                true,
                "tags",
                Map.of("Name", "tf-replay", "env", "replay")));
    JsonNode state = ok(vpc);
    String vpcId = state.get("id").asString();
    assertThat(calls(vpc))
        .startsWith("create_vpc", "describe_vpcs", "modify_vpc_attribute", "describe_vpc_attribute")
        .endsWith(
            "describe_vpc_attribute",
            "describe_network_acls",
            "describe_route_tables",
            "describe_security_groups");
    assertThat(state.get("enable_dns_hostnames").asBoolean()).isTrue();
    assertThat(state.get("enable_dns_support").asBoolean()).isTrue();
    assertThat(state.get("enable_network_address_usage_metrics").asBoolean()).isFalse();
    assertThat(state.get("cidr_block").asString()).isEqualTo(CIDR);
    assertThat(state.get("instance_tenancy").asString()).isEqualTo("default");
    assertThat(state.get("tags").toString())
        .isEqualTo("{\"Name\":\"tf-replay\",\"env\":\"replay\"}");
    // No ACL, route table or default group: only logged by the provider, their ids left empty.
    assertThat(state.get("warnings").toString())
        .isEqualTo(
            "[\"describe_network_acls: 0 found\",\"describe_route_tables: 0 found\","
                + "\"describe_security_groups: 0 found\"]");

    // Update: DNS support off (kept, resolution unchanged), hostnames back off, tags changed.
    Map<String, Object> before =
        Map.of("enable_dns_hostnames", true, "tags", Map.of("Name", "tf-replay", "env", "replay"));
    Map<String, Object> after =
        Map.of("enable_dns_support", false, "tags", Map.of("Name", "tf-replay", "team", "dns"));
    JsonNode updated =
        ok(
            terraform(
                owner, Map.of("op", "vpc_update", "vpc_id", vpcId, "old", before, "new", after)));
    assertThat(updated.get("enable_dns_hostnames").asBoolean()).isFalse();
    assertThat(updated.get("enable_dns_support").asBoolean()).isFalse();
    assertThat(updated.get("tags").toString())
        .isEqualTo("{\"Name\":\"tf-replay\",\"team\":\"dns\"}");
    // Another account does not see it.
    assertThat(
            ok(terraform(stranger, Map.of("op", "vpc_read", "vpc_id", vpcId)))
                .get("found")
                .asBoolean())
        .isFalse();

    // aws_subnet: EC2's defaults are the configuration's, so no ModifySubnetAttribute.
    JsonNode subnet =
        terraform(
            owner,
            Map.of(
                "op",
                "subnet_create",
                "vpc_id",
                vpcId,
                "cidr_block",
                "127.68.1.0/24",
                "availability_zone",
                "us-east-1b",
                "tags",
                Map.of("Name", "tf-replay-a")));
    JsonNode subnetState = ok(subnet);
    assertThat(calls(subnet))
        .containsExactly("create_subnet", "describe_subnets", "describe_subnets");
    assertThat(subnetState.get("availability_zone").asString()).isEqualTo("us-east-1b");
    assertThat(subnetState.get("private_dns_hostname_type_on_launch").asString())
        .isEqualTo("ip-name");
    String subnetId = subnetState.get("id").asString();

    // aws_security_group with inline rules: the defaults revoked, the rules read back as given.
    Map<String, Object> dnsTcp = rule("tcp", 53, CIDR, "dns over tcp");
    Map<String, Object> dnsSelf = new LinkedHashMap<>(rule("udp", 53, null, ""));
    dnsSelf.put("self", true);
    Map<String, Object> allOut = rule("-1", 0, "0.0.0.0/0", "");
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("vpc_id", vpcId);
    group.put("name", "tf-replay-dns");
    group.put("ingress", List.of(dnsTcp, dnsSelf));
    group.put("egress", List.of(allOut));
    group.put("tags", Map.of("Name", "tf-replay-dns"));
    JsonNode created = terraform(owner, with(group, "op", "sg_create"));
    JsonNode groupState = ok(created);
    String groupId = groupState.get("id").asString();
    assertThat(calls(created))
        .startsWith(
            "create_security_group",
            "describe_security_groups",
            "revoke_security_group_egress",
            "revoke_security_group_egress InvalidPermission.NotFound",
            "describe_security_groups",
            "authorize_security_group_ingress",
            "authorize_security_group_egress",
            "describe_security_groups");
    assertThat(groupState.get("drift").asBoolean()).as(groupState.toString()).isFalse();
    assertThat(groupState.get("description").asString()).isEqualTo("Managed by Terraform");

    // An update of the rules: one leaves, one joins; a DNS-over-TLS rule.
    Map<String, Object> changed = new LinkedHashMap<>(group);
    changed.put("ingress", List.of(dnsTcp, rule("tcp", 853, CIDR, "dns over tls")));
    changed.put("tags", Map.of("Name", "tf-replay-dns", "env", "replay"));
    JsonNode ruled =
        ok(
            terraform(
                owner,
                Map.of("op", "sg_update", "group_id", groupId, "old", group, "new", changed)));
    assertThat(ruled.get("drift").asBoolean()).as(ruled.toString()).isFalse();
    assertThat(ruled.get("tags").toString())
        .isEqualTo("{\"Name\":\"tf-replay-dns\",\"env\":\"replay\"}");
    assertThat(ruled.get("ingress").toString()).doesNotContain("\"self\":true");

    // The VPC goes last: while it has a subnet or a group, DependencyViolation (which the
    // provider retries); then everything goes, in Terraform's order.
    assertThat(
            terraform(owner, Map.of("op", "vpc_delete", "vpc_id", vpcId)).get("error").asString())
        .contains("DependencyViolation");
    JsonNode groupGone = terraform(owner, Map.of("op", "sg_delete", "group_id", groupId));
    assertThat(ok(groupGone).get("gone_already").asBoolean()).isFalse();
    assertThat(calls(groupGone))
        .containsExactly(
            "describe_network_interfaces",
            "delete_security_group",
            "describe_security_groups InvalidGroup.NotFound");
    JsonNode subnetGone = terraform(owner, Map.of("op", "subnet_delete", "subnet_id", subnetId));
    assertThat(calls(subnetGone)).containsExactly("describe_network_interfaces", "delete_subnet");
    ok(subnetGone);
    assertThat(
            ok(terraform(owner, Map.of("op", "vpc_delete", "vpc_id", vpcId)))
                .get("gone_already")
                .asBoolean())
        .isFalse();
    assertThat(
            ok(terraform(owner, Map.of("op", "vpc_delete", "vpc_id", vpcId)))
                .get("gone_already")
                .asBoolean())
        .isTrue();
  }

  private static Map<String, Object> rule(String protocol, int port, String cidr, String text) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("protocol", protocol);
    rule.put("from_port", port);
    rule.put("to_port", port);
    rule.put("description", text);
    rule.put("cidr_blocks", cidr == null ? List.of() : List.of(cidr));
    return rule;
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  /** The state of a replay that went through. */
  private static JsonNode ok(JsonNode result) {
    assertThat(result.get("error")).as(result.toString()).isNull();
    return result.get("state");
  }

  private static JsonNode terraform(RunningNode.AwsAccount account, Map<String, Object> request)
      throws Exception {
    return replay.run("terraform_ec2.py", account, request);
  }

  private static List<String> calls(JsonNode result) {
    return result.get("calls").valueStream().map(JsonNode::asString).toList();
  }
}
