package io.isthmus.config;

import java.util.List;
import java.util.Map;

/**
 * A health check as the API and the store see it (docs/spec/health.md, docs/spec/admin-api.md
 * "Health checks and metrics"). Exactly the part matching {@code type} is set: {@code metric} for
 * METRIC, {@code tcp} for TCP, {@code http} for HTTP and HTTPS, {@code calculated} for CALCULATED;
 * the others are null. Validation happens in the API; this record only holds. Immutable.
 *
 * @param id a UUID
 * @param accountId the owner; a check reads only its own account's metrics
 * @param intervalSeconds probe interval (1..300); METRIC checks evaluate at each period boundary
 * @param failureThreshold consecutive probe results needed to change status (1..10)
 */
public record HealthCheck(
    String id,
    String accountId,
    Type type,
    MetricAlarm metric,
    TcpTarget tcp,
    HttpTarget http,
    Calculated calculated,
    int intervalSeconds,
    int failureThreshold,
    InsufficientData insufficientDataHealthStatus,
    boolean inverted,
    boolean disabled) {

  public static final int DEFAULT_INTERVAL_SECONDS = 30;
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  public enum Type {
    METRIC,
    TCP,
    HTTP,
    HTTPS,
    CALCULATED
  }

  /** CloudWatch statistics over the points of one period. */
  public enum Statistic {
    AVERAGE("Average"),
    SUM("Sum"),
    MINIMUM("Minimum"),
    MAXIMUM("Maximum"),
    SAMPLE_COUNT("SampleCount");

    private final String label;

    Statistic(String label) {
      this.label = label;
    }

    /** The name the API uses ("Average"). */
    public String label() {
      return label;
    }
  }

  /** CloudWatch comparison operators: the statistic compared with the threshold breaches. */
  public enum Comparison {
    GREATER_THAN_THRESHOLD("GreaterThanThreshold", ">"),
    GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold", ">="),
    LESS_THAN_THRESHOLD("LessThanThreshold", "<"),
    LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold", "<=");

    private final String label;
    private final String symbol;

    Comparison(String label, String symbol) {
      this.label = label;
      this.symbol = symbol;
    }

    public String label() {
      return label;
    }

    /** The operator as a reason in words shows it (">="). */
    public String symbol() {
      return symbol;
    }

    public boolean breaches(double value, double threshold) {
      return switch (this) {
        case GREATER_THAN_THRESHOLD -> value > threshold;
        case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> value >= threshold;
        case LESS_THAN_THRESHOLD -> value < threshold;
        case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> value <= threshold;
      };
    }
  }

  /**
   * What an INSUFFICIENT_DATA alarm means for the check (docs/spec/health.md "The metric alarm").
   */
  public enum InsufficientData {
    HEALTHY("Healthy"),
    UNHEALTHY("Unhealthy"),
    LAST_KNOWN_STATUS("LastKnownStatus");

    private final String label;

    InsufficientData(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The alarm of a METRIC check. {@code datapointsToAlarm} M ≤ {@code evaluationPeriods} N. */
  public record MetricAlarm(
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      Statistic statistic,
      int periodSeconds,
      int evaluationPeriods,
      int datapointsToAlarm,
      Comparison comparison,
      double threshold) {
    public MetricAlarm {
      dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    }
  }

  public record TcpTarget(String ip, int port) {}

  /** {@code url} is http:// or https:// as the check type says; searchString may be null. */
  public record HttpTarget(String url, String searchString) {}

  /** Healthy when at least {@code healthThreshold} children are healthy. */
  public record Calculated(List<String> childHealthChecks, int healthThreshold) {
    public Calculated {
      childHealthChecks = List.copyOf(childHealthChecks);
    }
  }
}
