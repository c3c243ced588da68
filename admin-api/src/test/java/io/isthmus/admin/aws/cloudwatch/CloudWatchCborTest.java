package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.admin.TestAdminApplication.MetricPut;
import io.isthmus.admin.TestAdminApplication.RecordingMetricSink;
import io.isthmus.admin.healthchecks.MetricPoint;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * CloudWatch in Smithy RPC v2 CBOR, as botocore 1.43 sends it: the request bodies below are what
 * its serializer wrote for these calls, byte for byte.
 */
class CloudWatchCborTest extends CloudWatchTestSupport {
  private static final String PATH = "/service/GraniteServiceVersion20100801/operation/";

  /**
   * PutMetricData of App/Errors{Service=web}: 10 at 2025-03-01T11:59:30Z, then Values [7, 8] with
   * Counts [1, 2] a minute earlier (timestamps as tag 1 over whole seconds).
   */
  private static final String PUT_METRIC_DATA =
      "a2694e616d657370616365634170706a4d65747269634461746182a56a4d65747269634e616d65664572726f72"
          + "736a44696d656e73696f6e7381a2644e616d6567536572766963656556616c7565637765626954696d6573"
          + "74616d70c11a67c2f6a26556616c7565fb402400000000000064556e697465436f756e74a56a4d65747269"
          + "634e616d65664572726f72736a44696d656e73696f6e7381a2644e616d6567536572766963656556616c75"
          + "65637765626954696d657374616d70c11a67c2f6666656616c75657382fb401c000000000000fb40200000"
          + "0000000066436f756e747382fb3ff0000000000000fb4000000000000000";

  /** PutMetricAlarm "errors-high": Sum of App/Errors{Service=web} > 5 for 2 of 2 minutes. */
  private static final String PUT_METRIC_ALARM =
      "ae69416c61726d4e616d656b6572726f72732d6869676870416c61726d4465736372697074696f6e65612026"
          + "2062694e616d657370616365634170706a4d65747269634e616d65664572726f72736a44696d656e73696f"
          + "6e7381a2644e616d6567536572766963656556616c756563776562695374617469737469636353756d6650"
          + "6572696f64183c714576616c756174696f6e506572696f647302695468726573686f6c64fb401400000000"
          + "000072436f6d70617269736f6e4f70657261746f7274477265617465725468616e5468726573686f6c646c"
          + "416c61726d416374696f6e7381781961726e3a6177733a736e733a75732d656173742d313a313a746e4163"
          + "74696f6e73456e61626c6564f57054726561744d697373696e67446174616c6e6f74427265616368696e67"
          + "64556e697465436f756e74";

  /** DescribeAlarms without parameters: an empty map. */
  private static final String DESCRIBE_ALARMS = "a0";

  @Autowired RecordingMetricSink sink;

  private CloudWatchApi.Answer.Done cbor(Acct acct, String operation, String hex) {
    return done(
        cloudWatch.handle(
            caller(acct),
            REGION,
            new CloudWatchApi.Call(
                PATH + operation, "application/cbor", null, null, HexFormat.of().parseHex(hex)),
            REQUEST_ID));
  }

  private static JsonNode decoded(CloudWatchApi.Answer.Done done) throws Exception {
    assertThat(done.contentType()).isEqualTo("application/cbor");
    assertThat(done.headers()).containsEntry("smithy-protocol", "rpc-v2-cbor");
    return Cbor.read(done.body());
  }

  @Test
  void botocoresCallsArePutAndDescribed() throws Exception {
    Acct acct = account("cw-cbor");

    CloudWatchApi.Answer.Done data = cbor(acct, "PutMetricData", PUT_METRIC_DATA);
    CloudWatchApi.Answer.Done alarm = cbor(acct, "PutMetricAlarm", PUT_METRIC_ALARM);
    CloudWatchApi.Answer.Done described = cbor(acct, "DescribeAlarms", DESCRIBE_ALARMS);

    assertThat(data.status()).isEqualTo(200);
    assertThat(decoded(data).isEmpty()).isTrue();
    Instant at = Instant.parse("2025-03-01T11:59:30Z");
    Instant before = at.minusSeconds(60);
    assertThat(sink.puts.stream().filter(put -> put.accountId().equals(acct.id())))
        .containsExactly(
            new MetricPut(
                acct.id(),
                "App",
                "Errors",
                Map.of("Service", "web"),
                List.of(new MetricPoint(at, 10))),
            new MetricPut(
                acct.id(),
                "App",
                "Errors",
                Map.of("Service", "web"),
                List.of(
                    new MetricPoint(before, 7),
                    new MetricPoint(before, 8),
                    new MetricPoint(before, 8))));
    assertThat(alarm.status()).isEqualTo(200);
    JsonNode alarms = decoded(described).get("MetricAlarms");
    assertThat(alarms.size()).isEqualTo(1);
    assertThat(alarms.get(0).get("AlarmName").stringValue()).isEqualTo("errors-high");
    assertThat(alarms.get(0).get("AlarmDescription").stringValue()).isEqualTo("a & b");
    assertThat(alarms.get(0).get("TreatMissingData").stringValue()).isEqualTo("notBreaching");
    assertThat(alarms.get(0).get("StateValue").stringValue()).isEqualTo("ALARM");
    assertThat(alarms.get(0).get("Threshold").doubleValue()).isEqualTo(5.0);
    // Times are tag 1 (0xc1) over a double (0xfb) of seconds since the epoch.
    assertThat(HexFormat.of().formatHex(described.body()))
        .contains(
            HexFormat.of().formatHex("AlarmConfigurationUpdatedTimestamp".getBytes())
                + "c1fb"
                + Long.toHexString(Double.doubleToLongBits(1_740_830_400.123)));
  }

