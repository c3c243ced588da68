package io.isthmus.admin.aws.cloudwatch;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The query protocol's flattened parameters as a tree, so that one reader ({@link Params}) serves
 * both protocols: {@code MetricData.member.2.Dimensions.member.1.Name=Host} becomes {@code
 * {"MetricData":[…, {"Dimensions":[{"Name":"Host"}]}]}}. Lists keep their members' order by number;
 * every leaf is text. Stateless.
 */
final class QueryForm {
  private static final Pattern MEMBER_NUMBER = Pattern.compile("[1-9]\\d{0,5}");

  private QueryForm() {}

  /**
   * The tree of {@code parameters} (Action and Version included, harmlessly).
   *
   * @throws CloudWatchException when a name is used both for a value and for a structure or list
   */
  static JsonNode tree(Map<String, String> parameters) {
    TreeMap<Object, Object> root = new TreeMap<>();
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      put(root, parameter.getKey(), parameter.getKey().split("\\.", -1), 0, parameter.getValue());
    }
    return node(root);
  }

  // A structure is a TreeMap by name, a list a TreeMap by member number: never both keys in one.
  @SuppressWarnings("unchecked")
  private static void put(
      SortedMap<Object, Object> into, String name, String[] parts, int at, String value) {
    boolean member =
        parts[at].equals("member")
            && at + 1 < parts.length
            && MEMBER_NUMBER.matcher(parts[at + 1]).matches();
    Object key = member ? Integer.valueOf(parts[at + 1]) : parts[at];
    if (!into.isEmpty() && into.firstKey().getClass() != key.getClass()) {
      throw conflict(name);
    }
    int next = member ? at + 2 : at + 1;
    Object child = into.get(key);
    if (next == parts.length) {
      if (child != null) {
        throw conflict(name);
      }
      into.put(key, value);
      return;
    }
    if (child == null) {
      child = new TreeMap<>();
      into.put(key, child);
    } else if (!(child instanceof SortedMap<?, ?>)) {
      throw conflict(name);
    }
    put((SortedMap<Object, Object>) child, name, parts, next, value);
  }

  private static JsonNode node(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof String text) {
      return nodes.stringNode(text);
    }
    Map<?, ?> map = (Map<?, ?>) value;
    boolean list = !map.isEmpty() && map.keySet().iterator().next() instanceof Integer;
    if (list) {
      ArrayNode array = nodes.arrayNode();
      map.values().forEach(element -> array.add(node(element)));
      return array;
    }
    ObjectNode object = nodes.objectNode();
    map.forEach((name, element) -> object.set((String) name, node(element)));
    return object;
  }

  private static CloudWatchException conflict(String name) {
    return CloudWatchException.invalid(
        "The parameter " + name + " gives a value where a structure or list is, or the reverse.");
  }
}
