package io.isthmus.admin.aws.cloudwatch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The parameters of one structure of a request, read the same way whichever protocol carried them:
 * a JSON object (awsJson1_0, typed values) or the query protocol's flattened form made into a tree
 * ({@link QueryForm}, every value text). Each reader returns null when the value is absent or
 * wrong, and reports a wrong one to the request's {@link Problems} under the parameter's name as
 * the client wrote it. Not thread-safe: one per request.
 */
final class Params {
  private final JsonNode node;
  private final String path;
  private final boolean query;
  private final Problems problems;

  private Params(JsonNode node, String path, boolean query, Problems problems) {
    this.node = node;
    this.path = path;
    this.query = query;
    this.problems = problems;
  }

  /** The top-level structure of a request. */
  static Params of(JsonNode root, boolean query, Problems problems) {
    return new Params(root, "", query, problems);
  }

  Problems problems() {
    return problems;
  }

  /**
   * The parameter's name in messages: {@code MetricData.member.1.Value} or {@code
   * MetricData[0].Value}.
   */
  String path(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  String string(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      problems.invalid(path(name), "must be a string");
      return null;
    }
    return value.stringValue();
  }

  /** A required string: reported missing when absent. */
  String requiredString(String name) {
    if (!has(name)) {
      problems.missing(path(name));
      return null;
    }
    return string(name);
  }

  Integer integer(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (query && value.isString()) {
      try {
        return Integer.valueOf(value.stringValue().trim());
      } catch (NumberFormatException e) {
        problems.invalid(path(name), "must be a whole number");
        return null;
      }
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      problems.invalid(path(name), "must be a whole number");
      return null;
    }
    return value.intValue();
  }

  /** A finite number. */
  Double number(String name) {
    return number(value(name), path(name));
  }

  Boolean bool(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (query && value.isString()) {
      switch (value.stringValue()) {
        case "true" -> {
          return true;
        }
        case "false" -> {
          return false;
        }
        default -> {}
      }
    }
    problems.invalid(path(name), "must be true or false");
    return null;
  }

  /**
   * A time: ISO 8601 text (the query protocol's form) or seconds since the epoch (the JSON
   * protocol's, a number that may have a fraction).
   */
  Instant time(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    try {
      if (value.isNumber()) {
        return epochSeconds(value.decimalValue());
      }
      if (value.isString()) {
        String text = value.stringValue().trim();
        return text.matches("-?\\d+(\\.\\d+)?")
            ? epochSeconds(new BigDecimal(text))
            : OffsetDateTime.parse(text).toInstant();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // reported below
    }
    problems.invalid(path(name), "must be an ISO 8601 time or seconds since the epoch");
    return null;
  }

  /** The structures of a list parameter; null when absent. */
  List<Params> list(String name) {
    List<JsonNode> elements = elements(name);
    if (elements == null) {
      return null;
    }
    List<Params> list = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      if (!element.isObject()) {
        problems.invalid(element(name, i), "must be a structure");
        continue;
      }
      list.add(new Params(element, element(name, i), query, problems));
    }
    return list;
  }

  /** The strings of a list parameter; null when absent. */
  List<String> strings(String name) {
    List<JsonNode> elements = elements(name);
    if (elements == null) {
      return null;
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      if (element.isString()) {
        list.add(element.stringValue());
      } else {
        problems.invalid(element(name, i), "must be a string");
      }
    }
    return list;
  }

  /** The finite numbers of a list parameter, null for a wrong one; null when absent. */
  List<Double> numbers(String name) {
    List<JsonNode> elements = elements(name);
    if (elements == null) {
      return null;
    }
    List<Double> list = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      list.add(number(elements.get(i), element(name, i)));
    }
    return list;
  }

  private Double number(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    Double number = null;
    if (value.isNumber()) {
      number = value.doubleValue();
    } else if (query && value.isString()) {
      try {
        number = Double.valueOf(value.stringValue().trim());
      } catch (NumberFormatException e) {
        number = null;
      }
    }
    if (number == null || !Double.isFinite(number)) {
      problems.invalid(field, "must be a finite number");
      return null;
    }
    return number;
  }

  private List<JsonNode> elements(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      problems.invalid(path(name), "must be a list");
      return null;
    }
    List<JsonNode> elements = new ArrayList<>();
    value.forEach(elements::add);
    return elements;
  }

  private String element(String name, int index) {
    return query ? path(name) + ".member." + (index + 1) : path(name) + "[" + index + "]";
  }

  private JsonNode value(String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  private static Instant epochSeconds(BigDecimal seconds) {
    // Milliseconds are as fine as the metric store keeps; a time beyond a long is reported.
    return Instant.ofEpochMilli(
        seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
  }
}
