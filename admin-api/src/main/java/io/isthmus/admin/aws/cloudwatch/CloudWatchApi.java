package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.healthchecks.MetricService;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudWatch (API version 2010-08-01) over awsJson1_0 and the query protocol: metric data in,
 * metric alarms stored per account and region (docs/aws-api.md "CloudWatch"). The account is the
 * caller's, the region the one the request was signed for. Thread-safe.
 */
public final class CloudWatchApi {
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";

  /** CloudWatch's bound on the names one DeleteAlarms names. */
  private static final int MAX_DELETED = 100;

  private final MetricDataPut metricData;
  private final Alarms alarms;
  private final AlarmStates states;
  private final Clock clock;

  public CloudWatchApi(
      ConfigStore store, MetricService metrics, Optional<MetricHistory> history, Clock clock) {
    this.metricData = new MetricDataPut(metrics);
    this.alarms = new Alarms(store, clock);
    this.states = new AlarmStates(history);
    this.clock = clock;
  }

  /**
   * One request as it arrived.
   *
   * @param target the {@code X-Amz-Target} header (JSON protocol), null if absent
   * @param queryString the URL's query, null if none
   */
  public record Call(String contentType, String target, String queryString, byte[] body) {}

  /** The answer to a call: a body in the client's protocol, or an error to write in its shape. */
  public sealed interface Answer {
    record Done(String contentType, String body) implements Answer {}

    record Failed(AwsError error, boolean json) implements Answer {}
  }

  public Answer handle(Caller caller, String region, Call call, String requestId) {
    boolean json = CloudWatchRequest.isJson(call.contentType());
    try {
      CloudWatchRequest request =
          CloudWatchRequest.read(
              call.contentType(), call.target(), call.queryString(), call.body());
      Map<String, ?> output =
          answer(caller, region, request.operation(), request.params(new Problems()));
      return request.json()
          ? new Answer.Done(JSON_CONTENT_TYPE, ResultBody.json(output))
          : new Answer.Done("text/xml", ResultBody.xml(request.operation(), output, requestId));
    } catch (CloudWatchException e) {
      return new Answer.Failed(e.error(), json);
    } catch (ApiException e) {
      // The metric service's refusals, such as LimitExceeded when the metric store is full.
      return new Answer.Failed(AwsError.sender(e.status(), e.code(), e.detail()), json);
    }
  }

  private Map<String, ?> answer(Caller caller, String region, String operation, Params params) {
    String accountId = caller.account().id();
    switch (operation) {
      case "PutMetricData" -> {
        metricData.put(caller, params);
        return Map.of();
      }
      case "PutMetricAlarm" -> {
        AlarmInput.PutAlarm alarm = AlarmInput.read(params);
        alarms.put(accountId, region, alarm.name(), alarm.definition());
        return Map.of();
      }
      case "DescribeAlarms" -> {
        AlarmListing.Query query = AlarmListing.read(params);
        return AlarmListing.describe(
            query, alarms.list(accountId, region), states, clock.instant());
      }
      case "DeleteAlarms" -> {
        alarms.delete(accountId, region, deletedNames(params));
        return Map.of();
      }
      default -> throw unserved(operation);
    }
  }

  private static List<String> deletedNames(Params params) {
    Problems problems = params.problems();
    List<String> names = params.strings("AlarmNames");
    if (names == null && !params.has("AlarmNames")) {
      problems.missing("AlarmNames");
    } else if (names != null && (names.isEmpty() || names.size() > MAX_DELETED)) {
      problems.invalid("AlarmNames", "must list 1 to " + MAX_DELETED + " names");
    }
    problems.throwIfAny();
    return names;
  }

  private static CloudWatchException unserved(String operation) {
    return CloudWatchException.sender(
        400,
        "InvalidAction",
        "The operation "
            + operation
            + " of CloudWatch "
            + CloudWatchRequest.VERSION
            + " is not served by Isthmus; docs/aws-api.md lists those that are.");
  }
}
