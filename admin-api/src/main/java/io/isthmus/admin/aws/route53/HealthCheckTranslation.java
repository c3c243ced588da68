package io.isthmus.admin.aws.route53;

import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.CalculatedSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.HttpSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.MetricSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.TcpSpec;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheckOrigin;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Route 53's health check types on the {@code /v1} ones (docs/aws-api.md "Route 53 health checks"):
 * HTTP, HTTPS and their _STR_MATCH forms are HTTP and HTTPS checks of a URL built from the host,
 * port and path, the _STR_MATCH ones with a search string; TCP is TCP; CALCULATED is CALCULATED;
 * CLOUDWATCH_METRIC is a METRIC check with a copy of its alarm's condition. The {@code /v1} rules
 * then judge the result, so there is one model; their field names are translated back to Route 53's
 * elements. Stateless.
 */
final class HealthCheckTranslation {
  /**
   * How often a CLOUDWATCH_METRIC check looks at its alarm unless the request says: as often as
   * {@code /v1} allows, and with a failure threshold of 1, because in Route 53 such a check takes
   * the alarm's state as it is (the alarm's own datapoints-to-alarm already decide how many bad
   * periods count), not after three requests 30 seconds apart.
   */
  static final int ALARM_FOLLOWING_INTERVAL = 10;

  private HealthCheckTranslation() {}

  static final Set<String> TYPES =
      Set.of(
          "HTTP",
          "HTTPS",
          "HTTP_STR_MATCH",
          "HTTPS_STR_MATCH",
          "TCP",
          "CALCULATED",
          "CLOUDWATCH_METRIC");

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");

  /**
   * The {@code /v1} spec of a Route 53 config, adding to {@code errors} what the config asks that
   * the {@code /v1} model cannot hold or a probe cannot honour.
   *
   * @param condition the condition of the alarm a CLOUDWATCH_METRIC check follows; null when it is
   *     not known (the caller reported why)
   */
  static HealthCheckSpec toSpec(
      HealthCheckConfig config, MetricAlarm condition, List<FieldError> errors) {
    String type = config.type();
    if (type == null) {
      errors.add(new FieldError("Type", "Type is required"));
    } else if (type.equals("RECOVERY_CONTROL")) {
      errors.add(
          new FieldError(
              "Type", "Isthmus has no Application Recovery Controller routing controls"));
    } else if (!TYPES.contains(type)) {
      errors.add(
          new FieldError(
              "Type", "must be one of " + String.join(", ", TYPES.stream().sorted().toList())));
    }
    String known = type != null && TYPES.contains(type) ? type : "";
    boolean http = known.startsWith("HTTP");
    boolean tcp = known.equals("TCP");
    boolean calculated = known.equals("CALCULATED");
    boolean metric = known.equals("CLOUDWATCH_METRIC");
    boolean searches = known.endsWith("_STR_MATCH");
    if (!known.isEmpty()) {
      String endpoints = "TCP, HTTP and HTTPS checks";
      belongs("IPAddress", config.ipAddress(), http || tcp, endpoints, errors);
      belongs("Port", config.port(), http || tcp, endpoints, errors);
      belongs(
          "FullyQualifiedDomainName",
          config.fullyQualifiedDomainName(),
          http,
          "HTTP and HTTPS checks (a TCP check connects to IPAddress, and keeps no name)",
          errors);
      belongs("ResourcePath", config.resourcePath(), http, "HTTP and HTTPS checks", errors);
      belongs(
          "SearchString",
          config.searchString(),
          searches,
          "HTTP_STR_MATCH and HTTPS_STR_MATCH checks",
          errors);
      belongs("HealthThreshold", config.healthThreshold(), calculated, "CALCULATED checks", errors);
      belongs(
          "ChildHealthChecks", config.childHealthChecks(), calculated, "CALCULATED checks", errors);
      belongs(
          "AlarmIdentifier",
          config.hasAlarm() ? config.alarmName() : null,
          metric,
          "CLOUDWATCH_METRIC checks",
          errors);
      belongs(
          "InsufficientDataHealthStatus",
          config.insufficientDataHealthStatus(),
          metric,
          "CLOUDWATCH_METRIC checks",
          errors);
    }
    if (!http && Boolean.TRUE.equals(config.enableSni())) {
      errors.add(new FieldError("EnableSNI", "only HTTPS checks negotiate TLS"));
    }
    if (searches && (config.searchString() == null || config.searchString().isEmpty())) {
      errors.add(new FieldError("SearchString", "a " + known + " check needs a SearchString"));
    }
    return new HealthCheckSpec(
        metric ? "METRIC" : http ? (known.startsWith("HTTPS") ? "HTTPS" : "HTTP") : type,
        metric && condition != null ? metricSpec(condition) : null,
        tcp ? new TcpSpec(config.ipAddress(), config.port()) : null,
        http ? httpSpec(config, known.startsWith("HTTPS"), errors) : null,
        calculated
            ? new CalculatedSpec(
                config.childHealthChecks() == null ? List.of() : config.childHealthChecks(),
                config.healthThreshold())
            : null,
        metric && config.requestInterval() == null
            ? Integer.valueOf(ALARM_FOLLOWING_INTERVAL)
            : config.requestInterval(),
        metric && config.failureThreshold() == null
            ? Integer.valueOf(1)
            : config.failureThreshold(),
        config.insufficientDataHealthStatus(),
        config.inverted(),
        config.disabled());
  }

