package io.isthmus.admin.aws.route53;

import java.util.List;
import java.util.Set;

/**
 * A health check as Route 53 describes it: the HealthCheckConfig of CreateHealthCheck and
 * GetHealthCheck, or the fields an UpdateHealthCheckRequest gives. Any field may be absent (null).
 * How it maps to a {@code /v1} check is {@link HealthCheckTranslation}'s. Immutable.
 *
 * @param type Route 53's type, e.g. HTTP_STR_MATCH
 * @param alarmRegion with {@code alarmName}, the AlarmIdentifier of a CLOUDWATCH_METRIC check
 * @param enableSni EnableSNI
 */
record HealthCheckConfig(
    String type,
    String ipAddress,
    Integer port,
    String resourcePath,
    String fullyQualifiedDomainName,
    String searchString,
    Integer requestInterval,
    Integer failureThreshold,
    Boolean inverted,
    Boolean disabled,
    Integer healthThreshold,
    List<String> childHealthChecks,
    Boolean enableSni,
    String alarmRegion,
    String alarmName,
    String insufficientDataHealthStatus) {

  /** The elements UpdateHealthCheck's ResetElements may name, and that Isthmus can clear. */
  static final Set<String> RESETTABLE =
      Set.of("FullyQualifiedDomainName", "ResourcePath", "ChildHealthChecks", "Regions");

  HealthCheckConfig {
    childHealthChecks = childHealthChecks == null ? null : List.copyOf(childHealthChecks);
  }

  boolean hasAlarm() {
    return alarmRegion != null || alarmName != null;
  }

  /**
   * This config as UpdateHealthCheck leaves it: each field {@code update} gives replaces this
   * one's, then the {@code reset} elements are cleared (Regions has nothing to clear: there are
   * none). The type and the request interval never change.
   */
  HealthCheckConfig updatedWith(HealthCheckConfig update, Set<String> reset) {
    boolean alarm = update.hasAlarm();
    return new HealthCheckConfig(
        type,
        or(update.ipAddress, ipAddress),
        or(update.port, port),
        reset.contains("ResourcePath") ? null : or(update.resourcePath, resourcePath),
        reset.contains("FullyQualifiedDomainName")
            ? null
            : or(update.fullyQualifiedDomainName, fullyQualifiedDomainName),
        or(update.searchString, searchString),
        requestInterval,
        or(update.failureThreshold, failureThreshold),
        or(update.inverted, inverted),
        or(update.disabled, disabled),
        or(update.healthThreshold, healthThreshold),
        reset.contains("ChildHealthChecks") && childHealthChecks != null
            ? List.of()
            : or(update.childHealthChecks, childHealthChecks),
        or(update.enableSni, enableSni),
        alarm ? update.alarmRegion : alarmRegion,
        alarm ? update.alarmName : alarmName,
        or(update.insufficientDataHealthStatus, insufficientDataHealthStatus));
  }

  private static <T> T or(T given, T current) {
    return given != null ? given : current;
  }
}
