package io.isthmus.admin.healthchecks;

import io.isthmus.config.FieldError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads the values of a request body that {@code JsonInput} has no reader for: string maps
 * (dimensions), finite numbers (thresholds, metric values) and times. Like {@code JsonInput}, an
 * absent member and an explicit {@code null} read as null, and a value of the wrong JSON type is
 * reported under its field name and read as null; {@link #withRuleErrors} then drops the rule
 * errors these make redundant. Not thread-safe; one per request.
 */
final class JsonValues {
  /** Epoch seconds beyond this (the year 31 million or so) read as the end of time. */
  private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(1_000_000_000_000_000L);

  private final List<FieldError> shapeErrors = new ArrayList<>();

  /** The member {@code name} of {@code parent}, or null if parent is no object or it is absent. */
  static JsonNode member(JsonNode parent, String name) {
    if (parent == null || !parent.isObject()) {
      return null;
    }
    JsonNode value = parent.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /**
   * A JSON object whose values are strings. A value of another type is reported under {@code
   * field.key} and read as an empty string, so that the map still counts it.
   */
  Map<String, String> stringMap(JsonNode parent, String name, String field) {
    JsonNode value = member(parent, name);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      shapeErrors.add(new FieldError(field, "must be a JSON object of strings"));
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (entry.getValue().isString()) {
        map.put(entry.getKey(), entry.getValue().stringValue());
      } else {
        shapeErrors.add(new FieldError(field + "." + entry.getKey(), "must be a string"));
        map.put(entry.getKey(), "");
      }
    }
    return map;
  }

  /**
   * A JSON number that is a finite double. A string ("NaN", "1.5") is not a number; a number too
   * large for a double (1e999) is not finite, nor are NaN and Infinity should the parser allow
   * them. {@code -0.0} reads as {@code 0.0}: they compare alike with every value.
   */
  Double finiteNumber(JsonNode parent, String name, String field) {
    JsonNode value = member(parent, name);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      shapeErrors.add(new FieldError(field, "must be a number"));
      return null;
    }
    double number = doubleOf(value);
    if (!Double.isFinite(number)) {
      shapeErrors.add(
          new FieldError(field, "must be a finite number (at most about 1.8e308 in magnitude)"));
      return null;
    }
    return number + 0.0;
  }

  /**
   * A time: an ISO-8601 string ({@code 2025-03-01T12:00:00Z}, an offset instead of Z is converted)
   * or a number of seconds since the epoch, possibly with a fraction.
   */
  Instant time(JsonNode parent, String name, String field) {
    JsonNode value = member(parent, name);
    if (value == null) {
      return null;
    }
    String expected = "must be an ISO-8601 UTC time such as 2025-03-01T12:00:00Z or epoch seconds";
    if (value.isString()) {
      try {
        return Instant.parse(value.stringValue());
      } catch (DateTimeParseException e) {
        shapeErrors.add(new FieldError(field, expected));
        return null;
      }
    }
    if (!value.isNumber() || !Double.isFinite(doubleOf(value))) {
      shapeErrors.add(new FieldError(field, expected));
      return null;
    }
    BigDecimal seconds = value.decimalValue();
    // Far beyond any time a point may have (milliseconds given as seconds, say): the ends of time,
    // which the rules then refuse as too far ahead or too old, as they would any other time.
    if (seconds.compareTo(MAX_EPOCH_SECONDS) > 0) {
      return Instant.MAX;
    }
    if (seconds.compareTo(MAX_EPOCH_SECONDS.negate()) < 0) {
      return Instant.MIN;
    }
    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
    int nanos =
        seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).intValueExact();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  /** An array, or null if absent (or of the wrong type, which is reported). */
  List<JsonNode> array(JsonNode parent, String name, String field) {
    JsonNode value = member(parent, name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      shapeErrors.add(new FieldError(field, "must be an array"));
      return null;
    }
    List<JsonNode> elements = new ArrayList<>();
    value.forEach(elements::add);
    return elements;
  }

  /** Reports a shape problem found by the caller. */
  void report(String field, String message) {
    shapeErrors.add(new FieldError(field, message));
  }

  /**
   * The shape problems found here, then the rule errors that are not about a field (or part of a
   * field) with a shape problem: for those the client already learns what is wrong.
   */
  List<FieldError> withRuleErrors(List<FieldError> ruleErrors) {
    Set<String> shapeFields =
        shapeErrors.stream().map(FieldError::field).collect(Collectors.toUnmodifiableSet());
    List<FieldError> all = new ArrayList<>(shapeErrors);
    ruleErrors.stream().filter(e -> !within(e.field(), shapeFields)).forEach(all::add);
    return all;
  }

  private static boolean within(String field, Set<String> shapeFields) {
    for (String shape : shapeFields) {
      if (field.equals(shape) || field.startsWith(shape + ".") || field.startsWith(shape + "[")) {
        return true;
      }
    }
    return false;
  }

  /** Jackson 3 throws when a big integer does not fit a double; that is not finite for us. */
  private static double doubleOf(JsonNode number) {
    try {
      return number.doubleValue();
    } catch (RuntimeException e) {
      return Double.POSITIVE_INFINITY;
    }
  }
}
