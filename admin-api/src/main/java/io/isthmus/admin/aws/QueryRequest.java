package io.isthmus.admin.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an AWS query-protocol request (STS, EC2, CloudWatch as CLI v2 sends it): the
 * form body of a POST ({@code application/x-www-form-urlencoded}), else the query string. The first
 * value of a repeated name counts. Immutable.
 */
public record QueryRequest(Map<String, String> parameters) {
  public QueryRequest {
    parameters = Map.copyOf(parameters);
  }

  /** Parses {@code form} ({@code a=1&b=2}, percent-encoded, {@code +} a space); null is empty. */
  public static QueryRequest parse(String form) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (form != null && !form.isEmpty()) {
      for (String pair : form.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        parameters.putIfAbsent(name, value);
      }
    }
    return new QueryRequest(parameters);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // a malformed escape is kept as written; the action's checks report it
    }
  }
}
