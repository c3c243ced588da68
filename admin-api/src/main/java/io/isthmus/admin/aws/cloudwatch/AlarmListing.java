package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.config.CloudWatchAlarm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DescribeAlarms: the account's alarms in the region by name, filtered, in pages of {@code
 * MaxRecords}; {@code NextToken} is the next page's first name, encoded so that clients treat it as
 * opaque. Stateless.
 */
final class AlarmListing {
  static final int DEFAULT_MAX_RECORDS = 50;
  static final int MAX_RECORDS = 100;

  private static final Set<String> STATE_VALUES = Set.of("OK", "ALARM", "INSUFFICIENT_DATA");
  private static final Set<String> ALARM_TYPES = Set.of("MetricAlarm", "CompositeAlarm");

  /** Parameters about composite alarms, which Isthmus does not have. */
  private static final List<String> UNSUPPORTED =
      List.of("ChildrenOfAlarmName", "ParentsOfAlarmName");

  private AlarmListing() {}

  /** What DescribeAlarms asks for. */
  record Query(
      List<String> names,
      String namePrefix,
      String stateValue,
      String actionPrefix,
      boolean metricAlarms,
      int maxRecords,
      String fromName) {

    boolean matches(String name, AlarmDefinition definition) {
      return (names == null || names.contains(name))
          && (namePrefix == null || name.startsWith(namePrefix))
          && (fromName == null || name.compareTo(fromName) >= 0)
          && (actionPrefix == null || hasActionWithPrefix(definition));
    }

    private boolean hasActionWithPrefix(AlarmDefinition definition) {
      List<String> actions = new ArrayList<>(definition.okActions());
      actions.addAll(definition.alarmActions());
      actions.addAll(definition.insufficientDataActions());
      return actions.stream().anyMatch(action -> action.startsWith(actionPrefix));
    }
  }

  /**
   * @throws CloudWatchException listing every problem
   */
  static Query read(Params params) {
    Problems problems = params.problems();
    for (String parameter : UNSUPPORTED) {
      if (params.has(parameter)) {
        problems.invalid(parameter, "is not supported: Isthmus has no composite alarms");
      }
    }
    List<String> names = params.strings("AlarmNames");
    if (names != null && names.size() > MAX_RECORDS) {
      problems.invalid("AlarmNames", "must list at most " + MAX_RECORDS + " names");
    }
    String prefix = params.string("AlarmNamePrefix");
    if (names != null && prefix != null) {
      throw CloudWatchException.sender(
          400,
          "InvalidParameterCombination",
          "AlarmNames and AlarmNamePrefix cannot be given together.");
    }
    String stateValue = params.string("StateValue");
    if (stateValue != null && !STATE_VALUES.contains(stateValue)) {
      problems.invalid("StateValue", "must be one of OK, ALARM, INSUFFICIENT_DATA");
    }
    List<String> types = params.strings("AlarmTypes");
    if (types != null && !ALARM_TYPES.containsAll(types)) {
      problems.invalid("AlarmTypes", "must list MetricAlarm or CompositeAlarm");
    }
    Integer maxRecords = params.integer("MaxRecords");
    if (maxRecords != null && (maxRecords < 1 || maxRecords > MAX_RECORDS)) {
      problems.invalid("MaxRecords", "must be within 1.." + MAX_RECORDS);
    }
    String token = params.string("NextToken");
    String actionPrefix = params.string("ActionPrefix");
    problems.throwIfAny();
    return new Query(
        names,
        prefix,
        stateValue,
        actionPrefix,
        types == null || types.isEmpty() || types.contains("MetricAlarm"),
        maxRecords == null ? DEFAULT_MAX_RECORDS : maxRecords,
        token == null ? null : nameOf(token));
  }

  /** The output of DescribeAlarms for {@code alarms}, all of the account and region, by name. */
  static Map<String, Object> describe(
      Query query, List<CloudWatchAlarm> alarms, AlarmStates states, Instant now) {
    List<Object> page = new ArrayList<>();
    String nextToken = null;
    if (query.metricAlarms()) {
      // Java's order of names, which NextToken compares in, whatever the store's collation.
      List<CloudWatchAlarm> byName =
          alarms.stream().sorted(Comparator.comparing(CloudWatchAlarm::name)).toList();
      for (CloudWatchAlarm alarm : byName) {
        AlarmDefinition definition = AlarmDefinition.fromJson(alarm.definition());
        if (!query.matches(alarm.name(), definition)) {
          continue;
        }
        // Evaluated only for the alarms that pass the other filters.
        AlarmStates.State state = states.of(alarm.accountId(), definition.condition(), now);
        if (query.stateValue() != null && !query.stateValue().equals(state.value())) {
          continue;
        }
        if (page.size() == query.maxRecords()) {
          nextToken = tokenOf(alarm.name());
          break;
        }
        page.add(AlarmView.of(alarm, definition, state));
      }
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("MetricAlarms", page);
    output.put("CompositeAlarms", List.of());
    output.put("NextToken", nextToken);
    return output;
  }

  static String tokenOf(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String nameOf(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw CloudWatchException.sender(
          400, "InvalidNextToken", "The NextToken is not one DescribeAlarms gave.");
    }
  }
}
