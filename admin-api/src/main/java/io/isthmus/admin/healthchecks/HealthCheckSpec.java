package io.isthmus.admin.healthchecks;

import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Calculated;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.HttpTarget;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.config.HealthCheck.TcpTarget;
import io.isthmus.config.HealthCheck.Type;
import io.isthmus.config.TargetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A health check as a request describes it (docs/spec/admin-api.md "Health checks and metrics"),
 * before validation: every field may be missing or wrong. A create gives a whole spec; a PATCH
 * gives the fields to change, which {@link #patchedWith} lays over the stored check's spec, and the
 * result is validated like a create. Immutable.
 *
 * @param type METRIC, TCP, HTTP, HTTPS or CALCULATED
 * @param metric METRIC only
 * @param tcp TCP only
 * @param http HTTP and HTTPS only
 * @param calculated CALCULATED only
 * @param intervalSeconds {@value #MIN_INTERVAL}..{@value #MAX_INTERVAL}, default {@value
 *     HealthCheck#DEFAULT_INTERVAL_SECONDS}
 * @param failureThreshold {@value #MIN_FAILURE_THRESHOLD}..{@value #MAX_FAILURE_THRESHOLD}, default
 *     {@value HealthCheck#DEFAULT_FAILURE_THRESHOLD}
 * @param insufficientDataHealthStatus Healthy, Unhealthy or LastKnownStatus (the default)
 * @param inverted default false
 * @param disabled default false
 */
public record HealthCheckSpec(
    String type,
    MetricSpec metric,
    TcpSpec tcp,
    HttpSpec http,
    CalculatedSpec calculated,
    Integer intervalSeconds,
    Integer failureThreshold,
    String insufficientDataHealthStatus,
    Boolean inverted,
    Boolean disabled) {

  static final int MIN_INTERVAL = 1;
  static final int MAX_INTERVAL = 300;
  static final int MIN_FAILURE_THRESHOLD = 1;
  static final int MAX_FAILURE_THRESHOLD = 10;

  /** Route 53's limits on a calculated check's children and its health threshold. */
  static final int MAX_CHILDREN = 256;

  static final int MAX_HEALTH_THRESHOLD = 256;

  /** A day, the metric retention: no longer period could ever hold data. */
  static final int MAX_PERIOD_SECONDS = 86_400;

  static final int MAX_URL_LENGTH = 2048;

  /** Route 53's limit on an HTTP check's search string. */
  static final int MAX_SEARCH_STRING_LENGTH = 255;

  private static final int MAX_PORT = 65535;

  private static final Pattern HEALTH_CHECK_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * The alarm of a METRIC check.
   *
   * @param dimensions absent: none
   * @param datapointsToAlarm absent: {@code evaluationPeriods}
   */
  public record MetricSpec(
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      String statistic,
      Integer periodSeconds,
      Integer evaluationPeriods,
      Integer datapointsToAlarm,
      String comparison,
      Double threshold) {

    /** Each field given in {@code patch} replaces this one's; dimensions are replaced whole. */
    MetricSpec patchedWith(MetricSpec patch) {
      return new MetricSpec(
          or(patch.namespace, namespace),
          or(patch.metricName, metricName),
          or(patch.dimensions, dimensions),
          or(patch.statistic, statistic),
          or(patch.periodSeconds, periodSeconds),
          or(patch.evaluationPeriods, evaluationPeriods),
          or(patch.datapointsToAlarm, datapointsToAlarm),
          or(patch.comparison, comparison),
          or(patch.threshold, threshold));
    }

    void validate(List<FieldError> errors) {
      MetricFields.requireName("metric.namespace", namespace, errors);
      MetricFields.requireName("metric.metricName", metricName, errors);
      MetricFields.checkDimensions("metric.dimensions", dimensions, errors);
      requireLabel(
          "metric.statistic", statistic, Statistic.values(), Statistic::label, errors, "statistic");
      boolean periodValid =
          require("metric.periodSeconds", periodSeconds, 1, MAX_PERIOD_SECONDS, errors);
      boolean evaluationValid =
          require("metric.evaluationPeriods", evaluationPeriods, 1, MAX_PERIOD_SECONDS, errors);
      if (periodValid
          && evaluationValid
          && (long) periodSeconds * evaluationPeriods > MetricFields.RETENTION_SECONDS) {
        errors.add(
            new FieldError(
                "metric.evaluationPeriods",
                "evaluationPeriods × periodSeconds must be at most "
                    + MetricFields.RETENTION_SECONDS
                    + " seconds (24 hours, the metric retention)"));
      }
      if (datapointsToAlarm != null) {
        int most = evaluationValid ? evaluationPeriods : MAX_PERIOD_SECONDS;
        if (datapointsToAlarm < 1 || datapointsToAlarm > most) {
          String bound = evaluationValid ? "evaluationPeriods (" + most + ")" : "evaluationPeriods";
          errors.add(
              new FieldError(
                  "metric.datapointsToAlarm", "must be within 1.." + bound + ", default: all"));
        }
      }
      requireLabel(
          "metric.comparison",
          comparison,
          Comparison.values(),
          Comparison::label,
          errors,
          "comparison");
      if (threshold == null) {
        errors.add(new FieldError("metric.threshold", "threshold is required"));
      }
    }

    MetricAlarm toAlarm() {
      return new MetricAlarm(
          namespace,
          metricName,
          dimensions == null ? Map.of() : dimensions,
          label(Statistic.values(), Statistic::label, statistic).orElseThrow(),
          periodSeconds,
          evaluationPeriods,
          datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm,
          label(Comparison.values(), Comparison::label, comparison).orElseThrow(),
          threshold + 0.0);
    }

    static MetricSpec of(MetricAlarm alarm) {
      return new MetricSpec(
          alarm.namespace(),
          alarm.metricName(),
          alarm.dimensions(),
          alarm.statistic().label(),
          alarm.periodSeconds(),
          alarm.evaluationPeriods(),
          alarm.datapointsToAlarm(),
          alarm.comparison().label(),
          alarm.threshold());
    }
  }

  /**
   * A TCP probe target.
   *
   * @param ip an IPv4 or IPv6 address literal (probes never resolve names)
   * @param port 1 to 65535, required
   */
  public record TcpSpec(String ip, Integer port) {
    TcpSpec patchedWith(TcpSpec patch) {
      return new TcpSpec(or(patch.ip, ip), or(patch.port, port));
    }

    void validate(List<FieldError> errors) {
      errors.addAll(new AddressSpec(ip, port).validate("tcp"));
      if (port == null) {
        errors.add(new FieldError("tcp.port", "port is required"));
      }
    }

    /** The target in stored form: the address canonical, as endpoint addresses are. */
    TcpTarget toTarget() {
      TargetAddress address = new AddressSpec(ip, port).toTarget();
      return new TcpTarget(address.ip(), address.port());
    }
  }

  /**
   * An HTTP or HTTPS probe target.
   *
   * @param url an absolute http:// or https:// URL, the scheme as the check's type says
   * @param searchString the response body must contain it; absent or empty: not searched
   */
  public record HttpSpec(String url, String searchString) {
    HttpSpec patchedWith(HttpSpec patch) {
      return new HttpSpec(or(patch.url, url), or(patch.searchString, searchString));
    }

    /**
     * @param type the check's type when it is known, to which the scheme must fit
     */
    void validate(Optional<Type> type, List<FieldError> errors) {
      if (url == null) {
        errors.add(new FieldError("http.url", "url is required"));
      } else {
        checkUrl(type, errors);
      }
      if (searchString != null && searchString.length() > MAX_SEARCH_STRING_LENGTH) {
        errors.add(
            new FieldError(
                "http.searchString",
                "must be at most " + MAX_SEARCH_STRING_LENGTH + " characters"));
      }
    }

    private void checkUrl(Optional<Type> type, List<FieldError> errors) {
      String example = "an absolute URL such as http://10.0.0.5:8080/health";
      if (url.length() > MAX_URL_LENGTH) {
        errors.add(new FieldError("http.url", "must be at most " + MAX_URL_LENGTH + " characters"));
        return;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        errors.add(new FieldError("http.url", "must be " + example));
        return;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (type.isPresent()) {
        String expected = type.get() == Type.HTTPS ? "https" : "http";
        if (!scheme.equals(expected)) {
          errors.add(
              new FieldError(
                  "http.url", "an " + type.get() + " check needs an " + expected + ":// URL"));
          return;
        }
      } else if (!scheme.equals("http") && !scheme.equals("https")) {
        errors.add(new FieldError("http.url", "must be an http:// or https:// URL"));
        return;
      }
      if (uri.getHost() == null) {
        errors.add(new FieldError("http.url", "must name a host: " + example));
      } else if (uri.getPort() > MAX_PORT) {
        errors.add(new FieldError("http.url", "the port must be within 1.." + MAX_PORT));
      }
    }

    HttpTarget toTarget() {
      return new HttpTarget(
          url, searchString == null || searchString.isEmpty() ? null : searchString);
    }
  }

  /**
   * The children of a CALCULATED check.
   *
   * @param childHealthChecks ids of the caller's checks that are not calculated ones, none twice,
   *     at most {@value #MAX_CHILDREN}; may be empty
   * @param healthThreshold 0..{@value #MAX_HEALTH_THRESHOLD}: healthy when at least this many
   *     children are
   */
  public record CalculatedSpec(List<String> childHealthChecks, Integer healthThreshold) {
    CalculatedSpec patchedWith(CalculatedSpec patch) {
      return new CalculatedSpec(
          or(patch.childHealthChecks, childHealthChecks),
          or(patch.healthThreshold, healthThreshold));
    }

    void validate(List<FieldError> errors) {
      String field = "calculated.childHealthChecks";
      if (childHealthChecks == null) {
        errors.add(new FieldError(field, "childHealthChecks is required (it may be empty)"));
      } else {
        if (childHealthChecks.size() > MAX_CHILDREN) {
          errors.add(new FieldError(field, "at most " + MAX_CHILDREN + " children"));
        }
        for (int i = 0; i < childHealthChecks.size(); i++) {
          String child = childHealthChecks.get(i);
          int first = childHealthChecks.indexOf(child);
          if (!isHealthCheckId(child)) {
            errors.add(new FieldError(field + "[" + i + "]", "must be a health check id"));
          } else if (first < i) {
            errors.add(
                new FieldError(field + "[" + i + "]", "duplicates " + field + "[" + first + "]"));
          }
        }
      }
      if (healthThreshold == null) {
        errors.add(new FieldError("calculated.healthThreshold", "healthThreshold is required"));
      } else {
        require("calculated.healthThreshold", healthThreshold, 0, MAX_HEALTH_THRESHOLD, errors);
      }
    }

    Calculated toCalculated() {
      return new Calculated(childHealthChecks, healthThreshold);
    }
  }

  /** True for a string of the shape of the ids the API gives health checks (lower-case UUIDs). */
  static boolean isHealthCheckId(String text) {
    return text != null && HEALTH_CHECK_ID.matcher(text).matches();
  }

  /** The stored check as a spec, for a PATCH to be laid over. */
  static HealthCheckSpec of(HealthCheck check) {
    return new HealthCheckSpec(
        check.type().name(),
        check.metric() == null ? null : MetricSpec.of(check.metric()),
        check.tcp() == null ? null : new TcpSpec(check.tcp().ip(), check.tcp().port()),
        check.http() == null ? null : new HttpSpec(check.http().url(), check.http().searchString()),
        check.calculated() == null
            ? null
            : new CalculatedSpec(
                check.calculated().childHealthChecks(), check.calculated().healthThreshold()),
        check.intervalSeconds(),
        check.failureThreshold(),
        check.insufficientDataHealthStatus().label(),
        check.inverted(),
        check.disabled());
  }

  /**
   * This spec with each field {@code patch} gives replacing this one's; within a part, too, only
   * the fields given change. The type stays: a check's type never changes.
   */
  HealthCheckSpec patchedWith(HealthCheckSpec patch) {
    return new HealthCheckSpec(
        type,
        part(metric, patch.metric, MetricSpec::patchedWith),
        part(tcp, patch.tcp, TcpSpec::patchedWith),
        part(http, patch.http, HttpSpec::patchedWith),
        part(calculated, patch.calculated, CalculatedSpec::patchedWith),
        or(patch.intervalSeconds, intervalSeconds),
        or(patch.failureThreshold, failureThreshold),
        or(patch.insufficientDataHealthStatus, insufficientDataHealthStatus),
        or(patch.inverted, inverted),
        or(patch.disabled, disabled));
  }

  /** Every problem with the fields on their own (whether children exist is the service's). */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    Optional<Type> known = typeValue();
    if (type == null) {
      errors.add(new FieldError("type", "type is required"));
    } else if (known.isEmpty()) {
      errors.add(
          new FieldError(
              "type",
              "must be one of "
                  + Arrays.stream(Type.values())
                      .map(Type::name)
                      .collect(Collectors.joining(", "))));
    }
    known.ifPresent(t -> checkParts(t, errors));
    if (checksPart(metric, Type.METRIC)) {
      metric.validate(errors);
    }
    if (checksPart(tcp, Type.TCP)) {
      tcp.validate(errors);
    }
    if (checksPart(http, Type.HTTP) || checksPart(http, Type.HTTPS)) {
      http.validate(known, errors);
    }
    if (checksCalculated()) {
      calculated.validate(errors);
    }
    if (intervalSeconds != null) {
      require("intervalSeconds", intervalSeconds, MIN_INTERVAL, MAX_INTERVAL, errors);
    }
    if (failureThreshold != null) {
      require(
          "failureThreshold",
          failureThreshold,
          MIN_FAILURE_THRESHOLD,
          MAX_FAILURE_THRESHOLD,
          errors);
    }
    if (insufficientDataHealthStatus != null) {
      requireLabel(
          "insufficientDataHealthStatus",
          insufficientDataHealthStatus,
          InsufficientData.values(),
          InsufficientData::label,
          errors,
          "insufficientDataHealthStatus");
    }
    return errors;
  }

  /**
   * Whether the calculated part is validated, and so its children looked up: when it is given and
   * the type is CALCULATED or unknown (so that every problem shows at once).
   */
  boolean checksCalculated() {
    return checksPart(calculated, Type.CALCULATED);
  }

  /** The check this valid spec describes; only the part matching its type is kept. */
  HealthCheck toHealthCheck(String id, String accountId) {
    Type t = typeValue().orElseThrow();
    return new HealthCheck(
        id,
        accountId,
        t,
        t == Type.METRIC ? metric.toAlarm() : null,
        t == Type.TCP ? tcp.toTarget() : null,
        t == Type.HTTP || t == Type.HTTPS ? http.toTarget() : null,
        t == Type.CALCULATED ? calculated.toCalculated() : null,
        intervalSeconds == null ? HealthCheck.DEFAULT_INTERVAL_SECONDS : intervalSeconds,
        failureThreshold == null ? HealthCheck.DEFAULT_FAILURE_THRESHOLD : failureThreshold,
        insufficientDataHealthStatus == null
            ? InsufficientData.LAST_KNOWN_STATUS
            : label(
                    InsufficientData.values(),
                    InsufficientData::label,
                    insufficientDataHealthStatus)
                .orElseThrow(),
        Boolean.TRUE.equals(inverted),
        Boolean.TRUE.equals(disabled));
  }

  private Optional<Type> typeValue() {
    return Arrays.stream(Type.values()).filter(t -> t.name().equals(type)).findFirst();
  }

  /** A part is validated when given and either the type is unknown or the part is the type's. */
  private boolean checksPart(Object part, Type owner) {
    if (part == null) {
      return false;
    }
    Optional<Type> known = typeValue();
    return known.isEmpty() || known.get() == owner;
  }

  /** Exactly the part of the type is present. */
  private void checkParts(Type t, List<FieldError> errors) {
    checkPart("metric", metric, t == Type.METRIC, "a METRIC check", t, errors);
    checkPart("tcp", tcp, t == Type.TCP, "a TCP check", t, errors);
    checkPart("http", http, t == Type.HTTP || t == Type.HTTPS, "an HTTP or HTTPS check", t, errors);
    checkPart("calculated", calculated, t == Type.CALCULATED, "a CALCULATED check", t, errors);
  }

  private static void checkPart(
      String field, Object part, boolean belongs, String owner, Type t, List<FieldError> errors) {
    if (belongs && part == null) {
      String article = t == Type.HTTP || t == Type.HTTPS ? "an " : "a ";
      errors.add(new FieldError(field, article + t + " check needs " + field));
    } else if (!belongs && part != null) {
      errors.add(new FieldError(field, "only " + owner + " has " + field));
    }
  }

  /** Adds an error unless {@code value} is within min..max; a null value is required. */
  private static boolean require(
      String field, Integer value, int min, int max, List<FieldError> errors) {
    if (value == null) {
      String name = field.substring(field.lastIndexOf('.') + 1);
      errors.add(new FieldError(field, name + " is required"));
      return false;
    }
    if (value < min || value > max) {
      errors.add(new FieldError(field, "must be within " + min + ".." + max));
      return false;
    }
    return true;
  }

  private static <E> void requireLabel(
      String field,
      String value,
      E[] values,
      Function<E, String> label,
      List<FieldError> errors,
      String name) {
    if (value == null) {
      errors.add(new FieldError(field, name + " is required"));
    } else if (label(values, label, value).isEmpty()) {
      errors.add(
          new FieldError(
              field,
              "must be one of "
                  + Arrays.stream(values).map(label).collect(Collectors.joining(", "))));
    }
  }

  private static <E> Optional<E> label(E[] values, Function<E, String> label, String value) {
    return Arrays.stream(values).filter(v -> label.apply(v).equals(value)).findFirst();
  }

  private static <T> T or(T patched, T current) {
    return patched != null ? patched : current;
  }

  private static <T> T part(T current, T patch, BinaryOperator<T> merge) {
    if (patch == null) {
      return current;
    }
    return current == null ? patch : merge.apply(current, patch);
  }
}
