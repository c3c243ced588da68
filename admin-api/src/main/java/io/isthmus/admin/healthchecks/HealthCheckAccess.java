package io.isthmus.admin.healthchecks;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.HealthCheck;

/**
 * Who may see and act on a health check: its owner; the operator may read it. To anyone else it
 * does not exist, 404 {@code NoSuchHealthCheck} (docs/spec/admin-api.md "Visibility across
 * accounts"). Stateless.
 */
public final class HealthCheckAccess {
  private HealthCheckAccess() {}

  /** The check if the caller may read it. */
  public static HealthCheck readable(ConfigReader reader, Caller caller, String healthCheckId) {
    return Visibility.readable(
        reader.healthCheck(healthCheckId),
        HealthCheck::accountId,
        caller,
        () -> noSuchHealthCheck(healthCheckId));
  }

  /** The check if the caller owns it; the operator is denied, it owns nothing. */
  public static HealthCheck owned(ConfigReader reader, Caller caller, String healthCheckId) {
    return Visibility.owned(
        reader.healthCheck(healthCheckId),
        HealthCheck::accountId,
        caller,
        () -> noSuchHealthCheck(healthCheckId));
  }

  static ApiException noSuchHealthCheck(String healthCheckId) {
    return ApiException.notFound(
        "NoSuchHealthCheck", "No health check with id " + healthCheckId + ".");
  }
}
