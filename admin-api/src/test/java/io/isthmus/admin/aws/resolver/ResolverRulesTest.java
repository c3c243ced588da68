package io.isthmus.admin.aws.resolver;

import static io.isthmus.admin.aws.resolver.ResolverEndpointsTest.filter;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Resolver rules and their associations through Route 53 Resolver, on the /v1 rules. */
class ResolverRulesTest extends ResolverTestSupport {

  @Test
  void aForwardRuleForwardsThroughItsOutboundEndpointAndIsAV1Rule() {
    Acct acct = account("rr-rule-create");
    String endpoint = outbound(acct, network(acct), "ep");

    JsonNode rule =
        ok(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"rule-1","Name":"to-dc","RuleType":"FORWARD",
                 "DomainName":"Corp.Example","ResolverEndpointId":"%s",
                 "TargetIps":[{"Ip":"192.168.9.1","Port":5353},{"Ipv6":"fd00::53"}]}"""
                    .formatted(endpoint))
            .get("ResolverRule");
    String id = rule.get("Id").stringValue();

    assertThat(rule.get("Arn").stringValue())
        .isEqualTo(ResolverArns.rule(REGION, acct.id(), id))
        .isEqualTo("arn:aws:route53resolver:eu-west-1:" + acct.id() + ":resolver-rule/" + id);
    assertThat(rule.get("DomainName").stringValue()).isEqualTo("corp.example.");
    assertThat(rule.get("RuleType").stringValue()).isEqualTo("FORWARD");
    assertThat(rule.get("Status").stringValue()).isEqualTo("COMPLETE");
    assertThat(rule.get("ShareStatus").stringValue()).isEqualTo("NOT_SHARED");
    assertThat(rule.get("OwnerId").stringValue()).isEqualTo(acct.id());
    assertThat(rule.get("CreatorRequestId").stringValue()).isEqualTo("rule-1");
    assertThat(rule.get("ResolverEndpointId").stringValue()).isEqualTo(endpoint);
    assertThat(rule.at("/TargetIps/0/Ip").stringValue()).isEqualTo("192.168.9.1");
    assertThat(rule.at("/TargetIps/0/Port").intValue()).isEqualTo(5353);
    assertThat(rule.at("/TargetIps/1/Ipv6").stringValue()).isEqualTo("fd00:0:0:0:0:0:0:53");
    assertThat(rule.at("/TargetIps/1/Port").intValue()).isEqualTo(53);
    assertThat(rule.get("CreationTime").stringValue()).isNotBlank();
    assertThat(get("/v1/resolver/rules/" + id, acct.token()).expect(200).text("/name"))
        .isEqualTo("to-dc");
    assertThat(
            ok(acct, "GetResolverRule", "{\"ResolverRuleId\":\"" + id + "\"}").get("ResolverRule"))
        .isEqualTo(rule);
    assertThat(
            error(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"rule-1","Name":"again","RuleType":"SYSTEM",
                 "DomainName":"other.example"}"""))
        .isEqualTo("ResourceExistsException");
  }

  @Test
  void aSystemRuleIsInTheSignedRegionAndHasNoTargets() {
    Acct acct = account("rr-rule-system");

    JsonNode rule =
        ok(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"sys","RuleType":"SYSTEM","DomainName":"sys.example"}""")
            .get("ResolverRule");

    assertThat(rule.get("Name").stringValue()).isEqualTo(ResolverRules.DEFAULT_NAME);
    assertThat(rule.has("TargetIps")).isFalse();
    assertThat(rule.has("ResolverEndpointId")).isFalse();
    assertThat(
            get("/v1/resolver/rules/" + rule.get("Id").stringValue(), acct.token())
                .expect(200)
                .text("/region"))
        .isEqualTo(REGION);
  }

  @Test
  void unservedRulesAreRefusedWithTheirReason() {
    Acct acct = account("rr-rule-refused");
    String endpoint = outbound(acct, network(acct), "ep");

    assertThat(
            error(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"a","RuleType":"FORWARD","DomainName":"a.example",
                 "TargetIps":[{"Ip":"192.168.9.1"}]}"""))
        .isEqualTo("InvalidRequestException");
    assertThat(
            message(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"a","RuleType":"FORWARD","DomainName":"a.example",
                 "TargetIps":[{"Ip":"192.168.9.1"}]}"""))
        .contains("ResolverEndpointId");
    assertThat(
            error(
                acct,
                "CreateResolverRule",
                "{\"CreatorRequestId\":\"b\",\"RuleType\":\"RECURSIVE\",\"DomainName\":\"b.x\"}"))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"c","RuleType":"FORWARD","DomainName":"c.example",
                 "ResolverEndpointId":"%s","TargetIps":[{"Ip":"192.168.9.1","Protocol":"DoH"}]}"""
                    .formatted(endpoint)))
        .isEqualTo("InvalidRequestException");
    assertThat(
            error(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"d","RuleType":"FORWARD","DomainName":"d.example",
                 "ResolverEndpointId":"%s","TargetIps":[]}"""
                    .formatted(endpoint)))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"e","RuleType":"FORWARD","DomainName":"e.example",
                 "ResolverEndpointId":"rslvr-out-00000000000000000",
                 "TargetIps":[{"Ip":"192.168.9.1"}]}"""))
        .isEqualTo("ResourceNotFoundException");
    assertThat(get("/v1/resolver/rules", acct.token()).expect(200).body().get("items")).isEmpty();
  }

  @Test
  void aRuleIsUpdatedAndDeletedOnceNoVpcUsesIt() {
    Acct acct = account("rr-rule-update");
    Network net = network(acct);
    String endpoint = outbound(acct, net, "ep");
    String other = outbound(acct, net, "ep2");
    String id = forwardRule(acct, endpoint, "r", "update.example");
    String idBody = "{\"ResolverRuleId\":\"" + id + "\"}";

    JsonNode updated =
        ok(
                acct,
                "UpdateResolverRule",
                """
                {"ResolverRuleId":"%s","Config":{"Name":"renamed",
                 "TargetIps":[{"Ip":"192.168.77.7"}],"ResolverEndpointId":"%s"}}"""
                    .formatted(id, other))
            .get("ResolverRule");
    assertThat(updated.get("Name").stringValue()).isEqualTo("renamed");
    assertThat(updated.at("/TargetIps/0/Ip").stringValue()).isEqualTo("192.168.77.7");
    assertThat(updated.get("ResolverEndpointId").stringValue()).isEqualTo(other);
    assertThat(get("/v1/resolver/rules/" + id, acct.token()).expect(200).text("/name"))
        .isEqualTo("renamed");
    assertThat(
            ok(acct, "UpdateResolverRule", "{\"ResolverRuleId\":\"" + id + "\",\"Config\":{}}")
                .at("/ResolverRule/Name")
                .stringValue())
        .isEqualTo("renamed");
    assertThat(error(acct, "UpdateResolverRule", idBody)).isEqualTo("InvalidParameterException");

    ok(acct, "AssociateResolverRule", associateBody(id, net.vpcId(), "assoc"));
    assertThat(error(acct, "DeleteResolverRule", idBody)).isEqualTo("ResourceInUseException");
    ok(acct, "DisassociateResolverRule", associateBody(id, net.vpcId(), null));
    JsonNode deleted = ok(acct, "DeleteResolverRule", idBody).get("ResolverRule");
    assertThat(deleted.get("Status").stringValue()).isEqualTo("DELETING");
    assertThat(deleted.get("Name").stringValue()).isEqualTo("renamed");
    assertThat(error(acct, "GetResolverRule", idBody)).isEqualTo("ResourceNotFoundException");
  }

  static String associateBody(String ruleId, String vpcId, String name) {
    return "{\"ResolverRuleId\":\""
        + ruleId
        + "\",\"VPCId\":\""
        + vpcId
        + "\""
        + (name == null ? "" : ",\"Name\":\"" + name + "\"")
        + "}";
  }

  @Test
  void anAssociationIsCompleteAtOnceAndFoundByIdAndFilters() {
    Acct acct = account("rr-assoc");
    Network net = network(acct);
    Network second = network(acct);
    String endpoint = outbound(acct, net, "ep");
    String rule = forwardRule(acct, endpoint, "r", "assoc.example");
    String other = forwardRule(acct, endpoint, "r2", "assoc2.example");

    JsonNode association =
        ok(acct, "AssociateResolverRule", associateBody(rule, net.vpcId(), "first"))
            .get("ResolverRuleAssociation");
    String id = association.get("Id").stringValue();
    String otherId =
        ok(acct, "AssociateResolverRule", associateBody(other, second.vpcId(), null))
            .at("/ResolverRuleAssociation/Id")
            .stringValue();

    assertThat(id).startsWith("rslvr-rrassoc-");
    assertThat(association.get("Status").stringValue()).isEqualTo("COMPLETE");
    assertThat(association.get("Name").stringValue()).isEqualTo("first");
    assertThat(association.get("VPCId").stringValue()).isEqualTo(net.vpcId());
    assertThat(association.get("ResolverRuleId").stringValue()).isEqualTo(rule);
    assertThat(
            ok(acct, "GetResolverRuleAssociation", "{\"ResolverRuleAssociationId\":\"" + id + "\"}")
                .get("ResolverRuleAssociation"))
        .isEqualTo(association);
    assertThat(
            error(
                acct,
                "GetResolverRuleAssociation",
                "{\"ResolverRuleAssociationId\":\"rslvr-rrassoc-00000000000000000\"}"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(associationIds(ok(acct, "ListResolverRuleAssociations", "{}")))
        .containsExactlyInAnyOrder(id, otherId);
    assertThat(
            associationIds(
                ok(acct, "ListResolverRuleAssociations", filter("VPCId", second.vpcId()))))
        .containsExactly(otherId);
    assertThat(associationIds(ok(acct, "ListResolverRuleAssociations", filter("Name", "first"))))
        .containsExactly(id);
    assertThat(
            associationIds(
                ok(acct, "ListResolverRuleAssociations", filter("ResolverRuleId", rule))))
        .containsExactly(id);
    assertThat(
            associationIds(ok(acct, "ListResolverRuleAssociations", filter("Status", "COMPLETE"))))
        .hasSize(2);
    JsonNode page = ok(acct, "ListResolverRuleAssociations", "{\"MaxResults\":1}");
    assertThat(associationIds(page)).hasSize(1);
    assertThat(page.get("NextToken").stringValue()).isNotBlank();
    assertThat(error(acct, "AssociateResolverRule", associateBody(rule, net.vpcId(), null)))
        .isEqualTo("InvalidRequestException")
        .as("already associated");

    JsonNode gone =
        ok(acct, "DisassociateResolverRule", associateBody(rule, net.vpcId(), null))
            .get("ResolverRuleAssociation");
    assertThat(gone.get("Status").stringValue()).isEqualTo("DELETING");
    assertThat(gone.get("Name").stringValue()).isEqualTo("first");
    assertThat(error(acct, "DisassociateResolverRule", associateBody(rule, net.vpcId(), null)))
        .isEqualTo("ResourceNotFoundException");
    assertThat(associationIds(ok(acct, "ListResolverRuleAssociations", "{}")))
        .containsExactly(otherId);
  }

  private static List<String> associationIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("ResolverRuleAssociations").forEach(a -> ids.add(a.get("Id").stringValue()));
    return ids;
  }

  @Test
  void rulesAreListedByPagesAndFilters() {
    Acct acct = account("rr-rule-list");
    String endpoint = outbound(acct, network(acct), "ep");
    String a = forwardRule(acct, endpoint, "a", "a.example");
    String b = forwardRule(acct, endpoint, "b", "b.example");
    String system =
        ok(
                acct,
                "CreateResolverRule",
                "{\"CreatorRequestId\":\"s\",\"RuleType\":\"SYSTEM\",\"DomainName\":\"s.example\"}")
            .at("/ResolverRule/Id")
            .stringValue();

    assertThat(ruleIds(ok(acct, "ListResolverRules", "{}")))
        .containsExactlyInAnyOrder(a, b, system);
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("Type", "SYSTEM"))))
        .containsExactly(system);
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("DomainName", "a.example"))))
        .containsExactly(a);
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("DomainName", "B.Example."))))
        .isEmpty();
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("CreatorRequestId", "b"))))
        .containsExactly(b);
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("Name", "r-a")))).containsExactly(a);
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("ResolverEndpointId", endpoint))))
        .containsExactlyInAnyOrder(a, b);
    assertThat(ruleIds(ok(acct, "ListResolverRules", filter("Status", "COMPLETE")))).hasSize(3);
    JsonNode first = ok(acct, "ListResolverRules", "{\"MaxResults\":2}");
    JsonNode rest =
        ok(
            acct,
            "ListResolverRules",
            "{\"NextToken\":\"" + first.get("NextToken").stringValue() + "\"}");
    assertThat(first.get("MaxResults").intValue()).isEqualTo(2);
    List<String> all = new ArrayList<>(ruleIds(first));
    all.addAll(ruleIds(rest));
    assertThat(all).containsExactlyElementsOf(List.of(a, b, system).stream().sorted().toList());
  }

  static List<String> ruleIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("ResolverRules").forEach(r -> ids.add(r.get("Id").stringValue()));
    return ids;
  }
}
