package io.isthmus.admin.aws.resolver;

import static io.isthmus.admin.aws.resolver.ResolverRulesTest.associateBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The edges of the facade: limits, tokens of resources since deleted, ids per kind. */
class ResolverEdgesTest extends ResolverTestSupport {

  @Test
  void aTokenNamingAResourceSinceDeletedResumesAfterIt() {
    Acct acct = account("rr-edge-token");
    Network net = network(acct);
    List<String> ids = new ArrayList<>(List.of(outbound(acct, net, "a"), outbound(acct, net, "b")));
    ids.sort(null);

    JsonNode first = ok(acct, "ListResolverEndpoints", "{\"MaxResults\":1}");
    ok(acct, "DeleteResolverEndpoint", "{\"ResolverEndpointId\":\"" + ids.get(1) + "\"}");
    JsonNode rest =
        ok(
            acct,
            "ListResolverEndpoints",
            "{\"NextToken\":\"" + first.get("NextToken").stringValue() + "\"}");

    assertThat(first.at("/ResolverEndpoints/0/Id").stringValue()).isEqualTo(ids.get(0));
    assertThat(rest.get("ResolverEndpoints")).isEmpty();
    assertThat(rest.has("NextToken")).isFalse();
    assertThat(ok(acct, "ListResolverEndpoints", "{\"MaxResults\":100}").get("ResolverEndpoints"))
        .hasSize(1);
  }

  @Test
  void aCreatorRequestIdIsUniquePerKindOfResource() {
    Acct acct = account("rr-edge-creator");
    Network net = network(acct);
    ok(
        acct,
        "CreateResolverRule",
        "{\"CreatorRequestId\":\"first\",\"RuleType\":\"SYSTEM\",\"DomainName\":\"f.example\"}");
    outbound(acct, net, "first");
    String endpoint = outbound(acct, net, "same");

    forwardRule(acct, endpoint, "same", "same.example");
    ok(
        acct,
        "CreateResolverQueryLogConfig",
        "{\"Name\":\"q\",\"DestinationArn\":\"arn:aws:s3:::same\",\"CreatorRequestId\":\"same\"}");
    assertThat(
            error(
                acct,
                "CreateResolverQueryLogConfig",
                "{\"Name\":\"q\",\"DestinationArn\":\"arn:aws:s3:::other\","
                    + "\"CreatorRequestId\":\"same\"}"))
        .isEqualTo("ResourceExistsException");
  }

