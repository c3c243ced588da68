package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.healthchecks.HealthCheckSpec;
import io.isthmus.admin.healthchecks.HealthCheckSpec.MetricSpec;
import io.isthmus.config.FieldError;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PutMetricAlarm's parameters as an {@link AlarmDefinition}. The condition must be one a METRIC
 * health check can hold, since a health check may follow the alarm: its shared rules (names, period
 * × evaluation periods within the metric retention, datapoints to alarm at most the evaluation
 * periods) are the health check API's own ({@link HealthCheckSpec#validate}). What Isthmus does not
 * evaluate (metric math, percentiles, anomaly bands) is refused by name. Stateless.
 */
final class AlarmInput {
  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_DESCRIPTION_LENGTH = 1024;
  static final int MAX_ACTIONS = 5;

  static final Set<String> TREAT_MISSING_DATA =
      Set.of("breaching", "notBreaching", "ignore", "missing");

  static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  /** Parameters of PutMetricAlarm that describe alarms Isthmus cannot evaluate. */
  private static final List<String> UNSUPPORTED =
      List.of(
          "Metrics",
          "ExtendedStatistic",
          "ThresholdMetricId",
          "EvaluateLowSampleCountPercentile",
          "Tags");

  /** The health check API's names of the condition's fields, and CloudWatch's. */
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "metric.namespace", "Namespace",
          "metric.metricName", "MetricName",
          "metric.dimensions", "Dimensions",
          "metric.statistic", "Statistic",
          "metric.periodSeconds", "Period",
          "metric.evaluationPeriods", "EvaluationPeriods",
          "metric.datapointsToAlarm", "DatapointsToAlarm",
          "metric.comparison", "ComparisonOperator",
          "metric.threshold", "Threshold");

  private AlarmInput() {}

  /** A valid PutMetricAlarm. */
  record PutAlarm(String name, AlarmDefinition definition) {}

  /**
   * @throws CloudWatchException listing every problem
   */
  static PutAlarm read(Params params) {
    Problems problems = params.problems();
    for (String parameter : UNSUPPORTED) {
      if (params.has(parameter)) {
        problems.invalid(parameter, "is not supported by Isthmus (docs/aws-api.md, CloudWatch)");
      }
    }
    String name = params.requiredString("AlarmName");
    if (name != null && (name.isEmpty() || name.length() > MAX_NAME_LENGTH)) {
      problems.invalid("AlarmName", "must be 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String description = params.string("AlarmDescription");
    if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
      problems.invalid(
          "AlarmDescription", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
    }
    Boolean actionsEnabled = params.bool("ActionsEnabled");
    List<String> okActions = actions(params, "OKActions");
    List<String> alarmActions = actions(params, "AlarmActions");
    List<String> insufficientDataActions = actions(params, "InsufficientDataActions");
    String unit = params.string("Unit");
    if (unit != null && !UNITS.contains(unit)) {
      problems.invalid("Unit", "must be one of CloudWatch's units, such as Count or Percent");
    }
    String treatMissingData = params.string("TreatMissingData");
    if (treatMissingData != null && !TREAT_MISSING_DATA.contains(treatMissingData)) {
      problems.invalid(
          "TreatMissingData", "must be one of breaching, notBreaching, ignore, missing");
    }
    MetricAlarm condition = condition(params, problems);
    problems.throwIfAny();
    return new PutAlarm(
        name,
        new AlarmDefinition(
            condition,
            description,
            actionsEnabled == null || actionsEnabled,
            okActions,
            alarmActions,
            insufficientDataActions,
            unit,
            treatMissingData));
  }

  /** The condition, or null when it has problems (reported). */
  private static MetricAlarm condition(Params params, Problems problems) {
    String namespace = params.requiredString("Namespace");
    String metricName = params.requiredString("MetricName");
    Map<String, String> dimensions = Dimensions.read(params);
    String statistic = params.requiredString("Statistic");
    if (statistic != null && label(Statistic.values(), statistic, Statistic::label) == null) {
      problems.invalid("Statistic", "must be one of SampleCount, Average, Sum, Minimum, Maximum");
    }
    Integer period = required(params, "Period", params.integer("Period"));
    if (period != null && period != 10 && period != 30 && period % 60 != 0) {
      problems.invalid("Period", "must be 10, 30 or a multiple of 60 seconds");
    }
    Integer evaluationPeriods =
        required(params, "EvaluationPeriods", params.integer("EvaluationPeriods"));
    Integer datapointsToAlarm = params.integer("DatapointsToAlarm");
    Double threshold = required(params, "Threshold", params.number("Threshold"));
    String comparison = params.requiredString("ComparisonOperator");
    if (comparison != null && label(Comparison.values(), comparison, Comparison::label) == null) {
      problems.invalid(
          "ComparisonOperator",
          "must be one of "
              + Arrays.stream(Comparison.values())
                  .map(Comparison::label)
                  .collect(Collectors.joining(", "))
              + " (band comparisons need anomaly detection, which Isthmus does not have)");
    }
    MetricSpec spec =
        new MetricSpec(
            namespace,
            metricName,
            dimensions,
            statistic,
            period,
            evaluationPeriods,
            datapointsToAlarm,
            comparison,
            threshold);
    // The fields already reported are not reported again in the health check API's words.
    Set<String> alreadyReported = problems.fields();
    List<FieldError> ruleErrors =
        new HealthCheckSpec("METRIC", spec, null, null, null, null, null, null, null, null)
            .validate();
    for (FieldError error : ruleErrors) {
      String parameter = PARAMETERS.getOrDefault(error.field(), error.field());
      if (parameter.startsWith("metric.dimensions.")) {
        parameter = "Dimensions";
      }
      if (!alreadyReported.contains(parameter)) {
        problems.invalid(parameter, cloudWatchWords(error.message()));
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new MetricAlarm(
        namespace,
        metricName,
        dimensions,
        label(Statistic.values(), statistic, Statistic::label),
        period,
        evaluationPeriods,
        datapointsToAlarm == null ? evaluationPeriods : datapointsToAlarm,
        label(Comparison.values(), comparison, Comparison::label),
        threshold);
  }

  private static List<String> actions(Params params, String name) {
    List<String> actions = params.strings(name);
    if (actions != null && actions.size() > MAX_ACTIONS) {
      params.problems().invalid(name, "must list at most " + MAX_ACTIONS + " actions");
    }
    return actions;
  }

  private static <T> T required(Params params, String name, T value) {
    if (!params.has(name)) {
      params.problems().missing(name);
    }
    return value;
  }

  /** The health check API's field names in a message, as PutMetricAlarm's parameters. */
  private static String cloudWatchWords(String message) {
    return message
        .replace("evaluationPeriods", "EvaluationPeriods")
        .replace("periodSeconds", "Period")
        .replace("datapointsToAlarm", "DatapointsToAlarm");
  }

  private static <E> E label(
      E[] values, String text, java.util.function.Function<E, String> label) {
    return Arrays.stream(values).filter(v -> label.apply(v).equals(text)).findFirst().orElse(null);
  }
}
