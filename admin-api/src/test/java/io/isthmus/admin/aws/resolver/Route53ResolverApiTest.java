package io.isthmus.admin.aws.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.aws.AwsListener;
import io.isthmus.admin.aws.AwsTestSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * The protocol of Route 53 Resolver (awsJson1_1): the operation in X-Amz-Target, a JSON object in,
 * JSON out, errors as {@code {"__type","message"}}; through the AWS listener with a signature for
 * {@code route53resolver}, audited as the other facades are.
 */
class Route53ResolverApiTest extends ResolverTestSupport {
  private static final int AWS_PORT = 4566;
  @Autowired AwsListener listener;

  @BeforeEach
  void listen() {
    listener.bound(AWS_PORT);
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsASerializationErrorAndWritesNothing() {
    Acct acct = account("rr-proto-json");
    Network net = network(acct);
    String valid = endpointBody(net, "c", "OUTBOUND");

    assertThat(error(acct, "CreateResolverEndpoint", valid.substring(0, valid.length() - 1)))
        .isEqualTo("SerializationException");
    assertThat(error(acct, "CreateResolverEndpoint", "[]")).isEqualTo("SerializationException");
    assertThat(error(acct, "CreateResolverEndpoint", "null")).isEqualTo("SerializationException");
    assertThat(error(acct, "CreateResolverEndpoint", valid.replace("\"c\"", "5")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                valid.replace("[\"sg", "\"sg").replace("\"],", "\",")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(acct, "CreateResolverEndpoint", valid.replace("[{\"SubnetId", "[5,{\"SubnetId")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                valid.replace("{\"SubnetId\":\"" + net.subnet1() + "\"}", "{}")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverEndpoint",
                "{\"CreatorRequestId\":\"c\",\"Direction\":\"OUTBOUND\",\"SecurityGroupIds\":[\"x\"]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "ListResolverEndpoints", "{\"MaxResults\":\"5\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "ListResolverEndpoints", "{\"MaxResults\":1.5}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "ListResolverEndpoints", "{\"Filters\":{}}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "UpdateResolverRule", "{\"ResolverRuleId\":\"r\",\"Config\":5}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(acct, "GetResolverEndpoint", "{}")).isEqualTo("InvalidParameterException");
    assertThat(error(acct, "GetResolverEndpoint", "{\"ResolverEndpointId\":\"\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(get("/v1/resolver/endpoints", acct.token()).expect(200).body().get("items"))
        .isEmpty();
    assertThat(ok(acct, "ListResolverEndpoints", "").get("ResolverEndpoints")).isEmpty();
  }

  @Test
  void anUnknownOperationOrTargetIsRefused() {
    Acct acct = account("rr-proto-op");

    assertThat(error(acct, "CreateFirewallRule", "{}")).isEqualTo("UnknownOperationException");
    Route53ResolverApi.Answer noTarget = api.handle(caller(acct), REGION, null, new byte[0]);
    Route53ResolverApi.Answer otherService =
        api.handle(caller(acct), REGION, "Route53.ListHostedZones", new byte[0]);
    assertThat(noTarget.status()).isEqualTo(400);
    assertThat(noTarget.json()).startsWith("{\"__type\":\"UnknownOperationException\"");
    assertThat(otherService.json()).startsWith("{\"__type\":\"UnknownOperationException\"");
  }

  @Test
  void aSignedCallIsServedAsJson11AndItsChangesAreAudited() throws Exception {
    Key key = key("rr-proto-signed");
    Network net = network(key.acct());

    MockHttpServletResponse created =
        send(key, "CreateResolverEndpoint", endpointBody(net, "signed", "OUTBOUND"));
    MockHttpServletResponse rule =
        send(
            key,
            "CreateResolverRule",
            "{\"CreatorRequestId\":\"s\",\"RuleType\":\"SYSTEM\",\"DomainName\":\"s.example\"}");
    MockHttpServletResponse listed = send(key, "ListResolverEndpoints", "{}");
    MockHttpServletResponse missing =
        send(key, "GetResolverEndpoint", "{\"ResolverEndpointId\":\"rslvr-out-none\"}");
    MockHttpServletResponse malformed = send(key, "CreateResolverRule", "{");

    assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(200);
    assertThat(created.getContentType()).isEqualTo("application/x-amz-json-1.1");
    // An endpoint is in its VPC's region; a SYSTEM rule in the region the call was signed for.
    assertThat(created.getContentAsString())
        .contains("\"Arn\":\"arn:aws:route53resolver:" + REGION + ":" + key.accountId());
    assertThat(rule.getContentAsString())
        .contains("\"Arn\":\"arn:aws:route53resolver:ap-south-1:" + key.accountId());
    assertThat(listed.getContentAsString()).contains(net.vpcId());
    assertThat(missing.getStatus()).isEqualTo(400);
    assertThat(missing.getContentType()).isEqualTo("application/x-amz-json-1.1");
    assertThat(missing.getContentAsString())
        .startsWith("{\"__type\":\"ResourceNotFoundException\",\"message\":\"");
    assertThat(malformed.getContentAsString()).startsWith("{\"__type\":\"SerializationException\"");
    JsonNode items =
        get("/v1/audit?accountId=" + key.accountId(), OPERATOR).expect(200).body().get("items");
    List<String> paths = new ArrayList<>();
    items.forEach(
        item -> paths.add(item.get("path").stringValue() + " " + item.get("status").intValue()));
    assertThat(paths).contains("/#CreateResolverEndpoint 200", "/#CreateResolverRule 400");
    assertThat(paths).noneMatch(path -> path.contains("ListResolverEndpoints"));
    assertThat(paths).noneMatch(path -> path.contains("GetResolverEndpoint"));
  }

  private record Key(Acct acct, String id, String secret) {
    String accountId() {
      return acct.id();
    }
  }

  private Key key(String name) {
    Acct acct = account(name);
    Reply issued = post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null).expect(201);
    return new Key(acct, issued.text("/accessKeyId"), issued.text("/secretAccessKey"));
  }

  private MockHttpServletResponse send(Key key, String operation, String body) throws Exception {
    return mvc.perform(
            AwsTestSigner.post(
                key.id(),
                key.secret(),
                TestAdminApplication.NOW,
                AWS_PORT,
                "route53resolver",
                "ap-south-1",
                "/",
                "application/x-amz-json-1.1",
                "Route53Resolver." + operation,
                body.getBytes(StandardCharsets.UTF_8)))
        .andReturn()
        .getResponse();
  }
}