  @Test
  void errorsAreCborMapsWithTheQueryCodeInAHeader() throws Exception {
    Acct acct = account("cw-cbor-errors");

    CloudWatchApi.Answer.Done missing =
        cbor(acct, "DeleteAlarms", "a16a416c61726d4e616d657381646e6f7065"); // ["nope"]
    CloudWatchApi.Answer.Done malformed = cbor(acct, "DescribeAlarms", "a26f416c61726d");
    CloudWatchApi.Answer.Done unserved = cbor(acct, "ListMetrics", DESCRIBE_ALARMS);

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.headers()).containsEntry("x-amzn-query-error", "ResourceNotFound;Sender");
    assertThat(decoded(missing).get("__type").stringValue()).isEqualTo("ResourceNotFound");
    assertThat(decoded(missing).get("message").stringValue()).contains("nope");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(decoded(malformed).get("__type").stringValue()).isEqualTo("SerializationException");
    assertThat(unserved.status()).isEqualTo(400);
    assertThat(decoded(unserved).get("__type").stringValue()).isEqualTo("InvalidAction");
    assertThat(alarmNames(acct, REGION)).isEmpty();
  }

  @Test
  void theCodecReadsRfc8949sExamples() throws Exception {
    // RFC 8949 appendix A.
    assertThat(read("f93c00").doubleValue()).isEqualTo(1.0);
    assertThat(read("f97bff").doubleValue()).isEqualTo(65504.0);
    assertThat(read("f90001").doubleValue()).isEqualTo(5.960464477539063e-8);
    assertThat(read("fa47c35000").doubleValue()).isEqualTo(100000.0);
    assertThat(read("fb3ff199999999999a").doubleValue()).isEqualTo(1.1);
    assertThat(read("3903e7").longValue()).isEqualTo(-1000);
    assertThat(read("1bffffffffffffffff").bigIntegerValue().toString())
        .isEqualTo("18446744073709551615");
    assertThat(read("c11a514b67b0").longValue()).isEqualTo(1363896240);
    assertThat(read("7f657374726561646d696e67ff").stringValue()).isEqualTo("streaming");
    assertThat(read("62c3bc").stringValue()).isEqualTo("ü");
    assertThat(read("9f018202039f0405ffff").toString()).isEqualTo("[1,[2,3],[4,5]]");
    assertThat(read("bf6346756ef563416d7421ff").toString()).isEqualTo("{\"Fun\":true,\"Amt\":-2}");
    assertThat(read("f6").isNull()).isTrue();
  }

  @Test
  void theCodecRefusesWhatIsNotOneWellFormedItem() {
    for (String hex : List.of("", "a1", "62c3", "a10102", "0000", "1c", "ff", "62c328")) {
      assertThatThrownBy(() -> read(hex)).as(hex).isInstanceOf(Cbor.MalformedException.class);
    }
  }

  @Test
  void theCodecWritesTheShortestHeads() {
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("a", 23);
    output.put("b", 24);
    output.put("c", -1000);
    output.put("d", List.of(true, false));
    output.put("e", null);

    assertThat(HexFormat.of().formatHex(Cbor.write(output)))
        .isEqualTo("a4" + "6161" + "17" + "6162" + "1818" + "6163" + "3903e7" + "6164" + "82f5f4");
  }

  private static JsonNode read(String hex) throws Cbor.MalformedException {
    return Cbor.read(HexFormat.of().parseHex(hex));
  }
}
