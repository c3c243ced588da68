package io.isthmus.admin.healthchecks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Calculated;
import io.isthmus.config.HealthCheck.HttpTarget;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.TcpTarget;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A health check as JSON: {@code {"id","accountId","type","metric"|"tcp"|"http"|"calculated",
 * "intervalSeconds","failureThreshold","insufficientDataHealthStatus","inverted","disabled"}}, with
 * only the part of its type, every default filled in, and enums as their API labels ("Average").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthCheckJson(
    String id,
    String accountId,
    String type,
    MetricJson metric,
    TcpJson tcp,
    HttpJson http,
    CalculatedJson calculated,
    int intervalSeconds,
    int failureThreshold,
    String insufficientDataHealthStatus,
    boolean inverted,
    boolean disabled) {

  /** Dimensions in key order, so that equal checks print alike. */
  record MetricJson(
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      String statistic,
      int periodSeconds,
      int evaluationPeriods,
      int datapointsToAlarm,
      String comparison,
      double threshold) {}

  record TcpJson(String ip, int port) {}

  /** {@code searchString} is left out when the body is not searched. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HttpJson(String url, String searchString) {}

  record CalculatedJson(List<String> childHealthChecks, int healthThreshold) {}

  static HealthCheckJson of(HealthCheck check) {
    return new HealthCheckJson(
        check.id(),
        check.accountId(),
        check.type().name(),
        metric(check.metric()),
        tcp(check.tcp()),
        http(check.http()),
        calculated(check.calculated()),
        check.intervalSeconds(),
        check.failureThreshold(),
        check.insufficientDataHealthStatus().label(),
        check.inverted(),
        check.disabled());
  }

  /** The alarm as a check shows it: labels, dimensions in key order; null for none. */
  static MetricJson metric(MetricAlarm alarm) {
    if (alarm == null) {
      return null;
    }
    return new MetricJson(
        alarm.namespace(),
        alarm.metricName(),
        new TreeMap<>(alarm.dimensions()),
        alarm.statistic().label(),
        alarm.periodSeconds(),
        alarm.evaluationPeriods(),
        alarm.datapointsToAlarm(),
        alarm.comparison().label(),
        alarm.threshold());
  }

  private static TcpJson tcp(TcpTarget target) {
    return target == null ? null : new TcpJson(target.ip(), target.port());
  }

  private static HttpJson http(HttpTarget target) {
    return target == null ? null : new HttpJson(target.url(), target.searchString());
  }

  private static CalculatedJson calculated(Calculated calculated) {
    return calculated == null
        ? null
        : new CalculatedJson(calculated.childHealthChecks(), calculated.healthThreshold());
  }
}
