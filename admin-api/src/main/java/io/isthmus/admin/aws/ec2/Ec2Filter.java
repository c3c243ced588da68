package io.isthmus.admin.aws.ec2;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code Filter.N} of EC2's Describe calls: a resource passes when every filter matches, and a
 * filter matches when any of its values matches any of the resource's values for its name. Values
 * may hold EC2's wildcards, {@code *} (any characters) and {@code ?} (one), {@code \} escaping
 * them. {@code tag:<key>} matches the value of that tag, {@code tag-key} the keys. An unknown
 * filter name is EC2's InvalidParameterValue. Stateless.
 */
final class Ec2Filter {
  private Ec2Filter() {}

  static <T> List<T> apply(
      List<T> resources,
      List<Ec2Params.Filter> filters,
      Map<String, Function<T, List<String>>> fields,
      Function<T, Map<String, String>> tags) {
    for (Ec2Params.Filter filter : filters) {
      boolean known =
          fields.containsKey(filter.name())
              || filter.name().equals("tag-key")
              || filter.name().startsWith("tag:");
      if (!known) {
        throw new Ec2Error(
            "InvalidParameterValue", "The filter '" + filter.name() + "' is invalid");
      }
    }
    return resources.stream()
        .filter(
            resource ->
                filters.stream()
                    .allMatch(filter -> matches(filter, valuesOf(resource, filter, fields, tags))))
        .toList();
  }

  private static <T> List<String> valuesOf(
      T resource,
      Ec2Params.Filter filter,
      Map<String, Function<T, List<String>>> fields,
      Function<T, Map<String, String>> tags) {
    if (filter.name().equals("tag-key")) {
      return List.copyOf(tags.apply(resource).keySet());
    }
    if (filter.name().startsWith("tag:")) {
      String value = tags.apply(resource).get(filter.name().substring("tag:".length()));
      return value == null ? List.of() : List.of(value);
    }
    return fields.get(filter.name()).apply(resource);
  }

  private static boolean matches(Ec2Params.Filter filter, List<String> values) {
    return filter.values().stream()
        .map(Ec2Filter::pattern)
        .anyMatch(pattern -> values.stream().anyMatch(v -> pattern.matcher(v).matches()));
  }

  /** The wildcard value as a regular expression. */
  static Pattern pattern(String wildcard) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < wildcard.length(); i++) {
      char c = wildcard.charAt(i);
      if (c == '\\' && i + 1 < wildcard.length()) {
        regex.append(Pattern.quote(String.valueOf(wildcard.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
