package io.isthmus.admin.aws.ram;

import io.isthmus.admin.aws.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The members of a RAM request: its JSON body (camelCase members, as the service model names them),
 * or its query string for DeleteResourceShare. A member of the wrong JSON type is an
 * InvalidParameterException naming it. Immutable.
 */
final class RamRequest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** AWS RAM's largest page. */
  static final int MAX_RESULTS = 500;

  private final JsonNode members;

  private RamRequest(JsonNode members) {
    this.members = members;
  }

  /**
   * @throws RamError InvalidParameterException if the body is not a JSON object (an empty body is
   *     an empty object, as botocore sends a request without members)
   */
  static RamRequest ofBody(byte[] body) {
    if (new String(body, StandardCharsets.UTF_8).isBlank()) {
      return new RamRequest(JsonNodeFactory.instance.objectNode());
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JacksonException e) {
      throw RamError.invalidParameter("The request body is not valid JSON.");
    }
    if (tree == null || !tree.isObject()) {
      throw RamError.invalidParameter("The request body is not a JSON object.");
    }
    return new RamRequest(tree);
  }

  /** The members of a request sent in its query string. */
  static RamRequest ofQuery(QueryRequest query, List<String> names) {
    ObjectNode members = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      query.get(name).ifPresent(value -> members.put(name, value));
    }
    return new RamRequest(members);
  }

  Optional<String> string(String name) {
    JsonNode value = members.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString()) {
      throw wrongType(name, "a string");
    }
    return Optional.of(value.stringValue());
  }

  /** A member the operation requires: InvalidParameterException when it is missing or empty. */
  String required(String name) {
    return string(name)
        .filter(value -> !value.isEmpty())
        .orElseThrow(() -> RamError.invalidParameter("The parameter " + name + " is required."));
  }

  /** A list of strings; empty when the member is missing. */
  List<String> strings(String name) {
    JsonNode value = members.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(name, "a list of strings");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isString()) {
        throw wrongType(name, "a list of strings");
      }
      items.add(item.stringValue());
    }
    return items;
  }

  boolean bool(String name, boolean missing) {
    JsonNode value = members.get(name);
    if (value == null || value.isNull()) {
      return missing;
    }
    if (!value.isBoolean()) {
      throw wrongType(name, "a boolean");
    }
    return value.booleanValue();
  }

  /**
   * The page size, {@link #MAX_RESULTS} when missing.
   *
   * @param error the error code of a size out of 1 to 500 for this operation
   */
  int maxResults(String error) {
    JsonNode value = members.get("maxResults");
    if (value == null || value.isNull()) {
      return MAX_RESULTS;
    }
    if (!value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.intValue() < 1
        || value.intValue() > MAX_RESULTS) {
      throw new RamError(error, "maxResults must be an integer from 1 to " + MAX_RESULTS + ".");
    }
    return value.intValue();
  }

  /** The {@code tags} member, {@code [{"key":..,"value":..}]}, by key in their order. */
  Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : objects("tags")) {
      JsonNode key = tag.get("key");
      JsonNode value = tag.get("value");
      if (key == null || !key.isString() || key.stringValue().isEmpty()) {
        throw RamError.invalidParameter("Each tag must have a key.");
      }
      if (value != null && !value.isNull() && !value.isString()) {
        throw wrongType("tags", "a list of {key, value} objects");
      }
      tags.put(key.stringValue(), value == null || value.isNull() ? "" : value.stringValue());
    }
    return tags;
  }

  /** The {@code tagFilters} member: key → the values it may have (any value when empty). */
  Map<String, List<String>> tagFilters() {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (JsonNode filter : objects("tagFilters")) {
      JsonNode key = filter.get("tagKey");
      if (key == null || !key.isString()) {
        throw RamError.invalidParameter("Each tag filter must have a tagKey.");
      }
      List<String> values = new ArrayList<>();
      JsonNode given = filter.get("tagValues");
      if (given != null && given.isArray()) {
        given.forEach(v -> values.add(v.asString()));
      }
      filters.put(key.stringValue(), values);
    }
    return filters;
  }

  private List<JsonNode> objects(String name) {
    JsonNode value = members.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(name, "a list of objects");
    }
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw wrongType(name, "a list of objects");
      }
      items.add(item);
    }
    return items;
  }

  private static RamError wrongType(String name, String type) {
    return RamError.invalidParameter("The parameter " + name + " must be " + type + ".");
  }
}
