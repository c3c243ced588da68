package io.isthmus.admin.healthchecks;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.admin.TestAdminApplication.MetricPut;
import io.isthmus.admin.TestAdminApplication.RecordingMetricSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MetricsTest extends ApiTestSupport {
  private static final String METRICS = "/v1/metrics";
  private static final Instant NOW = TestAdminApplication.NOW;

  @Autowired RecordingMetricSink sink;

  /** What reached the sink for the account; the sink is shared by every test. */
  private List<MetricPut> puts(Acct acct) {
    return sink.puts.stream().filter(put -> put.accountId().equals(acct.id())).toList();
  }

  @Test
  void pointsReachTheSinkAsTheCallersWithTheirTimes() {
    Acct acct = account("metrics-happy");
    double epochSeconds = NOW.minusSeconds(90).toEpochMilli() / 1000.0;

    post(
            METRICS,
            acct.token(),
            """
            {"namespace":"App/Web","metricName":"Latency","dimensions":{"Host":"web-1"},
             "points":[{"timestamp":"2025-03-01T11:59:00Z","value":0.25},
                       {"timestamp":%s,"value":-3},
                       {"timestamp":"2025-03-01T13:04:00+01:00","value":1e300},
                       {"value":7}]}
            """
                .formatted(epochSeconds))
        .expect(204);

    assertThat(puts(acct))
        .containsExactly(
            new MetricPut(
                acct.id(),
                "App/Web",
                "Latency",
                Map.of("Host", "web-1"),
                List.of(
                    new MetricPoint(Instant.parse("2025-03-01T11:59:00Z"), 0.25),
                    new MetricPoint(NOW.minusSeconds(90), -3),
                    new MetricPoint(Instant.parse("2025-03-01T12:04:00Z"), 1e300),
                    new MetricPoint(NOW, 7))));
  }

  @Test
  void theRetentionAndTheClockSkewAreInclusive() {
    Acct acct = account("metrics-edges");
    String body =
        "{\"namespace\":\"N\",\"metricName\":\"M\",\"points\":[{\"timestamp\":\"%s\",\"value\":1},"
            + "{\"timestamp\":\"%s\",\"value\":2}]}";
    Instant oldest = NOW.minus(Duration.ofHours(24));
    Instant latest = NOW.plus(Duration.ofMinutes(5));

    post(METRICS, acct.token(), body.formatted(oldest, latest)).expect(204);

    assertThat(puts(acct)).hasSize(1);
    assertThat(puts(acct).get(0).dimensions()).isEmpty();
    assertThat(puts(acct).get(0).points())
        .containsExactly(new MetricPoint(oldest, 1), new MetricPoint(latest, 2));
  }

  @Test
  void everyProblemIsListedAtOnceAndNothingReachesTheSink() {
    Acct acct = account("metrics-sloppy");
    String dimensions =
        IntStream.range(0, 31)
            .mapToObj(i -> "\"d" + i + "\":\"v\"")
            .collect(Collectors.joining(",", "{", "}"));
    Instant tooNew = NOW.plus(Duration.ofMinutes(5)).plusMillis(1);
    long tooOld = NOW.minus(Duration.ofHours(24)).getEpochSecond() - 1;

    Reply reply =
        post(
                METRICS,
                acct.token(),
                """
                {"namespace":"","dimensions":%s,
                 "points":[{"value":"NaN"},{"value":1e999},{"timestamp":"%s","value":1},
                           {"timestamp":%d,"value":1},{"timestamp":"yesterday","value":1},
                           "x",{"timestamp":%d},{"value":"1.5"},{"value":null}]}
                """
                    .formatted(dimensions, tooNew, tooOld, NOW.toEpochMilli()))
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly(
            "points[0].value",
            "points[1].value",
            "points[4].timestamp",
            "points[5]",
            "points[7].value",
            "namespace",
            "metricName",
            "dimensions",
            "points[2].timestamp",
            "points[3].timestamp",
            "points[6].value",
            "points[6].timestamp",
            "points[8].value");
    assertThat(reply.text("/errors/0/message")).isEqualTo("must be a number");
    assertThat(reply.text("/errors/1/message")).startsWith("must be a finite number");
    assertThat(reply.text("/errors/6/message")).isEqualTo("metricName is required");
    assertThat(reply.text("/errors/7/message")).isEqualTo("at most 30 dimensions");
    assertThat(reply.text("/errors/8/message")).contains("more than 5 minutes ahead");
    assertThat(reply.text("/errors/9/message")).contains("older than 24 hours");
    // Milliseconds where seconds belong land far in the future.
    assertThat(reply.text("/errors/11/message")).contains("ahead");
    assertThat(puts(acct)).isEmpty();
  }

  @Test
  void namesAndDimensionsHaveCloudWatchsLimits() {
    Acct acct = account("metrics-names");
    String long256 = "x".repeat(256);

    Reply reply =
        post(
                METRICS,
                acct.token(),
                """
                {"namespace":"%s","metricName":"é","dimensions":{"%s":"v","k":"","ok":7},
                 "points":[{"value":1}]}
                """
                    .formatted(long256, long256))
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly("dimensions.ok", "namespace", "dimensions", "dimensions.k");
    assertThat(puts(acct)).isEmpty();
  }

  @Test
  void pointsMustNumberOneToAThousand() {
    Acct acct = account("metrics-count");
    String many =
        IntStream.range(0, 1001)
            .mapToObj(i -> "{\"value\":" + i + "}")
            .collect(Collectors.joining(",", "[", "]"));

    Reply tooMany =
        post(
                METRICS,
                acct.token(),
                "{\"namespace\":\"N\",\"metricName\":\"M\",\"points\":" + many + "}")
            .problem(400, "InvalidInput");
    assertThat(tooMany.errorFields()).containsExactly("points");
    Reply none =
        post(METRICS, acct.token(), "{\"namespace\":\"N\",\"metricName\":\"M\",\"points\":[]}")
            .problem(400, "InvalidInput");
    assertThat(none.errorFields()).containsExactly("points");
    Reply absent =
        post(METRICS, acct.token(), "{\"namespace\":\"N\",\"metricName\":\"M\"}")
            .problem(400, "InvalidInput");
    assertThat(absent.text("/errors/0/message")).isEqualTo("points is required");
    Reply notArray =
        post(METRICS, acct.token(), "{\"namespace\":\"N\",\"metricName\":\"M\",\"points\":{}}")
            .problem(400, "InvalidInput");
    assertThat(notArray.errorFields()).containsExactly("points");
    assertThat(puts(acct)).isEmpty();
  }

  @Test
  void aNanLiteralIsRefusedAsInvalidInput() {
    Acct acct = account("metrics-nan");
    post(
            METRICS,
            acct.token(),
            "{\"namespace\":\"N\",\"metricName\":\"M\",\"points\":[{\"value\":NaN}]}")
        .problem(400, "InvalidInput");
    assertThat(puts(acct)).isEmpty();
  }

  @Test
  void theOperatorOwnsNoMetrics() {
    post(METRICS, OPERATOR, "{\"namespace\":\"N\",\"metricName\":\"M\",\"points\":[{\"value\":1}]}")
        .problem(403, "AccessDenied");
    post(METRICS, null, "{}").expect(401);
  }

  @Test
  void aFullMetricStoreIsLimitExceeded() {
    Acct acct = account("metrics-full");
    Reply reply =
        post(
                METRICS,
                acct.token(),
                "{\"namespace\":\"N\",\"metricName\":\"%s\",\"points\":[{\"value\":1}]}"
                    .formatted(RecordingMetricSink.FULL_METRIC))
            .problem(400, "LimitExceeded");
    assertThat(reply.text("/detail")).isEqualTo("at most 3 metrics per account");
    assertThat(reply.body().get("errors")).isEmpty();
  }
}
