package io.isthmus.admin.healthchecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/healthchecks/{id}/datapoints}: the series a METRIC check reads, from the test
 * application's metric history (the points pushed through {@code POST /v1/metrics}; its clock
 * stands at 2025-03-01T12:00:00.123Z).
 */
class HealthCheckDataPointsTest extends ApiTestSupport {
  private static final String CHECKS = "/v1/healthchecks";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String METRIC_CHECK =
      """
      {"type":"METRIC","metric":{"namespace":"App/Web","metricName":"Latency",
       "dimensions":{"Zone":"a","Host":"web-1"},"statistic":"Maximum","periodSeconds":60,
       "evaluationPeriods":3,"datapointsToAlarm":2,"comparison":"GreaterThanThreshold",
       "threshold":0.5}}
      """;

  private String createCheck(Acct owner, String body) {
    return post(CHECKS, owner.token(), body).expect(201).text("/id");
  }

  private void push(Acct owner, String metricName, String dimensions, String points) {
    post(
            "/v1/metrics",
            owner.token(),
            "{\"namespace\":\"App/Web\",\"metricName\":\"%s\",\"dimensions\":%s,\"points\":%s}"
                .formatted(metricName, dimensions, points))
        .expect(204);
  }

  @Test
  void aMetricCheckShowsItsAlarmAndThePointsOfItsOwnSeriesOldestFirst() {
    Acct owner = account("dp-owner");
    Acct other = account("dp-other");
    String id = createCheck(owner, METRIC_CHECK);
    String series = "{\"Host\":\"web-1\",\"Zone\":\"a\"}";
    // Pushed out of order: a late point comes second.
    push(
        owner,
        "Latency",
        series,
        "[{\"timestamp\":\"2025-03-01T11:59:00Z\",\"value\":0.75},"
            + "{\"timestamp\":\"2025-03-01T11:57:30.5Z\",\"value\":0.25}]");
    push(owner, "Latency", series, "[{\"timestamp\":\"2025-03-01T12:04:00Z\",\"value\":1e300}]");
    // Not the check's series: other dimensions, another metric, another account's same metric.
    push(owner, "Latency", "{\"Host\":\"web-2\",\"Zone\":\"a\"}", "[{\"value\":9}]");
    push(owner, "Errors", series, "[{\"value\":9}]");
    push(other, "Latency", series, "[{\"value\":9}]");

    JsonNode body = get(CHECKS + "/" + id + "/datapoints", owner.token()).expect(200).body();

    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                """
                {"metric":{"namespace":"App/Web","metricName":"Latency",
                 "dimensions":{"Host":"web-1","Zone":"a"},"statistic":"Maximum",
                 "periodSeconds":60,"evaluationPeriods":3,"datapointsToAlarm":2,
                 "comparison":"GreaterThanThreshold","threshold":0.5},
                 "points":[{"at":"2025-03-01T11:57:30.500Z","value":0.25},
                           {"at":"2025-03-01T11:59:00Z","value":0.75},
                           {"at":"2025-03-01T12:04:00Z","value":1e300}]}
                """));
    assertThat(body.get("metric").get("dimensions").propertyNames())
        .containsExactly("Host", "Zone");
  }

  @Test
  void theOperatorReadsTheOwnersSeriesAndAnotherAccountFindsNoCheck() {
    Acct owner = account("dp-visible");
    Acct stranger = account("dp-stranger");
    String id = createCheck(owner, METRIC_CHECK);
    push(owner, "Latency", "{\"Host\":\"web-1\",\"Zone\":\"a\"}", "[{\"value\":0.3}]");
    String path = CHECKS + "/" + id + "/datapoints";

    JsonNode asOperator = get(path, OPERATOR).expect(200).body();
    assertThat(asOperator.get("points").size()).isEqualTo(1);
    assertThat(asOperator.get("points").get(0).get("value").doubleValue()).isEqualTo(0.3);

    Reply hidden = get(path, stranger.token()).problem(404, "NoSuchHealthCheck");
    Reply missing =
        get(CHECKS + "/00000000-0000-4000-8000-000000000000/datapoints", stranger.token())
            .problem(404, "NoSuchHealthCheck");
    // The stranger cannot tell the owner's check from one that does not exist.
    assertThat(hidden.text("/detail").replace(id, "ID"))
        .isEqualTo(missing.text("/detail").replace("00000000-0000-4000-8000-000000000000", "ID"));
    get(path, null).expect(401);
  }

  @Test
  void aCheckWithoutPointsHasAnEmptySeries() {
    Acct owner = account("dp-empty");
    String id = createCheck(owner, METRIC_CHECK);

    JsonNode body = get(CHECKS + "/" + id + "/datapoints", owner.token()).expect(200).body();

    assertThat(body.get("points").isArray()).isTrue();
    assertThat(body.get("points").size()).isZero();
    assertThat(body.at("/metric/threshold").doubleValue()).isEqualTo(0.5);
  }

  @Test
  void aCheckOfAnotherTypeReadsNoMetricAndSaysSo() {
    Acct owner = account("dp-tcp");
    String id =
        createCheck(owner, "{\"type\":\"TCP\",\"tcp\":{\"ip\":\"10.0.0.5\",\"port\":5432}}");

    Reply refused =
        get(CHECKS + "/" + id + "/datapoints", owner.token()).problem(400, "InvalidRequest");

    assertThat(refused.text("/detail")).contains("TCP check", "only METRIC checks");
    get(CHECKS + "/" + id + "/datapoints", OPERATOR).problem(400, "InvalidRequest");
  }
}
