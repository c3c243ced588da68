package io.isthmus.admin.accounts;

import io.isthmus.admin.Ids;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to create an account: {@code id} (12 digits, generated when null) and {@code name}.
 * Immutable.
 */
public record AccountSpec(String id, String name) {
  static final int MAX_NAME_LENGTH = 64;

  /** Every problem with the fields on their own. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (id != null && !Ids.isAccountId(id)) {
      errors.add(new FieldError("id", "must be 12 digits"));
    }
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "name is required"));
    } else if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
      errors.add(
          new FieldError(
              "name", "must be at most " + MAX_NAME_LENGTH + " characters without control codes"));
    }
    return errors;
  }
}
