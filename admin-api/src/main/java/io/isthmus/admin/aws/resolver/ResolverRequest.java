package io.isthmus.admin.aws.resolver;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The input of one call, a JSON object (awsJson1_1), read member by member with the service model's
 * names. A member of the wrong JSON type or a missing required one is an {@code
 * InvalidParameterException} naming it. Immutable.
 */
final class ResolverRequest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JsonNode node;
  private final String path;

  private ResolverRequest(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Reads a request body; an empty body is an empty object, as the SDKs send for no input.
   *
   * @throws ResolverException SerializationException when it is not a JSON object
   */
  static ResolverRequest parse(byte[] body) {
    JsonNode input;
    try {
      input = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JacksonException e) {
      throw new ResolverException(400, "SerializationException", "The request body is not JSON.");
    }
    if (input == null || !input.isObject()) {
      throw new ResolverException(
          400, "SerializationException", "The request body must be a JSON object.");
    }
    return new ResolverRequest(input, "");
  }

  private String name(String member) {
    return path.isEmpty() ? member : path + "." + member;
  }

  private JsonNode value(String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? null : value;
  }

  boolean has(String member) {
    return value(member) != null;
  }

  /** A string member, or null when absent. */
  String string(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      throw ResolverException.invalidParameter(name(member) + " must be a string.");
    }
    return value.stringValue();
  }

  /** A string member that must be present and not empty. */
  String required(String member) {
    String value = string(member);
    if (value == null || value.isEmpty()) {
      throw ResolverException.invalidParameter(name(member) + " is required.");
    }
    return value;
  }

  /** An integer member, or null when absent. */
  Integer integer(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ResolverException.invalidParameter(name(member) + " must be a whole number.");
    }
    return value.intValue();
  }

  /** A list of objects, empty when absent. */
  List<ResolverRequest> objects(String member) {
    List<ResolverRequest> objects = new ArrayList<>();
    List<JsonNode> elements = elements(member);
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      if (!element.isObject()) {
        throw ResolverException.invalidParameter(name(member) + "[" + i + "] must be an object.");
      }
      objects.add(new ResolverRequest(element, name(member) + "[" + i + "]"));
    }
    return objects;
  }

  /** An object member, or null when absent. */
  ResolverRequest object(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw ResolverException.invalidParameter(name(member) + " must be an object.");
    }
    return new ResolverRequest(value, name(member));
  }

  /** A list of strings, empty when absent. */
  List<String> strings(String member) {
    List<String> strings = new ArrayList<>();
    for (JsonNode element : elements(member)) {
      if (!element.isString()) {
        throw ResolverException.invalidParameter(name(member) + " must list strings.");
      }
      strings.add(element.stringValue());
    }
    return strings;
  }

  private List<JsonNode> elements(String member) {
    JsonNode value = value(member);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw ResolverException.invalidParameter(name(member) + " must be a list.");
    }
    List<JsonNode> elements = new ArrayList<>();
    value.forEach(elements::add);
    return elements;
  }
}
