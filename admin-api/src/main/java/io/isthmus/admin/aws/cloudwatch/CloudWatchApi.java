package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.healthchecks.MetricHistory;
import io.isthmus.admin.healthchecks.MetricService;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudWatch (API version 2010-08-01) over awsJson1_0, the query protocol and Smithy RPC v2 CBOR
 * ({@link Protocol}): metric data in, metric alarms stored per account and region (docs/aws-api.md
 * "CloudWatch"). The account is the caller's, the region the one the request was signed for.
 * Thread-safe.
 */
public final class CloudWatchApi {
  private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final String CBOR_CONTENT_TYPE = "application/cbor";
  private static final Map<String, String> RPC_V2_HEADERS =
      Map.of("smithy-protocol", "rpc-v2-cbor");

  /** The header of an error's query-protocol code. */
  public static final String QUERY_ERROR_HEADER = "x-amzn-query-error";

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
   * One request as it arrived. The body is the caller's: it is read, never changed.
   *
   * @param path the request's path: Smithy RPC v2 names the operation there
   * @param target the {@code X-Amz-Target} header (JSON protocol), null if absent
   * @param queryString the URL's query, null if none
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Call(
      String path, String contentType, String target, String queryString, byte[] body) {}

  /**
   * The answer to a call: a body in the client's protocol (an error too, in Smithy RPC v2 CBOR), or
   * an error for the AWS listener to write as JSON or XML.
   */
  public sealed interface Answer {
    /**
     * @param headers to add to the response, such as {@code smithy-protocol}
     * @param body not to be changed
     */
    @SuppressWarnings("ArrayRecordComponent")
    record Done(int status, String contentType, Map<String, String> headers, byte[] body)
        implements Answer {
      /** The body as text (JSON, XML). */
      public String text() {
        return new String(body, StandardCharsets.UTF_8);
      }
    }

    record Failed(AwsError error, boolean json) implements Answer {}
  }

  public Answer handle(Caller caller, String region, Call call, String requestId) {
    Protocol protocol = Protocol.of(call.path(), call.contentType());
    try {
      CloudWatchRequest request = CloudWatchRequest.read(protocol, call);
      Map<String, ?> output =
          answer(caller, region, request.operation(), request.params(new Problems()));
      return switch (protocol) {
        case JSON ->
            new Answer.Done(200, JSON_CONTENT_TYPE, Map.of(), utf8(ResultBody.json(output)));
        case QUERY ->
            new Answer.Done(
                200,
                "text/xml",
                Map.of(),
                utf8(ResultBody.xml(request.operation(), output, requestId)));
        case CBOR -> new Answer.Done(200, CBOR_CONTENT_TYPE, RPC_V2_HEADERS, Cbor.write(output));
      };
    } catch (CloudWatchException e) {
      return failed(protocol, e.error());
    } catch (ApiException e) {
      // The metric service's refusals, such as LimitExceeded when the metric store is full.
      return failed(protocol, AwsError.sender(e.status(), e.code(), e.detail()));
    }
  }

  /**
   * The value of {@value #QUERY_ERROR_HEADER}, from which clients of CloudWatch's JSON and CBOR
   * protocols read the query protocol's error code (its {@code awsQueryCompatible} trait).
   */
  public static String queryError(AwsError error) {
    return error.code() + ";" + (error.sender() ? "Sender" : "Receiver");
  }

  private static Answer failed(Protocol protocol, AwsError error) {
    if (protocol != Protocol.CBOR) {
      return new Answer.Failed(error, protocol == Protocol.JSON);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", error.code());
    body.put("message", error.message());
    Map<String, String> headers = new LinkedHashMap<>(RPC_V2_HEADERS);
    headers.put(QUERY_ERROR_HEADER, queryError(error));
    return new Answer.Done(error.status(), CBOR_CONTENT_TYPE, headers, Cbor.write(body));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
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
