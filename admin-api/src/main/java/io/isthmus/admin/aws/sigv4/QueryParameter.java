package io.isthmus.admin.aws.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One {@code name=value} pair of a query string, both in SigV4's canonical encoding (see {@link
 * UriEncoding}): decoded from what was received, then encoded again, so that equivalent spellings
 * ({@code %7E} and {@code ~}, {@code %2a} and {@code %2A}) sign the same.
 *
 * @param name the canonical name
 * @param value the canonical value; empty for a parameter written without {@code =}
 */
record QueryParameter(String name, String value) {

  /** Sorted by name, then value, as the canonical query string is (the SigV4 spec, step 3). */
  static final Comparator<QueryParameter> CANONICAL_ORDER =
      Comparator.comparing(QueryParameter::name).thenComparing(QueryParameter::value);

  /** The parameters of {@code rawQuery} in the order received; empty pieces are skipped. */
  static List<QueryParameter> parse(String rawQuery) {
    List<QueryParameter> parameters = new ArrayList<>();
    for (String piece : rawQuery.split("&", -1)) {
      if (piece.isEmpty()) {
        continue;
      }
      int equals = piece.indexOf('=');
      String name = equals < 0 ? piece : piece.substring(0, equals);
      String value = equals < 0 ? "" : piece.substring(equals + 1);
      parameters.add(
          new QueryParameter(
              UriEncoding.encode(UriEncoding.decode(name), false),
              UriEncoding.encode(UriEncoding.decode(value), false)));
    }
    return parameters;
  }

  /** The value as text, for the parameters the verifier reads itself (the presigned ones). */
  String decodedValue() {
    return new String(UriEncoding.decode(value), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
