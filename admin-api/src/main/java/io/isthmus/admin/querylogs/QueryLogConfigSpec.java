package io.isthmus.admin.querylogs;

import io.isthmus.admin.ResourceNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.QueryLogConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request to create a query-logging configuration. Immutable.
 *
 * @param name 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
 * @param destination {@code file:NAME}, NAME matching {@code [A-Za-z0-9._-]{1,64}}, or {@code
 *     stdout} (the operator's only)
 */
public record QueryLogConfigSpec(String name, String destination) {
  /**
   * A file name without any path: no separator can occur, and with the {@code .jsonl} suffix the
   * file stays inside its owner's directory whatever the dots.
   */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Every problem with the fields; {@code operator} tells whether the caller may use stdout. */
  public List<FieldError> validate(boolean operator) {
    List<FieldError> errors = new ArrayList<>();
    ResourceNames.requireName(name, errors);
    if (destination == null) {
      errors.add(new FieldError("destination", "destination is required"));
    } else if (destination.equals(QueryLogConfig.STDOUT)) {
      if (!operator) {
        errors.add(
            new FieldError(
                "destination", "stdout is for the operator only; use file:NAME instead"));
      }
    } else if (!destination.startsWith(QueryLogConfig.FILE_PREFIX)
        || !FILE_NAME
            .matcher(destination.substring(QueryLogConfig.FILE_PREFIX.length()))
            .matches()) {
      errors.add(
          new FieldError(
              "destination",
              "must be file:NAME, NAME being 1 to 64 letters, digits, '.', '_' or '-' (no path),"
                  + (operator ? " or stdout" : "")));
    }
    return errors;
  }
}
