package io.isthmus.admin.aws.route53;

import io.isthmus.admin.aws.cloudwatch.AlarmDefinition;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck.MetricAlarm;
import java.util.List;

/**
 * The CloudWatch alarms CLOUDWATCH_METRIC checks follow: an account's own, by region and name, as
 * the CloudWatch API stored them. Stateless.
 */
final class FollowedAlarms {
  private FollowedAlarms() {}

  /**
   * The condition of the account's alarm that {@code config}'s AlarmIdentifier names, or null with
   * an error naming the alarm when there is none (another account's alarm is none).
   */
  static MetricAlarm condition(
      ConfigReader reader, String accountId, HealthCheckConfig config, List<FieldError> errors) {
    if (config.alarmRegion() == null || config.alarmName() == null) {
      return null; // an incomplete AlarmIdentifier: reported by HealthCheckConfigXml
    }
    return reader
        .cloudWatchAlarm(accountId, config.alarmRegion(), config.alarmName())
        .map(alarm -> AlarmDefinition.fromJson(alarm.definition()).condition())
        .orElseGet(
            () -> {
              errors.add(
                  new FieldError(
                      "AlarmIdentifier",
                      "no CloudWatch alarm "
                          + config.alarmName()
                          + " in "
                          + config.alarmRegion()
                          + " (PutMetricAlarm makes one)"));
              return null;
            });
  }
}
