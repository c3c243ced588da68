package io.isthmus.admin.web;

import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON request body field by field and collects every shape problem (a value of the wrong
 * JSON type, a body that is not an object) instead of stopping at the first, as
 * docs/spec/admin-api.md asks of validation errors. An absent field and an explicit {@code null}
 * both read as null: whether a field is required is a rule of the request, checked with the other
 * rules by the services. Fields the API does not know are ignored, so clients written for a later
 * version keep working. Not thread-safe; one per request.
 */
public final class JsonInput {
  private final JsonNode node;
  private final String path;
  private final List<FieldError> errors;

  private JsonInput(JsonNode node, String path, List<FieldError> errors) {
    this.node = node;
    this.path = path;
    this.errors = errors;
  }

  /** The request body, which must be a JSON object. */
  public static JsonInput of(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || body.isNull() || body.isMissingNode()) {
      errors.add(new FieldError("", "a JSON object body is required"));
      return new JsonInput(null, "", errors);
    }
    if (!body.isObject()) {
      errors.add(new FieldError("", "the body must be a JSON object"));
      return new JsonInput(null, "", errors);
    }
    return new JsonInput(body, "", errors);
  }

  public String string(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      return wrongType(name, "a string");
    }
    return value.stringValue();
  }

  /** An integral number within the range of a Java long. */
  public Long integer(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      return wrongType(name, "an integer");
    }
    return value.longValue();
  }

  /** An integral number within the range of a Java int. */
  public Integer int32(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      return wrongType(name, "an integer");
    }
    return value.intValue();
  }

  public Boolean bool(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      return wrongType(name, "true or false");
    }
    return value.booleanValue();
  }

  /**
   * An array of strings. An element of another type (null included) is reported and read as an
   * empty string, so the indexes of the others stay those the client sent.
   */
  public List<String> strings(String name) {
    List<JsonNode> elements = array(name);
    if (elements == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      if (element.isString()) {
        out.add(element.stringValue());
      } else {
        errors.add(new FieldError(field(name) + "[" + i + "]", "must be a string"));
        out.add("");
      }
    }
    return out;
  }

  /** A nested object, or null if absent (or of the wrong type, which is reported). */
  public JsonInput object(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      return wrongType(name, "a JSON object");
    }
    return new JsonInput(value, field(name), errors);
  }

  /**
   * An array of objects. An element that is not an object is reported and read as null, so the
   * indexes of the others stay those the client sent.
   */
  public List<JsonInput> objects(String name) {
    List<JsonNode> elements = array(name);
    if (elements == null) {
      return null;
    }
    List<JsonInput> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      String at = field(name) + "[" + i + "]";
      if (elements.get(i).isObject()) {
        out.add(new JsonInput(elements.get(i), at, errors));
      } else {
        errors.add(new FieldError(at, "must be a JSON object"));
        out.add(null);
      }
    }
    return out;
  }

  /**
   * Throws InvalidInput if shape problems were found or {@code ruleErrors} is not empty, listing
   * the shape problems and the rule errors of the fields that were readable, so the client sees
   * every problem at once.
   */
  public void requireValid(List<FieldError> ruleErrors) {
    if (errors.isEmpty() && ruleErrors.isEmpty()) {
      return;
    }
    Set<String> shapeFields =
        errors.stream().map(FieldError::field).collect(Collectors.toUnmodifiableSet());
    List<FieldError> all = new ArrayList<>(errors);
    ruleErrors.stream().filter(e -> !within(e.field(), shapeFields)).forEach(all::add);
    throw ApiException.invalidInput(all);
  }

  /** A rule error on a field (or a part of one) that already has a shape error is redundant. */
  private static boolean within(String field, Set<String> shapeFields) {
    for (String shape : shapeFields) {
      if (shape.isEmpty()
          || field.equals(shape)
          || field.startsWith(shape + ".")
          || field.startsWith(shape + "[")) {
        return true;
      }
    }
    return false;
  }

  private List<JsonNode> array(String name) {
    JsonNode value = value(name);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      return wrongType(name, "an array");
    }
    List<JsonNode> out = new ArrayList<>();
    value.forEach(out::add);
    return out;
  }

  private JsonNode value(String name) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  @SuppressWarnings("TypeParameterUnusedInFormals") // null of any type, for the caller's return
  private <T> T wrongType(String name, String expected) {
    errors.add(new FieldError(field(name), "must be " + expected));
    return null;
  }

  private String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