  /**
   * The probe URL of an HTTP-family config. The JDK client that probes sends the URL's host as the
   * Host header and in SNI, and resolves a name itself: so a check names either an address or a
   * name, never an address with a name for the Host header as Route 53 allows, and SNI is on
   * exactly when an HTTPS check probes a name.
   */
  private static HttpSpec httpSpec(
      HealthCheckConfig config, boolean https, List<FieldError> errors) {
    String ip = config.ipAddress();
    String name = config.fullyQualifiedDomainName();
    int before = errors.size();
    if (ip != null && name != null) {
      errors.add(
          new FieldError(
              "FullyQualifiedDomainName",
              "with IPAddress it would be the Host header, which Isthmus's prober cannot send:"
                  + " give IPAddress or FullyQualifiedDomainName"));
    } else if (ip == null && name == null) {
      errors.add(new FieldError("IPAddress", "IPAddress or FullyQualifiedDomainName is required"));
    }
    if (ip != null) {
      for (FieldError error : new AddressSpec(ip, config.port()).validate("address")) {
        errors.add(
            new FieldError(
                error.field().endsWith(".port") ? "Port" : "IPAddress", error.message()));
      }
    } else if (config.port() != null && (config.port() < 1 || config.port() > 65535)) {
      errors.add(new FieldError("Port", "must be within 1..65535"));
    }
    if (name != null && !HOST_NAME.matcher(name).matches()) {
      errors.add(new FieldError("FullyQualifiedDomainName", "must be a host name"));
    } else if (name != null && ProbeUrl.isAddress(name)) {
      errors.add(new FieldError("FullyQualifiedDomainName", "an address goes in IPAddress"));
    }
    String path = config.resourcePath();
    if (path != null && !path.isEmpty() && !path.startsWith("/")) {
      errors.add(new FieldError("ResourcePath", "must start with /"));
    }
    boolean sni = https && ip == null;
    if (config.enableSni() != null && config.enableSni() != sni) {
      errors.add(
          new FieldError(
              "EnableSNI",
              sni
                  ? "an HTTPS check of a name always sends it in SNI"
                  : "SNI needs an HTTPS check of a FullyQualifiedDomainName"));
    }
    boolean urlParts =
        errors.subList(before, errors.size()).stream()
            .anyMatch(error -> !error.field().equals("EnableSNI"));
    if (urlParts) {
      return new HttpSpec(null, config.searchString());
    }
    String host = ip != null ? new AddressSpec(ip, config.port()).toTarget().ip() : name;
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = config.port() == null ? ProbeUrl.defaultPort(https) : config.port();
    String resourcePath = path == null || path.isEmpty() ? null : path;
    ProbeUrl url =
        new ProbeUrl(https, ip != null ? host : null, ip != null ? null : host, port, resourcePath);
    return new HttpSpec(url.url(), config.searchString());
  }

  private static MetricSpec metricSpec(MetricAlarm alarm) {
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

  private static void belongs(
      String element, Object value, boolean belongs, String owners, List<FieldError> errors) {
    if (value != null && !belongs) {
      errors.add(new FieldError(element, "only " + owners + " have it"));
    }
  }

  /**
   * A stored check as Route 53 describes it.
   *
   * @param origin how Route 53's API made it; null for a check made through {@code /v1}
   */
  static HealthCheckConfig toConfig(HealthCheck check, HealthCheckOrigin origin) {
    String type = check.type().name();
    String ip = null;
    Integer port = null;
    String path = null;
    String name = null;
    String search = null;
    Boolean sni = null;
    switch (check.type()) {
      case TCP -> {
        ip = check.tcp().ip();
        port = check.tcp().port();
      }
      case HTTP, HTTPS -> {
        ProbeUrl url = ProbeUrl.of(check.http().url());
        ip = url.ipAddress();
        name = url.hostName();
        port = url.port();
        path = url.resourcePath();
        search = check.http().searchString();
        type = search == null ? type : type + "_STR_MATCH";
        sni = check.type() == HealthCheck.Type.HTTPS ? name != null : null;
      }
      case METRIC -> type = "CLOUDWATCH_METRIC";
      case CALCULATED -> {}
    }
    boolean metric = check.type() == HealthCheck.Type.METRIC;
    boolean calculated = check.type() == HealthCheck.Type.CALCULATED;
    return new HealthCheckConfig(
        type,
        ip,
        port,
        path,
        name,
        search,
        check.intervalSeconds(),
        check.failureThreshold(),
        check.inverted(),
        check.disabled(),
        calculated ? check.calculated().healthThreshold() : null,
        calculated ? check.calculated().childHealthChecks() : null,
        sni,
        metric && origin != null ? origin.alarmRegion() : null,
        metric && origin != null ? origin.alarmName() : null,
        metric ? check.insufficientDataHealthStatus().label() : null);
  }
}
