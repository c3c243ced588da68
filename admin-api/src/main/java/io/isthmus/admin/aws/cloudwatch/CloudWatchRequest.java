package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One CloudWatch call as either protocol carries it: awsJson1_0 (the operation in {@code
 * X-Amz-Target}, a JSON object as body: boto3, CLI v1) or the query protocol (a form with {@code
 * Action} and {@code Version}: CLI v2, older botocore). Immutable.
 *
 * @param json whether the client speaks JSON, and so reads answers and errors as JSON
 * @param operation such as {@code PutMetricAlarm}
 * @param input the parameters as a tree, the same for both protocols but for the leaves' types
 */
record CloudWatchRequest(boolean json, String operation, JsonNode input) {
  static final String VERSION = "2010-08-01";
  static final String TARGET_PREFIX = "GraniteServiceVersion20100801.";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A percent sign not followed by two hex digits: a form no client would send. */
  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  /** Whether a request of this content type is a JSON-protocol one. */
  static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-amz-json");
  }

  /**
   * Reads a call.
   *
   * @param target the {@code X-Amz-Target} header, null if absent
   * @param queryString the URL's query, null if none: the query protocol's parameters when the body
   *     is not a form (a GET)
   * @throws CloudWatchException for a body that is not JSON or a form, an unknown version or a
   *     missing operation
   */
  static CloudWatchRequest read(
      String contentType, String target, String queryString, byte[] body) {
    if (isJson(contentType)) {
      return json(target, body);
    }
    boolean form =
        contentType != null
            && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    String parameters = form ? new String(body, StandardCharsets.UTF_8) : queryString;
    return query(parameters == null ? "" : parameters);
  }

  /** Parameters for {@link Params}, with problems gathered in {@code problems}. */
  Params params(Problems problems) {
    return Params.of(input, !json, problems);
  }

  private static CloudWatchRequest json(String target, byte[] body) {
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw CloudWatchException.sender(
          400,
          "InvalidAction",
          "X-Amz-Target must name the operation as " + TARGET_PREFIX + "<Operation>.");
    }
    JsonNode input;
    try {
      input = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JacksonException e) {
      throw serialization("The request body is not JSON.");
    }
    if (!input.isObject()) {
      throw serialization("The request body must be a JSON object.");
    }
    return new CloudWatchRequest(true, target.substring(TARGET_PREFIX.length()), input);
  }

  private static CloudWatchRequest query(String form) {
    if (BAD_ESCAPE.matcher(form).find()) {
      throw CloudWatchException.sender(
          400, "MalformedQueryString", "The form has a malformed percent-encoding.");
    }
    QueryRequest parameters = QueryRequest.parse(form);
    String action = parameters.get("Action").orElse("");
    if (action.isEmpty()) {
      throw CloudWatchException.sender(400, "MissingAction", "The request must name an Action.");
    }
    String version = parameters.get("Version").orElse(VERSION);
    if (!version.equals(VERSION)) {
      throw CloudWatchException.sender(
          400,
          "InvalidAction",
          "Could not find operation "
              + action
              + " for version "
              + version
              + "; "
              + VERSION
              + " is served.");
    }
    return new CloudWatchRequest(false, action, QueryForm.tree(parameters.parameters()));
  }

  private static CloudWatchException serialization(String message) {
    return new CloudWatchException(AwsError.sender(400, "SerializationException", message));
  }
}
