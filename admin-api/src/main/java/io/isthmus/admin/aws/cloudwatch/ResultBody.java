package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.aws.Xml;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An operation's output written in the client's protocol. The output is a tree of {@code
 * Map<String, ?>} (a structure, fields in order), {@code List<?>} (a list), {@code String}, {@code
 * Integer}, {@code Double}, {@code Boolean} and {@code Instant}; a null field is left out. JSON
 * writes times as seconds since the epoch, XML as ISO 8601 and list elements as {@code member}, as
 * the two protocols define them. Stateless.
 */
final class ResultBody {
  static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ResultBody() {}

  static String json(Map<String, ?> output) {
    return JSON.writeValueAsString(jsonObject(output));
  }

  /**
   * The query protocol's response: {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata>}; an
   * operation without output has no result element.
   */
  static String xml(String operation, Map<String, ?> output, String requestId) {
    StringBuilder xml =
        new StringBuilder("<")
            .append(operation)
            .append("Response xmlns=\"")
            .append(NAMESPACE)
            .append("\">");
    if (!output.isEmpty()) {
      xml.append('<').append(operation).append("Result>");
      xmlFields(output, xml);
      xml.append("</").append(operation).append("Result>");
    }
    return xml.append("<ResponseMetadata><RequestId>")
        .append(Xml.text(requestId))
        .append("</RequestId></ResponseMetadata></")
        .append(operation)
        .append("Response>")
        .toString();
  }

  private static ObjectNode jsonObject(Map<String, ?> fields) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    fields.forEach(
        (name, value) -> {
          if (value != null) {
            object.set(name, jsonValue(value));
          }
        });
    return object;
  }

  private static tools.jackson.databind.JsonNode jsonValue(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value instanceof Map<?, ?> map) {
      return jsonObject(fields(map));
    }
    if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(element -> array.add(jsonValue(element)));
      return array;
    }
    if (value instanceof Instant time) {
      return nodes.numberNode(BigDecimal.valueOf(time.toEpochMilli(), 3));
    }
    if (value instanceof Integer number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Double number) {
      return nodes.numberNode(number);
    }
    if (value instanceof Boolean flag) {
      return nodes.booleanNode(flag);
    }
    return nodes.stringNode((String) value);
  }

  private static void xmlFields(Map<String, ?> fields, StringBuilder xml) {
    fields.forEach(
        (name, value) -> {
          if (value != null) {
            xml.append('<').append(name).append('>');
            xmlValue(value, xml);
            xml.append("</").append(name).append('>');
          }
        });
  }

  private static void xmlValue(Object value, StringBuilder xml) {
    if (value instanceof Map<?, ?> map) {
      xmlFields(fields(map), xml);
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        xml.append("<member>");
        xmlValue(element, xml);
        xml.append("</member>");
      }
    } else {
      xml.append(Xml.text(value.toString()));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> fields(Map<?, ?> map) {
    return (Map<String, ?>) map;
  }
}
