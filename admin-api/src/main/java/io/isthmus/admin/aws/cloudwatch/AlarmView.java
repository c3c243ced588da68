package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.config.CloudWatchAlarm;
import io.isthmus.config.HealthCheck.MetricAlarm;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code MetricAlarm} of DescribeAlarms' output. Stateless. */
final class AlarmView {
  private AlarmView() {}

  /** The ARN of an alarm: the account id is the one STS's GetCallerIdentity reports. */
  static String arn(String region, String accountId, String name) {
    return "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + name;
  }

  static Map<String, Object> of(
      CloudWatchAlarm alarm, AlarmDefinition definition, AlarmStates.State state) {
    MetricAlarm condition = definition.condition();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("AlarmName", alarm.name());
    view.put("AlarmArn", arn(alarm.region(), alarm.accountId(), alarm.name()));
    view.put("AlarmDescription", definition.description());
    view.put("AlarmConfigurationUpdatedTimestamp", alarm.updatedAt());
    view.put("ActionsEnabled", definition.actionsEnabled());
    view.put("OKActions", definition.okActions());
    view.put("AlarmActions", definition.alarmActions());
    view.put("InsufficientDataActions", definition.insufficientDataActions());
    view.put("StateValue", state.value());
    view.put("StateReason", state.reason());
    // No transitions are kept (the state is evaluated on read): the last put stands for them.
    view.put("StateUpdatedTimestamp", alarm.updatedAt());
    view.put("MetricName", condition.metricName());
    view.put("Namespace", condition.namespace());
    view.put("Statistic", condition.statistic().label());
    view.put("Dimensions", Dimensions.list(condition.dimensions()));
    view.put("Period", condition.periodSeconds());
    view.put("Unit", definition.unit());
    view.put("EvaluationPeriods", condition.evaluationPeriods());
    view.put("DatapointsToAlarm", condition.datapointsToAlarm());
    view.put("Threshold", condition.threshold());
    view.put("ComparisonOperator", condition.comparison().label());
    view.put("TreatMissingData", definition.treatMissingData());
    return view;
  }
}
