package io.isthmus.admin.aws.route53;

import java.util.Locale;
import java.util.Map;

/**
 * Record values as Route 53 reads them: a domain name in a value is always fully qualified, with or
 * without its trailing dot ({@code web.example.com} is {@code web.example.com.}), where {@code /v1}
 * reads a name without one relative to the zone, as a zone file does. ExternalDNS writes CNAME
 * targets without the dot, so the facade adds it before the batch reaches {@code /v1}.
 */
final class RecordValues {
  /**
   * For each type whose values hold domain names, the whitespace-separated fields that are names: 0
   * is the first, -1 the last (NAPTR's replacement follows quoted strings that may hold spaces).
   */
  private static final Map<String, int[]> NAME_FIELDS =
      Map.of(
          "CNAME", new int[] {0},
          "NS", new int[] {0},
          "PTR", new int[] {0},
          "MX", new int[] {1},
          "SRV", new int[] {3},
          "SOA", new int[] {0, 1},
          "NAPTR", new int[] {-1});

  private RecordValues() {}

  /** {@code value} of a record of {@code type} with its names fully qualified; null stays null. */
  static String absolute(String type, String value) {
    int[] fields = type == null ? null : NAME_FIELDS.get(type.toUpperCase(Locale.ROOT));
    if (fields == null || value == null || value.isBlank()) {
      return value;
    }
    String[] parts = value.trim().split("\\s+", -1);
    for (int field : fields) {
      int at = field < 0 ? parts.length + field : field;
      if (at >= 0 && at < parts.length && !parts[at].endsWith(".")) {
        parts[at] = parts[at] + ".";
      }
    }
    return String.join(" ", parts);
  }
}
