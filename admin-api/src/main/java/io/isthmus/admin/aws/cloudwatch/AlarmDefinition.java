package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.config.HealthCheck.MetricAlarm;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CloudWatch metric alarm's fields as PutMetricAlarm gave them, stored as JSON in {@code
 * CloudWatchAlarm.definition()} (store V13). The condition is the METRIC check's alarm of
 * docs/spec/health.md, which a CLOUDWATCH_METRIC health check copies; the rest is kept to be
 * described back (actions are stored, never run). Immutable.
 *
 * @param treatMissingData as given ("missing" when absent); the check's
 *     InsufficientDataHealthStatus decides what missing data means for its status
 */
public record AlarmDefinition(
    MetricAlarm condition,
    String description,
    boolean actionsEnabled,
    List<String> okActions,
    List<String> alarmActions,
    List<String> insufficientDataActions,
    String unit,
    String treatMissingData) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public AlarmDefinition {
    okActions = okActions == null ? List.of() : List.copyOf(okActions);
    alarmActions = alarmActions == null ? List.of() : List.copyOf(alarmActions);
    insufficientDataActions =
        insufficientDataActions == null ? List.of() : List.copyOf(insufficientDataActions);
    treatMissingData = treatMissingData == null ? "missing" : treatMissingData;
  }

  /** The text the store keeps. */
  public String toJson() {
    return JSON.writeValueAsString(this);
  }

  /** The definition {@link #toJson} wrote. */
  public static AlarmDefinition fromJson(String json) {
    return JSON.readValue(json, AlarmDefinition.class);
  }
}
