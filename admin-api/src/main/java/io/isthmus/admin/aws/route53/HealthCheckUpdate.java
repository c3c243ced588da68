package io.isthmus.admin.aws.route53;

import io.isthmus.admin.healthchecks.HealthCheckSpec;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheckOrigin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * An UpdateHealthCheckRequest, and the {@code /v1} patch it makes of a check: the elements given
 * replace the check's as Route 53 shows them, ResetElements clears some, and the whole is
 * translated again, so that a new Port rebuilds the probe URL. Immutable.
 *
 * @param changes the elements given
 * @param reset the elements ResetElements names
 * @param expectedVersion HealthCheckVersion, null when not given
 */
record HealthCheckUpdate(HealthCheckConfig changes, Set<String> reset, Long expectedVersion) {

  /** The request's fields; each problem is added to {@code errors}. */
  static HealthCheckUpdate read(Element root, List<FieldError> errors) {
    if (!root.getLocalName().equals("UpdateHealthCheckRequest")) {
      errors.add(new FieldError("UpdateHealthCheckRequest", "the request element is required"));
    }
    return new HealthCheckUpdate(
        HealthCheckConfigXml.read(root, errors),
        HealthCheckConfigXml.resetElements(root, errors),
        version(root, errors));
  }

  private static Long version(Element root, List<FieldError> errors) {
    Optional<String> text = RestXml.text(root, "HealthCheckVersion");
    if (text.isEmpty()) {
      return null;
    }
    try {
      long version = Long.parseLong(text.get());
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError("HealthCheckVersion", "must be a whole number of at least 1"));
    return null;
  }

  /**
   * The patch for {@code current}, read inside the write. A HealthCheckVersion that is not the
   * check's is HealthCheckVersionMismatch (409). An AlarmIdentifier copies the named alarm's
   * condition, the followed one's again or another one's, which the check follows from then on (a
   * check made through {@code /v1} follows none and cannot start to).
   *
   * @param writer the update's write: the alarm followed is recorded in it
   * @param errors where what this request cannot do to this check is added
   */
  HealthCheckSpec patch(
      ConfigWriter writer, String accountId, HealthCheck current, List<FieldError> errors) {
    ConfigReader reader = writer;
    HealthCheckOrigin origin = reader.healthCheckOrigin(current.id()).orElse(null);
    long version = HealthCheckXml.version(current, origin);
    if (expectedVersion != null && expectedVersion != version) {
      throw new ApiException(
          409,
          "HealthCheckVersionMismatch",
          "Health check " + current.id() + " is at version " + version + ".",
          List.of());
    }
    HealthCheckConfig now = HealthCheckTranslation.toConfig(current, origin);
    MetricAlarm condition = current.metric();
    if (changes.hasAlarm() && current.metric() != null) {
      if (!now.hasAlarm()) {
        errors.add(
            new FieldError(
                "AlarmIdentifier", "the check was made through /v1 and follows no alarm"));
      } else {
        condition = FollowedAlarms.condition(reader, accountId, changes, errors);
        if (condition != null && !followsNamedAlarm(now)) {
          writer.updateHealthCheckAlarm(current.id(), changes.alarmRegion(), changes.alarmName());
        }
      }
    }
    return HealthCheckTranslation.toSpec(now.updatedWith(changes, reset), condition, errors);
  }

  private boolean followsNamedAlarm(HealthCheckConfig now) {
    return Objects.equals(changes.alarmRegion(), now.alarmRegion())
        && Objects.equals(changes.alarmName(), now.alarmName());
  }
}
