package io.isthmus.admin.healthchecks;

import io.isthmus.config.FieldError;
import java.util.List;
import java.util.Map;

/**
 * The limits that metric names and dimensions share, in a health check's alarm and in pushed data
 * points: CloudWatch's (names and dimension names and values 1 to 255 characters, at most 30
 * dimensions). Stateless.
 */
final class MetricFields {
  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_DIMENSIONS = 30;

  /** How long the metric store keeps points at most (docs/spec/health.md "Metrics"). */
  static final long RETENTION_SECONDS = 24 * 60 * 60;

  private MetricFields() {}

  /** Adds an error when the required name is missing or not 1 to 255 characters. */
  static void requireName(String field, String value, List<FieldError> errors) {
    if (value == null) {
      errors.add(new FieldError(field, lastPart(field) + " is required"));
    } else if (!isName(value)) {
      errors.add(new FieldError(field, "must be 1 to " + MAX_NAME_LENGTH + " characters"));
    }
  }

  /**
   * Adds an error for too many dimensions (on {@code field}), for each bad name (on {@code field},
   * naming it: a field named after a bad name would be unreadable) and each bad value (on {@code
   * field.name}).
   */
  static void checkDimensions(
      String field, Map<String, String> dimensions, List<FieldError> errors) {
    if (dimensions == null) {
      return;
    }
    if (dimensions.size() > MAX_DIMENSIONS) {
      errors.add(new FieldError(field, "at most " + MAX_DIMENSIONS + " dimensions"));
    }
    for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
      if (!isName(dimension.getKey())) {
        errors.add(
            new FieldError(
                field,
                "dimension names must be 1 to "
                    + MAX_NAME_LENGTH
                    + " characters: \""
                    + abbreviate(dimension.getKey())
                    + "\""));
      } else if (!isName(dimension.getValue())) {
        errors.add(
            new FieldError(
                field + "." + dimension.getKey(),
                "must be 1 to " + MAX_NAME_LENGTH + " characters"));
      }
    }
  }

  /** 1 to 255 characters (code points, so a letter outside the BMP counts once). */
  private static boolean isName(String value) {
    int length = value.codePointCount(0, value.length());
    return length >= 1 && length <= MAX_NAME_LENGTH;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static String lastPart(String field) {
    return field.substring(field.lastIndexOf('.') + 1);
  }
}
