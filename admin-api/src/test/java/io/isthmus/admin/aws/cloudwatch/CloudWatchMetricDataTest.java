package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.TestAdminApplication.MetricPut;
import io.isthmus.admin.TestAdminApplication.RecordingMetricSink;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.healthchecks.MetricPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** PutMetricData over both protocols: into the metric service, all or nothing. */
class CloudWatchMetricDataTest extends CloudWatchTestSupport {
  @Autowired RecordingMetricSink sink;

  private List<MetricPut> putsOf(Acct acct) {
    return sink.puts.stream().filter(put -> put.accountId().equals(acct.id())).toList();
  }

  @Test
  void everyItemOverJsonReachesTheMetricServiceWithItsValuesCounted() {
    Acct acct = account("cw-data-json");
    String body =
        """
        {"Namespace":"App","MetricData":[
          {"MetricName":"Latency","Dimensions":[{"Name":"Service","Value":"web"}],
           "Timestamp":1740830100.5,"Value":1.5,"Unit":"Seconds"},
          {"MetricName":"Requests","Timestamp":"2025-03-01T11:56:00Z",
           "Values":[1,2],"Counts":[2,1]}]}""";

    assertThat(jsonBody(json(acct, "PutMetricData", body)).isEmpty()).isTrue();

    Instant at = Instant.parse("2025-03-01T11:56:00Z");
    assertThat(putsOf(acct))
        .containsExactly(
            new MetricPut(
                acct.id(),
                "App",
                "Latency",
                Map.of("Service", "web"),
                List.of(new MetricPoint(Instant.ofEpochMilli(1_740_830_100_500L), 1.5))),
            new MetricPut(
                acct.id(),
                "App",
                "Requests",
                Map.of(),
                List.of(new MetricPoint(at, 1), new MetricPoint(at, 1), new MetricPoint(at, 2))));
  }

  @Test
  void theQueryProtocolsFlattenedItemsReachItToo() {
    Acct acct = account("cw-data-query");
    String parameters =
        "Namespace=App&MetricData.member.1.MetricName=Queue"
            + "&MetricData.member.1.Dimensions.member.1.Name=Name"
            + "&MetricData.member.1.Dimensions.member.1.Value=jobs"
            + "&MetricData.member.1.Timestamp=2025-03-01T11%3A59%3A00Z"
            + "&MetricData.member.1.Value=42";

    assertThat(texts(xmlBody(query(acct, "PutMetricData", parameters)), "//RequestId"))
        .containsExactly(REQUEST_ID);

    assertThat(putsOf(acct))
        .containsExactly(
            new MetricPut(
                acct.id(),
                "App",
                "Queue",
                Map.of("Name", "jobs"),
                List.of(new MetricPoint(Instant.parse("2025-03-01T11:59:00Z"), 42))));
  }

  @Test
  void everyProblemOfEveryItemIsListedAndNothingIsPut() {
    Acct acct = account("cw-data-wrong");
    String body =
        """
        {"MetricData":[
          {"Value":1},
          {"MetricName":"Stats","StatisticValues":{"SampleCount":1,"Sum":1,"Minimum":1,"Maximum":1}},
          {"MetricName":"Both","Value":1,"Values":[1]},
          {"MetricName":"Future","Value":1,"Timestamp":"2025-03-01T13:00:00Z"},
          {"MetricName":"Twice","Value":1,
           "Dimensions":[{"Name":"A","Value":"1"},{"Name":"A","Value":"2"}]},
          {"MetricName":"Uneven","Values":[1,2],"Counts":[1]},
          {"MetricName":"Fine","Value":1}]}""";

    AwsError error = jsonError(json(acct, "PutMetricData", body));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("InvalidParameterValue");
    assertThat(error.message())
        .contains("The parameter Namespace is required.")
        .contains("MetricData[0].MetricName is required")
        .contains("MetricData[1].StatisticValues is not supported")
        .contains("MetricData[2].Values cannot be given with Value")
        .contains("MetricData[3].Timestamp is more than 5 minutes ahead")
        .contains("MetricData[4].Dimensions names the dimension A twice")
        .contains("MetricData[5].Counts")
        .doesNotContain("MetricData[6]");
    assertThat(putsOf(acct)).isEmpty();
  }

  @Test
  void onlyMissingParametersAreMissingParameterAndNamedTheQueryWay() {
    Acct acct = account("cw-data-missing");

    AwsError error =
        queryError(query(acct, "PutMetricData", "MetricData.member.1.MetricName=NoValue"));

    assertThat(error.code()).isEqualTo("MissingParameter");
    assertThat(error.message())
        .contains("The parameter Namespace is required.")
        .contains("The parameter MetricData.member.1.Value is required.");
    assertThat(queryError(query(acct, "PutMetricData", "Namespace=App")).message())
        .contains("MetricData is required");
    assertThat(
            queryError(
                    query(
                        acct,
                        "PutMetricData",
                        "Namespace=App&MetricData.member.1.MetricName=M"
                            + "&MetricData.member.1.Value=NaN"))
                .code())
        .isEqualTo("InvalidParameterValue");
    assertThat(putsOf(acct)).isEmpty();
  }

  @Test
  void aFullMetricStoreIsLimitExceeded() {
    Acct acct = account("cw-data-full");
    String body =
        "{\"Namespace\":\"App\",\"MetricData\":[{\"MetricName\":\""
            + RecordingMetricSink.FULL_METRIC
            + "\",\"Value\":1}]}";

    AwsError error = jsonError(json(acct, "PutMetricData", body));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("LimitExceeded");
  }
}
