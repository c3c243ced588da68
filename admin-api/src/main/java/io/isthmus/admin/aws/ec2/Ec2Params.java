package io.isthmus.admin.aws.ec2;

import io.isthmus.admin.aws.QueryRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lists of an EC2 query request as the SDKs flatten them: {@code VpcId.1}, {@code
 * Filter.1.Name} with {@code Filter.1.Value.1}, {@code TagSpecification.1.Tag.1.Key}. Numbering
 * starts at 1 and a list ends at its first missing index, as EC2 reads it. Stateless.
 */
final class Ec2Params {
  private Ec2Params() {}

  /** The values of {@code prefix.1}, {@code prefix.2}, … */
  static List<String> values(QueryRequest request, String prefix) {
    List<String> values = new ArrayList<>();
    for (int i = 1; request.get(prefix + "." + i).isPresent(); i++) {
      values.add(request.get(prefix + "." + i).orElseThrow());
    }
    return values;
  }

  /** The tags {@code prefix.N.Key} / {@code prefix.N.Value}, in order; a missing value is "". */
  static Map<String, String> tags(QueryRequest request, String prefix) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 1; request.get(prefix + "." + i + ".Key").isPresent(); i++) {
      tags.put(
          request.get(prefix + "." + i + ".Key").orElseThrow(),
          request.get(prefix + "." + i + ".Value").orElse(""));
    }
    return tags;
  }

  /**
   * The tags that {@code TagSpecification.N} gives resources of {@code resourceType}; a key AWS
   * reserves ({@code aws:}) is InvalidParameterValue.
   */
  static Map<String, String> tagsFor(QueryRequest request, String resourceType) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 1; request.get("TagSpecification." + i + ".ResourceType").isPresent(); i++) {
      if (request
          .get("TagSpecification." + i + ".ResourceType")
          .orElseThrow()
          .equals(resourceType)) {
        tags.putAll(tags(request, "TagSpecification." + i + ".Tag"));
      }
    }
    Ec2Attributes.requireUserKeys(tags.keySet());
    return tags;
  }

  /** A filter of a Describe call: its name and the values any of which may match. */
  record Filter(String name, List<String> values) {}

  static List<Filter> filters(QueryRequest request) {
    List<Filter> filters = new ArrayList<>();
    for (int i = 1; request.get("Filter." + i + ".Name").isPresent(); i++) {
      filters.add(
          new Filter(
              request.get("Filter." + i + ".Name").orElseThrow(),
              values(request, "Filter." + i + ".Value")));
    }
    return filters;
  }
}
