package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.aws.AwsError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests that are not CloudWatch calls: 400s in the shape of the protocol they came in. */
class CloudWatchProtocolTest extends CloudWatchTestSupport {

  private CloudWatchApi.Answer raw(Acct acct, String contentType, String target, String body) {
    return cloudWatch.handle(
        caller(acct),
        REGION,
        new CloudWatchApi.Call(
            "/", contentType, target, null, body.getBytes(StandardCharsets.UTF_8)),
        REQUEST_ID);
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsASerializationErrorInJson() {
    Acct acct = account("cw-bad-json");

    AwsError notJson =
        jsonError(raw(acct, JSON_TYPE, TARGET + "PutMetricAlarm", "{\"AlarmName\":"));
    AwsError array = jsonError(raw(acct, JSON_TYPE, TARGET + "PutMetricAlarm", "[]"));

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.code()).isEqualTo("SerializationException");
    assertThat(array.code()).isEqualTo("SerializationException");
    assertThat(alarmNames(acct, REGION)).isEmpty();
  }

  @Test
  void aWronglyTypedValueIsAnInvalidParameterValue() {
    Acct acct = account("cw-bad-types");

    AwsError error =
        jsonError(
            json(
                acct,
                "PutMetricAlarm",
                alarm("typed", 1).replace("\"Period\":60", "\"Period\":\"60\"")));

    assertThat(error.code()).isEqualTo("InvalidParameterValue");
    assertThat(error.message()).contains("Period must be a whole number");
    assertThat(alarmNames(acct, REGION)).isEmpty();
  }

  @Test
  void aMalformedFormIsA400InXml() {
    Acct acct = account("cw-bad-form");

    AwsError escape =
        queryError(form(acct, REGION, "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=%zz"));
    AwsError shape =
        queryError(
            query(
                acct,
                "PutMetricAlarm",
                "AlarmName=x&Dimensions=flat&Dimensions.member.1.Name=Host"));
    AwsError noAction = queryError(form(acct, REGION, "Version=2010-08-01"));

    assertThat(escape.status()).isEqualTo(400);
    assertThat(escape.code()).isEqualTo("MalformedQueryString");
    assertThat(shape.code()).isEqualTo("InvalidParameterValue");
    assertThat(shape.message()).contains("Dimensions");
    assertThat(noAction.code()).isEqualTo("MissingAction");
    assertThat(alarmNames(acct, REGION)).isEmpty();
  }

  @Test
  void unknownOperationsTargetsAndVersionsAreInvalidAction() {
    Acct acct = account("cw-unknown");

    AwsError unknownJson = jsonError(json(acct, "GetMetricData", "{}"));
    AwsError noTarget = jsonError(raw(acct, JSON_TYPE, null, "{}"));
    AwsError unknownQuery = queryError(query(acct, "Explode", ""));
    AwsError oldVersion =
        queryError(form(acct, REGION, "Action=DescribeAlarms&Version=2009-05-15"));

    assertThat(unknownJson.status()).isEqualTo(400);
    assertThat(unknownJson.code()).isEqualTo("InvalidAction");
    assertThat(unknownJson.message()).contains("GetMetricData");
    assertThat(noTarget.code()).isEqualTo("InvalidAction");
    assertThat(unknownQuery.code()).isEqualTo("InvalidAction");
    assertThat(oldVersion.code()).isEqualTo("InvalidAction");
    assertThat(oldVersion.message()).contains("2009-05-15");
  }

  @Test
  void aQueryCallMayComeAsAGetWithItsParametersInTheUrl() {
    Acct acct = account("cw-get");
    done(json(acct, "PutMetricAlarm", alarm("by-get", 1)));

    CloudWatchApi.Answer answer =
        cloudWatch.handle(
            caller(acct),
            REGION,
            new CloudWatchApi.Call(
                "/", null, null, "Action=DescribeAlarms&Version=2010-08-01", new byte[0]),
            REQUEST_ID);

    assertThat(texts(xmlBody(answer), "//MetricAlarms/member/AlarmName")).containsExactly("by-get");
  }
}
