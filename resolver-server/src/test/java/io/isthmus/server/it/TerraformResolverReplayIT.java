package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
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
 * The Route 53 Resolver and RAM part of Terraform's AWS provider, replayed call for call by
 * aws-replays/terraform_resolver.py (which cites the provider code it follows): aws_vpc, aws_subnet
 * and aws_security_group through EC2; an OUTBOUND aws_route53_resolver_endpoint in two subnets,
 * renamed; a FORWARD aws_route53_resolver_rule to a real BIND, its targets updated; an
 * aws_route53_resolver_rule_association; the rule shared with another account through
 * aws_ram_resource_share, aws_ram_resource_association and aws_ram_principal_association, and
 * associated with that account's VPC; then everything destroyed in reverse order. BIND admits only
 * the endpoint's two addresses, so the real dig's answer proves the query left from them.
 */
class TerraformResolverReplayIT {
  private static final String CLIENT = "127.66.0.5";
  private static final String OTHER_CLIENT = "127.67.0.5";
  private static final List<String> OUTBOUND_IPS = List.of("127.66.1.53", "127.66.2.53");
  private static final String ONPREM_NAME = "dc1.customer.local";

  @TempDir static Path dataDir;
  @TempDir static Path bindDir;
  private static NamedServer bind;
  private static RunningNode node;
  private static AwsReplay replay;
  private static RunningNode.AwsAccount owner;
  private static RunningNode.AwsAccount other;

