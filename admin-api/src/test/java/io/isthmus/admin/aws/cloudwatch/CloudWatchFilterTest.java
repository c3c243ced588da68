package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.aws.AwsListener;
import io.isthmus.admin.aws.AwsTestSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * CloudWatch through the AWS listener: requests signed for the service {@code monitoring} reach it,
 * with the account of the key and the region of the signature, and its answers and errors are
 * written in the caller's protocol. The signer here follows the SigV4 spec for a POST to "/".
 */
class CloudWatchFilterTest extends ApiTestSupport {
  private static final int AWS_PORT = 4566;
  @Autowired AwsListener listener;

  private record Key(String accountId, String id, String secret) {}

  @BeforeEach
  void listen() {
    listener.bound(AWS_PORT);
  }

  private Key key(String name) {
    Acct acct = account(name);
    Reply issued = post("/v1/accounts/" + acct.id() + "/aws-keys", OPERATOR, null).expect(201);
    return new Key(acct.id(), issued.text("/accessKeyId"), issued.text("/secretAccessKey"));
  }

  @Test
  void aSignedJsonCallIsServedForTheKeysAccountInTheSignaturesRegion() throws Exception {
    Key key = key("cw-filter-json");

    MockHttpServletResponse put =
        send(
            key,
            "eu-central-1",
            "application/x-amz-json-1.0",
            "GraniteServiceVersion20100801.PutMetricAlarm",
            """
            {"AlarmName":"signed","Namespace":"App","MetricName":"Errors","Statistic":"Sum",
             "Period":60,"EvaluationPeriods":1,"Threshold":1,
             "ComparisonOperator":"GreaterThanThreshold"}""");
    MockHttpServletResponse described =
        send(
            key,
            "eu-central-1",
            "application/x-amz-json-1.0",
            "GraniteServiceVersion20100801.DescribeAlarms",
            "{}");

    assertThat(put.getStatus()).as(put.getContentAsString()).isEqualTo(200);
    assertThat(put.getContentType()).isEqualTo("application/x-amz-json-1.0");
    assertThat(put.getContentAsString()).isEqualTo("{}");
    assertThat(described.getContentAsString())
        .contains(
            "\"AlarmArn\":\"arn:aws:cloudwatch:eu-central-1:"
                + key.accountId()
                + ":alarm:signed\"");
  }

  /** The audit trail records the facade's changes as it does /v1's, and not its reads. */
  @Test
  void aChangeIsAuditedWithItsOperationAndAReadIsNot() throws Exception {
    Key key = key("cw-filter-audit");
    send(
        key,
        "us-east-1",
        "application/x-amz-json-1.0",
        "GraniteServiceVersion20100801.PutMetricAlarm",
        """
        {"AlarmName":"audited","Namespace":"App","MetricName":"Errors","Statistic":"Sum",
         "Period":60,"EvaluationPeriods":1,"Threshold":1,
         "ComparisonOperator":"GreaterThanThreshold"}""");
    send(
        key,
        "us-east-1",
        "application/x-amz-json-1.0",
        "GraniteServiceVersion20100801.DescribeAlarms",
        "{}");
    send(
        key,
        "us-east-1",
        "application/x-amz-json-1.0",
        "GraniteServiceVersion20100801.DeleteAlarms",
        "{\"AlarmNames\":[\"none\"]}");

    JsonNode items =
        get("/v1/audit?accountId=" + key.accountId(), OPERATOR).expect(200).body().get("items");
    List<String> paths = new ArrayList<>();
    items.forEach(
        item -> paths.add(item.get("path").stringValue() + " " + item.get("status").intValue()));
    assertThat(paths).containsExactlyInAnyOrder("/#PutMetricAlarm 200", "/#DeleteAlarms 404");
  }

  @Test
  void errorsAreWrittenInTheCallersProtocol() throws Exception {
    Key key = key("cw-filter-errors");

    MockHttpServletResponse json =
        send(
            key,
            "us-east-1",
            "application/x-amz-json-1.0",
            "GraniteServiceVersion20100801.DeleteAlarms",
            "{\"AlarmNames\":[\"none\"]}");
    MockHttpServletResponse query =
        send(
            key,
            "us-east-1",
            "application/x-www-form-urlencoded",
            null,
            "Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=none");
    MockHttpServletResponse described =
        send(
            key,
            "us-east-1",
            "application/x-www-form-urlencoded",
            null,
            "Action=DescribeAlarms&Version=2010-08-01");

    assertThat(json.getStatus()).isEqualTo(404);
    assertThat(json.getContentType()).isEqualTo("application/x-amz-json-1.0");
    assertThat(json.getContentAsString()).startsWith("{\"__type\":\"ResourceNotFound\"");
    assertThat(json.getHeader("x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
    assertThat(query.getStatus()).isEqualTo(404);
    assertThat(query.getContentAsString())
        .startsWith("<ErrorResponse><Error><Type>Sender</Type><Code>ResourceNotFound</Code>");
    assertThat(described.getStatus()).isEqualTo(200);
    assertThat(described.getContentAsString())
        .startsWith(
            "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">")
        .contains("<RequestId>" + described.getHeader("x-amzn-RequestId") + "</RequestId>");
  }

  @Test
  void aSignedCborCallIsAnsweredInCbor() throws Exception {
    Key key = key("cw-filter-cbor");

    MockHttpServletResponse response =
        send(
            key,
            "us-east-1",
            "/service/GraniteServiceVersion20100801/operation/DeleteAlarms",
            "application/cbor",
            null,
            HexFormat.of().parseHex("a16a416c61726d4e616d657381646e6f7065")); // ["nope"]

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo("application/cbor");
    assertThat(response.getHeader("smithy-protocol")).isEqualTo("rpc-v2-cbor");
    assertThat(response.getHeader("x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
    assertThat(HexFormat.of().formatHex(response.getContentAsByteArray()))
        .startsWith(
            "a2665f5f74797065705265736f757263654e6f74466f756e64"); // {"__type": "ResourceNotFound"
  }

  private MockHttpServletResponse send(
      Key key, String region, String contentType, String target, String body) throws Exception {
    return send(key, region, "/", contentType, target, body.getBytes(StandardCharsets.UTF_8));
  }

  private MockHttpServletResponse send(
      Key key, String region, String path, String contentType, String target, byte[] payload)
      throws Exception {
    return mvc.perform(
            AwsTestSigner.post(
                key.id(),
                key.secret(),
                TestAdminApplication.NOW,
                AWS_PORT,
                "monitoring",
                region,
                path,
                contentType,
                target,
                payload))
        .andReturn()
        .getResponse();
  }
}
