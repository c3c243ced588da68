package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.MetricAlarm;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The stored alarms of an account in a region, and the health checks that follow them: a health
 * check made through Route 53 with type CLOUDWATCH_METRIC holds a copy of its alarm's condition,
 * which every put of the alarm renews in the same write. Thread-safe.
 */
final class Alarms {
  private final ConfigStore store;
  private final Clock clock;

  Alarms(ConfigStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Creates or replaces the alarm, and gives its condition to the checks that follow it. */
  void put(String accountId, String region, String name, AlarmDefinition definition) {
    store.write(
        w -> {
          w.putCloudWatchAlarm(
              new CloudWatchAlarm(accountId, region, name, definition.toJson(), clock.instant()));
          for (String checkId : w.healthChecksOfAlarm(accountId, region, name)) {
            w.healthCheck(checkId)
                .filter(check -> check.type() == HealthCheck.Type.METRIC)
                .ifPresent(check -> w.updateHealthCheck(following(check, definition.condition())));
          }
          return null;
        });
  }

  /**
   * Deletes the alarms, all or none: a name without an alarm is ResourceNotFound and deletes
   * nothing. The checks that followed them keep the last condition.
   */
  void delete(String accountId, String region, List<String> names) {
    Set<String> distinct = new LinkedHashSet<>(names);
    store.write(
        w -> {
          for (String name : distinct) {
            requireExists(w, accountId, region, name);
          }
          distinct.forEach(name -> w.deleteCloudWatchAlarm(accountId, region, name));
          return null;
        });
  }

  /** The alarms of the account in the region, by name. */
  List<CloudWatchAlarm> list(String accountId, String region) {
    return store.cloudWatchAlarms(accountId, region);
  }

  private static void requireExists(ConfigWriter w, String accountId, String region, String name) {
    if (w.cloudWatchAlarm(accountId, region, name).isEmpty()) {
      throw CloudWatchException.sender(
          404, "ResourceNotFound", "The alarm " + name + " does not exist; nothing was deleted.");
    }
  }

  /** The check with the alarm's condition; all else (interval, inversion, …) as it was. */
  private static HealthCheck following(HealthCheck check, MetricAlarm condition) {
    return new HealthCheck(
        check.id(),
        check.accountId(),
        check.type(),
        condition,
        check.tcp(),
        check.http(),
        check.calculated(),
        check.intervalSeconds(),
        check.failureThreshold(),
        check.insufficientDataHealthStatus(),
        check.inverted(),
        check.disabled());
  }
}