  @BeforeAll
  static void start() throws Exception {
    Dig.assumeInstalled();
    bind = NamedServer.startOrSkip(bindDir, NamedServer.freePort(), OUTBOUND_IPS);
    node = RunningNode.start(dataDir, "--isthmus.aws.port=0");
    replay = new AwsReplay(new AwsCli(node.awsPort(), dataDir), node.dnsPort);
    owner = node.awsAccount("terraform-resolver-owner");
    other = node.awsAccount("terraform-resolver-other");
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
  void anOutboundEndpointAForwardRuleItsAssociationsAndItsRamShareAppliedAndDestroyed()
      throws Exception {
    // aws_vpc, two aws_subnet and an aws_security_group for the owner, a VPC for the other account.
    JsonNode vpc =
        ok(terraform(owner, Map.of("op", "vpc_create", "cidr", "127.66.0.0/16", "tags", tag())));
    String vpcId = vpc.get("id").asString();
    assertThat(vpc.get("owner_id").asString()).isEqualTo(owner.id());
    String subnetA = subnet(vpcId, "127.66.1.0/24", "us-east-1a");
    String subnetB = subnet(vpcId, "127.66.2.0/24", "us-east-1b");
    JsonNode group =
        ok(
            terraform(
                owner,
                Map.of("op", "security_group_create", "vpc_id", vpcId, "name", "resolver-out")));
    String groupId = group.get("id").asString();
    assertThat(group.get("vpc_id").asString()).isEqualTo(vpcId);
    String otherVpcId =
        ok(terraform(other, Map.of("op", "vpc_create", "cidr", "127.67.0.0/16")))
            .get("id")
            .asString();
    // Without a rule and with no default resolution, the VPCs are refused customer.local.
    assertRefused(CLIENT);
    assertRefused(OTHER_CLIENT);

    // aws_route53_resolver_endpoint: two subnets with explicit IPs, created, read, renamed.
    Map<String, Object> endpointRequest = new LinkedHashMap<>();
    endpointRequest.put("op", "endpoint_create");
    endpointRequest.put("name", "tf-outbound");
    endpointRequest.put("direction", "OUTBOUND");
    endpointRequest.put("security_group_ids", List.of(groupId));
    endpointRequest.put(
        "ip_address",
        List.of(
            Map.of("subnet_id", subnetA, "ip", OUTBOUND_IPS.get(0)),
            Map.of("subnet_id", subnetB, "ip", OUTBOUND_IPS.get(1))));
    endpointRequest.put("tags", tag());
    JsonNode endpointCreated = terraform(owner, endpointRequest);
    JsonNode endpoint = ok(endpointCreated);
    assertThat(calls(endpointCreated))
        .containsExactly(
            "create_resolver_endpoint",
            "get_resolver_endpoint",
            "get_resolver_endpoint",
            "list_resolver_endpoint_ip_addresses",
            "list_tags_for_resource");
    String endpointId = endpoint.get("id").asString();
    assertThat(endpoint.get("status").asString()).isEqualTo("OPERATIONAL");
    assertThat(endpoint.get("direction").asString()).isEqualTo("OUTBOUND");
    assertThat(endpoint.get("host_vpc_id").asString()).isEqualTo(vpcId);
    assertThat(endpoint.get("name").asString()).isEqualTo("tf-outbound");
    assertThat(endpoint.get("arn").asString())
        .isEqualTo(
            "arn:aws:route53resolver:us-east-1:" + owner.id() + ":resolver-endpoint/" + endpointId);
    assertThat(strings(endpoint.get("security_group_ids"))).containsExactly(groupId);
    assertThat(endpoint.get("ip_address").valueStream().map(a -> a.get("subnet_id").asString()))
        .containsExactly(subnetA, subnetB);
    assertThat(endpoint.get("ip_address").valueStream().map(a -> a.get("ip").asString()))
        .containsExactlyElementsOf(OUTBOUND_IPS);
    assertThat(endpoint.get("ip_address").valueStream().map(a -> a.get("ip_id").asString()))
        .allMatch(ipId -> ipId.startsWith("rni-"));
    // The facade's own attributes are kept as reserved tags; the provider's read sees only ours.
    assertThat(endpoint.get("tags").toString()).isEqualTo("{\"team\":\"dns\"}");

    JsonNode renamed =
        terraform(
            owner, Map.of("op", "endpoint_update", "id", endpointId, "name", "tf-outbound-2"));
    assertThat(calls(renamed))
        .startsWith("update_resolver_endpoint", "get_resolver_endpoint", "get_resolver_endpoint");
    assertThat(ok(renamed).get("name").asString()).isEqualTo("tf-outbound-2");

    // aws_route53_resolver_rule: FORWARD to a port where nothing answers, then updated to BIND.
    Map<String, Object> ruleRequest = new LinkedHashMap<>();
    ruleRequest.put("op", "rule_create");
    ruleRequest.put("domain_name", "customer.local.");
    ruleRequest.put("rule_type", "FORWARD");
    ruleRequest.put("name", "to-onprem");
    ruleRequest.put("resolver_endpoint_id", endpointId);
    ruleRequest.put(
        "target_ip", List.of(Map.of("ip", "127.0.0.1", "port", NamedServer.freePort())));
    ruleRequest.put("tags", tag());
    JsonNode ruleCreated = terraform(owner, ruleRequest);
    JsonNode rule = ok(ruleCreated);
    assertThat(calls(ruleCreated))
        .containsExactly(
            "create_resolver_rule",
            "get_resolver_rule",
            "get_resolver_rule",
            "list_tags_for_resource");
    String ruleId = rule.get("id").asString();
    String ruleArn = rule.get("arn").asString();
    assertThat(rule.get("domain_name").asString()).isEqualTo("customer.local");
    assertThat(rule.get("owner_id").asString()).isEqualTo(owner.id());
    assertThat(rule.get("share_status").asString()).isEqualTo("NOT_SHARED");
    assertThat(rule.get("tags").toString()).isEqualTo("{\"team\":\"dns\"}");

    Map<String, Object> retarget = new LinkedHashMap<>(ruleRequest);
    retarget.put("op", "rule_update");
    retarget.put("id", ruleId);
    retarget.put("target_ip", List.of(Map.of("ip", "127.0.0.1", "port", bind.port())));
    JsonNode retargeted = terraform(owner, retarget);
    assertThat(calls(retargeted))
        .startsWith("update_resolver_rule", "get_resolver_rule", "get_resolver_rule");
    assertThat(ok(retargeted).get("target_ip").toString())
        .isEqualTo("[{\"ip\":\"127.0.0.1\",\"port\":" + bind.port() + ",\"protocol\":\"Do53\"}]");

    // aws_route53_resolver_rule_association: the owner's VPC forwards through the endpoint.
    Map<String, Object> association =
        Map.of("resolver_rule_id", ruleId, "vpc_id", vpcId, "name", "owner-vpc");
    JsonNode associated = terraform(owner, with(association, "op", "association_create"));
    assertThat(calls(associated))
        .containsExactly(
            "associate_resolver_rule",
            "get_resolver_rule_association",
            "get_resolver_rule_association");
    assertThat(ok(associated).get("status").asString()).isEqualTo("COMPLETE");
    assertThat(ok(associated).get("name").asString()).isEqualTo("owner-vpc");
    String associationId = ok(associated).get("id").asString();
    replay.awaitAnswer(CLIENT, ONPREM_NAME, "A", "10.10.0.1");
    assertRefused(OTHER_CLIENT);

    // aws_ram_resource_share, aws_ram_resource_association, aws_ram_principal_association.
    JsonNode shareCreated =
        terraform(owner, Map.of("op", "share_create", "name", "onprem-rules", "tags", tag()));
    JsonNode share = ok(shareCreated);
    assertThat(calls(shareCreated))
        .containsExactly(
            "create_resource_share",
            "get_resource_shares",
            "get_resource_shares",
            "get_resource_shares",
            "list_resource_share_permissions");
    String shareArn = share.get("arn").asString();
    assertThat(share.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(share.get("allow_external_principals").asBoolean()).isFalse();
    assertThat(share.get("tags").toString()).isEqualTo("{\"team\":\"dns\"}");
    assertThat(share.get("permission_arns")).isEmpty();
    Map<String, Object> resource = Map.of("resource_share_arn", shareArn, "resource_arn", ruleArn);
    JsonNode resourceAssociated =
        terraform(owner, with(resource, "op", "resource_association_create"));
    assertThat(calls(resourceAssociated))
        .containsExactly(
            "associate_resource_share",
            "get_resource_share_associations",
            "get_resource_share_associations");
    assertThat(ok(resourceAssociated).get("status").asString()).isEqualTo("ASSOCIATED");
    Map<String, Object> principal = Map.of("resource_share_arn", shareArn, "principal", other.id());
    JsonNode principalAssociated =
        terraform(owner, with(principal, "op", "principal_association_create"));
    assertThat(calls(principalAssociated))
        .containsExactly("associate_resource_share", "get_resource_share_associations");
    assertThat(ok(principalAssociated).get("status").asString()).isEqualTo("ASSOCIATED");
    // The next refresh reads the share with the rule's managed permission.
    assertThat(
            strings(
                ok(terraform(owner, Map.of("op", "share_read", "arn", shareArn)))
                    .get("permission_arns")))
        .containsExactly("arn:aws:ram::aws:permission/AWSRAMDefaultPermissionResolverRule");
    // Shared, the rule does nothing for the other account until it associates it.
    assertRefused(OTHER_CLIENT);

    // The other account's aws_route53_resolver_rule_association of the shared rule.
    Map<String, Object> otherAssociation = Map.of("resolver_rule_id", ruleId, "vpc_id", otherVpcId);
    JsonNode otherAssociated = terraform(other, with(otherAssociation, "op", "association_create"));
    assertThat(ok(otherAssociated).get("status").asString()).isEqualTo("COMPLETE");
    assertThat(ok(otherAssociated).get("vpc_id").asString()).isEqualTo(otherVpcId);
    String otherAssociationId = ok(otherAssociated).get("id").asString();
    replay.awaitAnswer(OTHER_CLIENT, ONPREM_NAME, "A", "10.10.0.1");
    // The other account's data source sees the rule shared with it, and asks for no tags.
    JsonNode seen = terraform(other, Map.of("op", "rule_data_source", "id", ruleId));
    assertThat(ok(seen).get("share_status").asString()).isEqualTo("SHARED_WITH_ME");
    assertThat(ok(seen).get("owner_id").asString()).isEqualTo(owner.id());
    assertThat(calls(seen)).containsExactly("get_resolver_rule");

    // terraform destroy, in reverse order of creation.
    JsonNode otherGone =
        terraform(
            other,
            with(with(otherAssociation, "id", otherAssociationId), "op", "association_destroy"));
    assertThat(calls(otherGone))
        .containsExactly(
            "disassociate_resolver_rule",
            "get_resolver_rule_association ResourceNotFoundException");
    assertRefused(OTHER_CLIENT);
    JsonNode principalGone =
        terraform(owner, with(principal, "op", "principal_association_destroy"));
    assertThat(calls(principalGone))
        .containsExactly("disassociate_resource_share", "get_resource_share_associations");
    JsonNode resourceGone = terraform(owner, with(resource, "op", "resource_association_destroy"));
    assertThat(calls(resourceGone))
        .containsExactly("disassociate_resource_share", "get_resource_share_associations");
    JsonNode shareGone = terraform(owner, Map.of("op", "share_destroy", "arn", shareArn));
    assertThat(calls(shareGone)).containsExactly("delete_resource_share", "get_resource_shares");
    assertThat(
            ok(terraform(other, Map.of("op", "rule_data_source", "id", ruleId)))
                .get("found")
                .asBoolean())
        .isFalse();
    replay.awaitAnswer(CLIENT, ONPREM_NAME, "A", "10.10.0.1");

    JsonNode ownerGone =
        terraform(owner, with(with(association, "id", associationId), "op", "association_destroy"));
    assertThat(ok(ownerGone).get("gone_already").asBoolean()).isFalse();
    assertRefused(CLIENT);
    JsonNode ruleGone = terraform(owner, Map.of("op", "rule_destroy", "id", ruleId));
    assertThat(calls(ruleGone))
        .containsExactly("delete_resolver_rule", "get_resolver_rule ResourceNotFoundException");
    JsonNode endpointGone = terraform(owner, Map.of("op", "endpoint_destroy", "id", endpointId));
    assertThat(calls(endpointGone))
        .containsExactly(
            "delete_resolver_endpoint", "get_resolver_endpoint ResourceNotFoundException");
    ok(terraform(owner, Map.of("op", "security_group_destroy", "id", groupId)));
    ok(terraform(owner, Map.of("op", "subnet_destroy", "id", subnetA)));
    ok(terraform(owner, Map.of("op", "subnet_destroy", "id", subnetB)));
    ok(terraform(owner, Map.of("op", "vpc_destroy", "id", vpcId)));
    ok(terraform(other, Map.of("op", "vpc_destroy", "id", otherVpcId)));
    // A destroy run twice finds everything gone, as the provider's deletes expect.
    assertThat(
            ok(terraform(owner, Map.of("op", "endpoint_destroy", "id", endpointId)))
                .get("gone_already")
                .asBoolean())
        .isTrue();
  }

  private static String subnet(String vpcId, String cidr, String zone) throws Exception {
    JsonNode subnet =
        ok(
            terraform(
                owner,
                Map.of(
                    "op",
                    "subnet_create",
                    "vpc_id",
                    vpcId,
                    "cidr",
                    cidr,
                    "availability_zone",
                    zone,
                    "tags",
                    tag())));
    assertThat(subnet.get("cidr_block").asString()).isEqualTo(cidr);
    return subnet.get("id").asString();
  }

  /** REFUSED with EDE 18: the VPC of the client has no rule for customer.local. */
  private static void assertRefused(String client) throws Exception {
    Dig dig = replay.await(client, ONPREM_NAME, "A", "REFUSED", List.of());
    assertThat(dig.output).contains("EDE: 18");
  }

  private static Map<String, String> tag() {
    return Map.of("team", "dns");
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static JsonNode terraform(RunningNode.AwsAccount account, Map<String, Object> request)
      throws Exception {
    return replay.run("terraform_resolver.py", account, request);
  }

  /** The state the operation left, asserting it did not fail. */
  private static JsonNode ok(JsonNode result) {
    assertThat(result.get("error")).as(result.toString()).isNull();
    return result.get("state");
  }

  private static List<String> calls(JsonNode result) {
    return strings(result.get("calls"));
  }

  private static List<String> strings(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }
}