  @Test
  void aRuleKeepsItsTagsAndASystemRuleHasNoTargets() {
    Acct acct = account("rr-edge-rule");
    JsonNode rule =
        ok(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"t","RuleType":"SYSTEM","DomainName":"t.example",
                 "Tags":[{"Key":"env","Value":"prod"}]}""")
            .get("ResolverRule");

    assertThat(
            ok(
                    acct,
                    "ListTagsForResource",
                    "{\"ResourceArn\":\"" + rule.get("Arn").stringValue() + "\"}")
                .get("Tags")
                .toString())
        .isEqualTo("[{\"Key\":\"env\",\"Value\":\"prod\"}]");
    assertThat(
            error(
                acct,
                "CreateResolverRule",
                """
                {"CreatorRequestId":"u","RuleType":"SYSTEM","DomainName":"u.example",
                 "TargetIps":[{"Ip":"192.168.1.1"}]}"""))
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void anInvalidFieldIsNamedInTheMessage() {
    Acct acct = account("rr-edge-field");
    Network net = network(acct);

    assertThat(
            message(
                acct,
                "CreateResolverEndpoint",
                endpointBody(net, "f", "OUTBOUND").replace("\"ep-f\"", "\"bad name!\"")))
        .contains("(name: ");
  }

  @Test
  void anAssociationNameIsAtMost64CharactersAndEachAssociationIsAnsweredForItself() {
    Acct acct = account("rr-edge-assoc");
    Network net = network(acct);
    String endpoint = outbound(acct, net, "ep");
    String first = forwardRule(acct, endpoint, "r1", "one.example");
    String second = forwardRule(acct, endpoint, "r2", "two.example");

    assertThat(
            error(acct, "AssociateResolverRule", associateBody(first, net.vpcId(), "n".repeat(65))))
        .isEqualTo("InvalidParameterException");
    ok(acct, "AssociateResolverRule", associateBody(first, net.vpcId(), "n".repeat(64)));
    ok(acct, "AssociateResolverRule", associateBody(second, net.vpcId(), "second"));
    JsonNode gone =
        ok(acct, "DisassociateResolverRule", associateBody(second, net.vpcId(), null))
            .get("ResolverRuleAssociation");

    assertThat(gone.get("ResolverRuleId").stringValue()).isEqualTo(second);
    assertThat(gone.get("Name").stringValue()).isEqualTo("second");
  }

  @Test
  void tagsHaveAWSLimits() {
    Acct acct = account("rr-edge-tags");
    String arn =
        ok(
                acct,
                "CreateResolverQueryLogConfig",
                "{\"Name\":\"q\",\"DestinationArn\":\"arn:aws:s3:::tags\",\"CreatorRequestId\":\"q\"}")
            .at("/ResolverQueryLogConfig/Arn")
            .stringValue();
    String tag = "{\"ResourceArn\":\"" + arn + "\",\"Tags\":[{\"Key\":\"%s\",\"Value\":\"%s\"}]}";

    ok(acct, "TagResource", tag.formatted("k".repeat(128), "v".repeat(256)));
    assertThat(error(acct, "TagResource", tag.formatted("k".repeat(129), "v")))
        .isEqualTo("InvalidTagException");
    StringBuilder many = new StringBuilder("{\"ResourceArn\":\"" + arn + "\",\"Tags\":[");
    for (int i = 0; i < ResolverTags.MAX_TAGS; i++) {
      many.append(i == 0 ? "" : ",").append("{\"Key\":\"t").append(i).append("\",\"Value\":\"v\"}");
    }
    String full = many.append("]}").toString();
    assertThat(error(acct, "TagResource", full)).isEqualTo("LimitExceededException");
    ok(
        acct,
        "UntagResource",
        "{\"ResourceArn\":\"" + arn + "\",\"TagKeys\":[\"" + "k".repeat(128) + "\"]}");
    ok(acct, "TagResource", full);
    JsonNode listed =
        ok(acct, "ListTagsForResource", "{\"ResourceArn\":\"" + arn + "\",\"MaxResults\":100}");
    assertThat(listed.get("Tags")).hasSize(100);
  }

  @Test
  void aPolicyIsPutOnARuleArnOnly() {
    Acct acct = account("rr-edge-policy");
    String endpoint = outbound(acct, network(acct), "ep");

    assertThat(
            error(
                acct,
                "PutResolverRulePolicy",
                "{\"Arn\":\""
                    + ResolverArns.of(ResolverArns.Kind.ENDPOINT, REGION, acct.id(), endpoint)
                    + "\",\"ResolverRulePolicy\":\"{}\"}"))
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void queryLogAssociationsArePagedAndEachIsAnsweredForItself() {
    Acct acct = account("rr-edge-qla");
    Network net = network(acct);
    Network second = network(acct);
    String id =
        ok(
                acct,
                "CreateResolverQueryLogConfig",
                "{\"Name\":\"q\",\"DestinationArn\":\"arn:aws:s3:::qla\",\"CreatorRequestId\":\"q\"}")
            .at("/ResolverQueryLogConfig/Id")
            .stringValue();
    String pair = "{\"ResolverQueryLogConfigId\":\"" + id + "\",\"ResourceId\":\"%s\"}";
    ok(acct, "AssociateResolverQueryLogConfig", pair.formatted(net.vpcId()));
    ok(acct, "AssociateResolverQueryLogConfig", pair.formatted(second.vpcId()));

    JsonNode page = ok(acct, "ListResolverQueryLogConfigAssociations", "{\"MaxResults\":1}");
    JsonNode gone =
        ok(acct, "DisassociateResolverQueryLogConfig", pair.formatted(second.vpcId()))
            .get("ResolverQueryLogConfigAssociation");

    assertThat(page.get("ResolverQueryLogConfigAssociations")).hasSize(1);
    assertThat(page.get("NextToken").stringValue()).isNotBlank();
    assertThat(gone.get("ResourceId").stringValue()).isEqualTo(second.vpcId());
  }
}
