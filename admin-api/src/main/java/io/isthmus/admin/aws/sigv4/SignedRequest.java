package io.isthmus.admin.aws.sigv4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A received HTTP request as the verifier needs it, independent of any web framework.
 *
 * <p>The path and query are taken exactly as they came over the wire (still percent-encoded, as
 * {@code HttpServletRequest.getRequestURI()} and {@code getQueryString()} give them): the canonical
 * request is built from the encoded form, and decoding first would lose the difference between,
 * say, {@code /} and {@code %2F}.
 *
 * @param method the HTTP method, such as {@code GET}
 * @param rawPath the request path as received, percent-encoded; empty counts as {@code /}
 * @param rawQuery the query string as received (without the {@code ?}), or null or empty for none
 * @param headers every header received, by name; the constructor lower-cases the names (HTTP header
 *     names are case-insensitive, RFC 9110 section 5.1) and merges names that then coincide, in
 *     order
 * @param payload the request body, empty for none; not copied, so callers must not change it
 */
public record SignedRequest(
    String method,
    String rawPath,
    @Nullable String rawQuery,
    Map<String, List<String>> headers,
    byte[] payload) {

  public SignedRequest {
    Map<String, List<String>> lowerCased = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            lowerCased
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
    lowerCased.replaceAll((name, values) -> List.copyOf(values));
    headers = Map.copyOf(lowerCased);
  }

  /** The values of header {@code name} (any case), in the order received; empty if absent. */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The first value of header {@code name} (any case), if it was sent. */
  public Optional<String> firstHeader(String name) {
    List<String> values = header(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The raw query string, empty rather than null when there is none. */
  public String query() {
    return rawQuery == null ? "" : rawQuery;
  }

  /**
   * Method, path, query and header names only: the values may carry signatures and tokens, and the
   * body may be large, so neither belongs in a log line.
   */
  @Override
  public String toString() {
    return "SignedRequest["
        + method
        + " "
        + rawPath
        + (query().isEmpty() ? "" : "?" + query())
        + ", headers="
        + headers.keySet()
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
