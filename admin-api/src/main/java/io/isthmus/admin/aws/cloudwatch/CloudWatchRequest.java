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
 * One CloudWatch call as its protocol carries it: awsJson1_0 (the operation in {@code
 * X-Amz-Target}, a JSON object as body), the query protocol (a form with {@code Action} and {@code
 * Version}) or Smithy RPC v2 CBOR (the operation in the path, a CBOR map as body). Immutable.
 *
 * @param operation such as {@code PutMetricAlarm}
 * @param input the parameters as a tree, the same for every protocol but for the leaves' types (all
 *     text in the query protocol's)
 */
record CloudWatchRequest(Protocol protocol, String operation, JsonNode input) {
  static final String VERSION = "2010-08-01";
  static final String SERVICE = "GraniteServiceVersion20100801";
  static final String TARGET_PREFIX = SERVICE + ".";
  static final String RPC_V2_PATH = Protocol.RPC_V2_PREFIX + SERVICE + "/operation/";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A percent sign not followed by two hex digits: a form no client would send. */
  private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  /**
   * Reads a call in {@code protocol}.
   *
   * @throws CloudWatchException for a body that is not JSON, CBOR or a form, an unknown version or
   *     a missing operation
   */
  static CloudWatchRequest read(Protocol protocol, CloudWatchApi.Call call) {
    return switch (protocol) {
      case JSON -> json(call.target(), call.body());
      case CBOR -> cbor(call.path(), call.body());
      case QUERY -> {
        boolean form =
            call.contentType() != null
                && call.contentType()
                    .toLowerCase(Locale.ROOT)
                    .startsWith("application/x-www-form-urlencoded");
        String parameters =
            form ? new String(call.body(), StandardCharsets.UTF_8) : call.queryString();
        yield query(parameters == null ? "" : parameters);
      }
    };
  }

  /** Parameters for {@link Params}, with problems gathered in {@code problems}. */
  Params params(Problems problems) {
    return Params.of(input, protocol == Protocol.QUERY, problems);
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
    return new CloudWatchRequest(Protocol.JSON, target.substring(TARGET_PREFIX.length()), input);
  }

  private static CloudWatchRequest cbor(String path, byte[] body) {
    if (!path.startsWith(RPC_V2_PATH) || path.length() == RPC_V2_PATH.length()) {
      throw CloudWatchException.sender(
          400,
          "InvalidAction",
          "The path must name the operation as " + RPC_V2_PATH + "<Operation>.");
    }
    JsonNode input;
    try {
      input = body.length == 0 ? JSON.createObjectNode() : Cbor.read(body);
    } catch (Cbor.MalformedException e) {
      throw serialization("The request body is not CBOR: " + e.getMessage() + ".");
    }
    if (!input.isObject()) {
      throw serialization("The request body must be a CBOR map.");
    }
    return new CloudWatchRequest(Protocol.CBOR, path.substring(RPC_V2_PATH.length()), input);
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
    return new CloudWatchRequest(Protocol.QUERY, action, QueryForm.tree(parameters.parameters()));
  }

  private static CloudWatchException serialization(String message) {
    return new CloudWatchException(AwsError.sender(400, "SerializationException", message));
  }
}
