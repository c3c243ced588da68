package io.isthmus.admin.aws.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tags of resolver resources by ARN; the facade's own attributes never show as tags. */
class ResolverTagsTest extends ResolverTestSupport {

  @Test
  void resourcesAreTaggedByArnAndTheirReservedAttributesStayHidden() {
    Acct acct = account("rr-tags");
    Network net = network(acct);
    JsonNode endpoint =
        ok(
                acct,
                "CreateResolverEndpoint",
                endpointBody(net, "t", "OUTBOUND")
                    .replace("{", "{\"Tags\":[{\"Key\":\"env\",\"Value\":\"prod\"}],"))
            .get("ResolverEndpoint");
    String arn = endpoint.get("Arn").stringValue();
    String arnBody = "{\"ResourceArn\":\"" + arn + "\"}";

    assertThat(ok(acct, "ListTagsForResource", arnBody).get("Tags").toString())
        .isEqualTo("[{\"Key\":\"env\",\"Value\":\"prod\"}]");
    ok(
        acct,
        "TagResource",
        "{\"ResourceArn\":\""
            + arn
            + "\",\"Tags\":[{\"Key\":\"team\",\"Value\":\"net\"},{\"Key\":\"env\",\"Value\":\"dev\"}]}");
    assertThat(ok(acct, "ListTagsForResource", arnBody).get("Tags").toString())
        .isEqualTo("[{\"Key\":\"env\",\"Value\":\"dev\"},{\"Key\":\"team\",\"Value\":\"net\"}]");
    JsonNode page =
        ok(acct, "ListTagsForResource", "{\"ResourceArn\":\"" + arn + "\",\"MaxResults\":1}");
    assertThat(page.get("Tags")).hasSize(1);
    assertThat(page.get("NextToken").stringValue()).isNotBlank();
    ok(
        acct,
        "UntagResource",
        "{\"ResourceArn\":\""
            + arn
            + "\",\"TagKeys\":[\"env\",\""
            + ResolverAttributes.CREATOR_REQUEST_ID
            + "\"]}");
    assertThat(ok(acct, "ListTagsForResource", arnBody).get("Tags").toString())
        .isEqualTo("[{\"Key\":\"team\",\"Value\":\"net\"}]");
    assertThat(
            ok(
                    acct,
                    "GetResolverEndpoint",
                    "{\"ResolverEndpointId\":\"" + endpoint.get("Id").stringValue() + "\"}")
                .at("/ResolverEndpoint/CreatorRequestId")
                .stringValue())
        .isEqualTo("t");
    assertThat(
            error(
                acct,
                "TagResource",
                "{\"ResourceArn\":\""
                    + arn
                    + "\",\"Tags\":[{\"Key\":\"aws:route53resolver:name\",\"Value\":\"x\"}]}"))
        .isEqualTo("InvalidTagException");
    assertThat(error(acct, "TagResource", "{\"ResourceArn\":\"" + arn + "\",\"Tags\":[]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "TagResource",
                "{\"ResourceArn\":\"" + arn + "\",\"Tags\":[{\"Key\":\"k\"}]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "TagResource",
                "{\"ResourceArn\":\""
                    + arn
                    + "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\""
                    + "v".repeat(257)
                    + "\"}]}"))
        .isEqualTo("InvalidTagException");
  }

  @Test
  void rulesAndQueryLogConfigsAreTaggedAndOnlyTheirOwnerSeesTheTags() {
    Acct owner = account("rr-tags-owner");
    Acct partner = account("rr-tags-partner");
    Acct stranger = account("rr-tags-stranger");
    String rule = forwardRule(owner, outbound(owner, network(owner), "ep"), "r", "tags.example");
    String ruleArn = ResolverArns.rule(REGION, owner.id(), rule);
    post(
            "/v1/resolver/rules/" + rule + "/shares",
            owner.token(),
            "{\"accountId\":\"" + partner.id() + "\"}")
        .expect(201);
    String configArn =
        ok(
                owner,
                "CreateResolverQueryLogConfig",
                """
                {"Name":"q","DestinationArn":"arn:aws:s3:::tagged","CreatorRequestId":"q",
                 "Tags":[{"Key":"k","Value":"v"}]}""")
            .at("/ResolverQueryLogConfig/Arn")
            .stringValue();
    String tag = "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}";

    ok(owner, "TagResource", "{\"ResourceArn\":\"" + ruleArn + tag);
    assertThat(
            ok(owner, "ListTagsForResource", "{\"ResourceArn\":\"" + ruleArn + "\"}").get("Tags"))
        .hasSize(1);
    assertThat(
            ok(owner, "ListTagsForResource", "{\"ResourceArn\":\"" + configArn + "\"}").get("Tags"))
        .hasSize(1);
    assertThat(error(partner, "TagResource", "{\"ResourceArn\":\"" + ruleArn + tag))
        .isEqualTo("AccessDeniedException");
    assertThat(error(partner, "ListTagsForResource", "{\"ResourceArn\":\"" + ruleArn + "\"}"))
        .isEqualTo("AccessDeniedException");
    assertThat(error(stranger, "TagResource", "{\"ResourceArn\":\"" + ruleArn + tag))
        .isEqualTo("ResourceNotFoundException");
    assertThat(
            error(
                stranger,
                "UntagResource",
                "{\"ResourceArn\":\"" + configArn + "\",\"TagKeys\":[\"k\"]}"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(
            error(
                stranger,
                "ListTagsForResource",
                "{\"ResourceArn\":\""
                    + ResolverArns.of(
                        ResolverArns.Kind.ENDPOINT, REGION, owner.id(), "rslvr-out-none")
                    + "\"}"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(error(owner, "ListTagsForResource", "{\"ResourceArn\":\"arn:aws:ec2:x\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            ok(owner, "ListTagsForResource", "{\"ResourceArn\":\"" + configArn + "\"}").get("Tags"))
        .hasSize(1);
  }
}
