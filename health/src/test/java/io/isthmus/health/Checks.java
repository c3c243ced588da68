package io.isthmus.health;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import java.util.List;
import java.util.Map;

/** Health checks for tests, with the API's defaults unless a test says otherwise. */
public final class Checks {
  public static final String ACCOUNT = "111111111111";

  private Checks() {}

  public static MetricAlarm alarm(
      Statistic statistic, int period, int n, int m, Comparison comparison, double threshold) {
    return new MetricAlarm(
        "App", "Latency", Map.of("Service", "web"), statistic, period, n, m, comparison, threshold);
  }

  public static HealthCheck metric(String id, MetricAlarm alarm) {
    return metric(id, alarm, InsufficientData.LAST_KNOWN_STATUS, false, false);
  }

  public static HealthCheck metric(
      String id,
      MetricAlarm alarm,
      InsufficientData insufficient,
      boolean inverted,
      boolean disabled) {
    return new HealthCheck(
        id,
        ACCOUNT,
        HealthCheck.Type.METRIC,
        alarm,
        null,
        null,
        null,
        HealthCheck.DEFAULT_INTERVAL_SECONDS,
        HealthCheck.DEFAULT_FAILURE_THRESHOLD,
        insufficient,
        inverted,
        disabled);
  }

  public static HealthCheck tcp(
      String id, String ip, int port, int interval, int failureThreshold) {
    return new HealthCheck(
        id,
        ACCOUNT,
        HealthCheck.Type.TCP,
        null,
        new HealthCheck.TcpTarget(ip, port),
        null,
        null,
        interval,
        failureThreshold,
        InsufficientData.LAST_KNOWN_STATUS,
        false,
        false);
  }

  public static HealthCheck http(String id, String url, String search, int failureThreshold) {
    return new HealthCheck(
        id,
        ACCOUNT,
        url.startsWith("https:") ? HealthCheck.Type.HTTPS : HealthCheck.Type.HTTP,
        null,
        null,
        new HealthCheck.HttpTarget(url, search),
        null,
        HealthCheck.DEFAULT_INTERVAL_SECONDS,
        failureThreshold,
        InsufficientData.LAST_KNOWN_STATUS,
        false,
        false);
  }

  public static HealthCheck calculated(String id, int threshold, String... children) {
    return new HealthCheck(
        id,
        ACCOUNT,
        HealthCheck.Type.CALCULATED,
        null,
        null,
        null,
        new HealthCheck.Calculated(List.of(children), threshold),
        HealthCheck.DEFAULT_INTERVAL_SECONDS,
        HealthCheck.DEFAULT_FAILURE_THRESHOLD,
        InsufficientData.LAST_KNOWN_STATUS,
        false,
        false);
  }

  public static HealthCheck withModifiers(HealthCheck check, boolean inverted, boolean disabled) {
    return new HealthCheck(
        check.id(),
        check.accountId(),
        check.type(),
        check.metric(),
        check.tcp(),
        check.http(),
        check.calculated(),
        check.intervalSeconds(),
        check.failureThreshold(),
        check.insufficientDataHealthStatus(),
        inverted,
        disabled);
  }
}
