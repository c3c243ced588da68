package io.isthmus.admin.aws.route53;

import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The errors of the {@code /v1} health check rules under the names of the Route 53 elements a check
 * was translated from ({@link HealthCheckTranslation}), so that an AWS client is told about what it
 * sent: {@code failureThreshold} is FailureThreshold, {@code tcp.ip} IPAddress. Stateless.
 */
final class HealthCheckRuleErrors {
  private HealthCheckRuleErrors() {}

  /**
   * The {@code /v1} fields and the Route 53 elements they are made of, the first the one an error
   * is reported under. A {@code /v1} field is matched by its longest prefix here.
   */
  private static final Map<String, List<String>> ELEMENTS =
      Map.ofEntries(
          Map.entry("type", List.of("Type")),
          Map.entry("tcp", List.of("IPAddress", "Port")),
          Map.entry("tcp.ip", List.of("IPAddress")),
          Map.entry("tcp.port", List.of("Port")),
          Map.entry("http", List.of("IPAddress", "FullyQualifiedDomainName")),
          Map.entry(
              "http.url", List.of("ResourcePath", "IPAddress", "FullyQualifiedDomainName", "Port")),
          Map.entry("http.searchString", List.of("SearchString")),
          Map.entry("calculated", List.of("ChildHealthChecks", "HealthThreshold")),
          Map.entry("calculated.childHealthChecks", List.of("ChildHealthChecks")),
          Map.entry("calculated.healthThreshold", List.of("HealthThreshold")),
          // The alarm's condition, copied whole: its fields are no elements of the request.
          Map.entry("metric", List.of("AlarmIdentifier")),
          Map.entry("intervalSeconds", List.of("RequestInterval")),
          Map.entry("failureThreshold", List.of("FailureThreshold")),
          Map.entry("insufficientDataHealthStatus", List.of("InsufficientDataHealthStatus")));

  /**
   * The errors of the {@code /v1} rules under Route 53's element names, after the request's own: a
   * rule error about an element the request already complained of is left out, as it says the same.
   */
  static List<FieldError> merged(List<FieldError> requestErrors, List<FieldError> ruleErrors) {
    List<FieldError> all = new ArrayList<>(requestErrors);
    Set<String> named =
        Set.copyOf(requestErrors.stream().map(error -> root(error.field())).toList());
    for (FieldError error : ruleErrors) {
      String prefix = longestPrefix(error.field());
      if (prefix == null) {
        all.add(error);
        continue;
      }
      List<String> elements = ELEMENTS.get(prefix);
      if (elements.stream().noneMatch(named::contains)) {
        String rest = error.field().substring(prefix.length());
        boolean metric = prefix.equals("metric");
        String message =
            metric
                ? "the alarm's condition (" + error.field() + "): " + error.message()
                : prefix.equals("http.url")
                    ? "the probe URL it makes: " + error.message()
                    : error.message();
        all.add(new FieldError(elements.get(0) + (metric ? "" : rest), message));
      }
    }
    return all;
  }

  private static String longestPrefix(String field) {
    String best = null;
    for (String prefix : ELEMENTS.keySet()) {
      boolean matches =
          field.equals(prefix) || field.startsWith(prefix + ".") || field.startsWith(prefix + "[");
      if (matches && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best;
  }

  /** The element an error is about, without its member path: {@code AlarmIdentifier.Name}. */
  private static String root(String field) {
    int end = field.length();
    for (char c : new char[] {'.', '['}) {
      int at = field.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return field.substring(0, end);
  }
}
