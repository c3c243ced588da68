package io.isthmus.admin;

import io.isthmus.config.FieldError;
import java.util.List;
import java.util.regex.Pattern;

/** The shapes shared by the names and regions of VPCs, resolver endpoints and rules. Stateless. */
public final class ResourceNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)*-[0-9]+");

  private ResourceNames() {}

  /** Adds an error on field {@code name} when a given name has the wrong shape. */
  public static void checkName(String name, List<FieldError> errors) {
    if (name != null && !NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              "name",
              "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
  }

  /** Adds errors on field {@code name} when the name is missing or has the wrong shape. */
  public static void requireName(String name, List<FieldError> errors) {
    if (name == null) {
      errors.add(new FieldError("name", "name is required"));
    }
    checkName(name, errors);
  }

  /** Whether {@code region} looks like a region name such as {@code us-east-1}. */
  public static boolean isRegion(String region) {
    return REGION.matcher(region).matches();
  }
}
