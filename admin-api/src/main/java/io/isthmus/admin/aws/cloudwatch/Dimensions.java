package io.isthmus.admin.aws.cloudwatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CloudWatch's {@code Dimensions}, a list of {@code {Name, Value}}, as the name-to-value map a
 * metric is keyed by (the lengths and the count are checked where metrics are: MetricFields).
 * Stateless.
 */
final class Dimensions {
  private Dimensions() {}

  /** The dimensions of {@code params}'s {@code Dimensions}, empty when absent. */
  static Map<String, String> read(Params params) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    List<Params> list = params.list("Dimensions");
    if (list == null) {
      return dimensions;
    }
    for (Params dimension : list) {
      String name = dimension.requiredString("Name");
      String value = dimension.requiredString("Value");
      if (name == null || value == null) {
        continue;
      }
      if (dimensions.putIfAbsent(name, value) != null) {
        params
            .problems()
            .invalid(params.path("Dimensions"), "names the dimension " + name + " twice");
      }
    }
    return dimensions;
  }

  /** The list form of {@code dimensions}, by name so that a description is stable. */
  static List<Map<String, String>> list(Map<String, String> dimensions) {
    return new TreeMap<>(dimensions)
        .entrySet().stream().map(d -> dimension(d.getKey(), d.getValue())).toList();
  }

  private static Map<String, String> dimension(String name, String value) {
    Map<String, String> dimension = new LinkedHashMap<>();
    dimension.put("Name", name);
    dimension.put("Value", value);
    return dimension;
  }
}
