package io.isthmus.admin.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsOperationsTest {
  private static final byte[] NONE = new byte[0];

  @Test
  void theOperationComesFromTheTargetTheRpcPathTheFormOrTheQuery() {
    assertThat(
            AwsOperations.of(
                "/",
                "GraniteServiceVersion20100801.PutMetricAlarm",
                "application/x-amz-json-1.0",
                null,
                NONE))
        .isEqualTo("PutMetricAlarm");
    assertThat(
            AwsOperations.of(
                "/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
                null,
                "application/cbor",
                null,
                NONE))
        .isEqualTo("DescribeAlarms");
    assertThat(
            AwsOperations.of(
                "/",
                null,
                "application/x-www-form-urlencoded; charset=utf-8",
                "Action=Ignored",
                "Action=CreateVpc&Version=2016-11-15".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("CreateVpc");
    assertThat(AwsOperations.of("/", null, null, "Action=GetCallerIdentity", NONE))
        .isEqualTo("GetCallerIdentity");
    assertThat(AwsOperations.of("/2013-04-01/hostedzone", null, "text/xml", null, NONE)).isNull();
  }

  @Test
  void ramsRestPathsNameTheirOperationSoThatItsReadsAreNotAudited() {
    String create = AwsOperations.of("/createresourceshare", null, "application/json", null, NONE);
    String list = AwsOperations.of("/getresourceshares", null, "application/json", null, NONE);
    String delete =
        AwsOperations.of("/deleteresourceshare", null, null, "resourceShareArn=arn", NONE);

    assertThat(create).isEqualTo("CreateResourceShare");
    assertThat(list).isEqualTo("GetResourceShares");
    assertThat(delete).isEqualTo("DeleteResourceShare");
    assertThat(AwsOperations.audited("POST", create, 200)).isTrue();
    assertThat(AwsOperations.audited("POST", list, 200)).isFalse();
    assertThat(AwsOperations.audited("DELETE", delete, 400)).isTrue();
  }

  @Test
  void changesAreAuditedAndReadsOrDataOnlyWhenDeniedAndA429Never() {
    assertThat(AwsOperations.audited("POST", null, 400)).isTrue();
    assertThat(AwsOperations.audited("DELETE", null, 200)).isTrue();
    assertThat(AwsOperations.audited("GET", null, 200)).isFalse();
    assertThat(AwsOperations.audited("GET", null, 404)).isFalse();
    assertThat(AwsOperations.audited("GET", null, 403)).isTrue();
    assertThat(AwsOperations.audited("POST", "CreateVpc", 200)).isTrue();
    assertThat(AwsOperations.audited("POST", "DescribeVpcs", 200)).isFalse();
    assertThat(AwsOperations.audited("POST", "ListHostedZones", 200)).isFalse();
    assertThat(AwsOperations.audited("POST", "GetCallerIdentity", 200)).isFalse();
    assertThat(AwsOperations.audited("POST", "PutMetricData", 200)).isFalse();
    assertThat(AwsOperations.audited("POST", "PutMetricData", 401)).isTrue();
    assertThat(AwsOperations.audited("POST", "CreateVpc", 429)).isFalse();
  }
}
