package io.isthmus.admin.aws.route53;

import io.isthmus.admin.aws.Xml;
import io.isthmus.config.FieldError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * {@link HealthCheckConfig} in Route 53's XML: read from a HealthCheckConfig element or an
 * UpdateHealthCheckRequest (the same elements, by name), written as a HealthCheckConfig element.
 * What Isthmus cannot honour whatever the type (Regions, MeasureLatency, RoutingControlArn) is
 * refused here, by element name. Stateless.
 */
final class HealthCheckConfigXml {
  private HealthCheckConfigXml() {}

  /** Route 53's limits on the text fields (the HealthCheckConfig shape). */
  static final int MAX_TEXT = 255;

  static final int MAX_ALARM_NAME = 256;

  /**
   * The fields {@code parent} gives; each element that is not of its shape's form adds an error and
   * reads as absent.
   */
  static HealthCheckConfig read(Element parent, List<FieldError> errors) {
    Fields fields = new Fields(parent, errors);
    refuseUnsupported(parent, fields, errors);
    String alarmRegion = null;
    String alarmName = null;
    Optional<Element> alarm = RestXml.child(parent, "AlarmIdentifier");
    if (alarm.isPresent()) {
      alarmRegion = RestXml.text(alarm.get(), "Region").orElse(null);
      alarmName = RestXml.text(alarm.get(), "Name").orElse(null);
      if (alarmRegion == null || alarmRegion.isEmpty() || alarmName == null) {
        errors.add(new FieldError("AlarmIdentifier", "Region and Name are required"));
      } else if (alarmName.isEmpty() || alarmName.length() > MAX_ALARM_NAME) {
        errors.add(
            new FieldError("AlarmIdentifier.Name", "1 to " + MAX_ALARM_NAME + " characters"));
      }
    }
    List<String> children =
        RestXml.child(parent, "ChildHealthChecks")
            .map(
                list ->
                    RestXml.children(list, "ChildHealthCheck").stream()
                        .map(child -> child.getTextContent().trim())
                        .toList())
            .orElse(null);
    return new HealthCheckConfig(
        fields.text("Type", MAX_TEXT),
        fields.text("IPAddress", MAX_TEXT),
        fields.integer("Port"),
        fields.text("ResourcePath", MAX_TEXT),
        fields.text("FullyQualifiedDomainName", MAX_TEXT),
        fields.text("SearchString", MAX_TEXT),
        fields.integer("RequestInterval"),
        fields.integer("FailureThreshold"),
        fields.bool("Inverted"),
        fields.bool("Disabled"),
        fields.integer("HealthThreshold"),
        children,
        fields.bool("EnableSNI"),
        alarmRegion,
        alarmName,
        fields.text("InsufficientDataHealthStatus", MAX_TEXT));
  }

  /** The ResetElements of an UpdateHealthCheckRequest, each one Route 53 knows. */
  static Set<String> resetElements(Element request, List<FieldError> errors) {
    Set<String> reset = new LinkedHashSet<>();
    RestXml.child(request, "ResetElements")
        .ifPresent(
            list ->
                RestXml.children(list, "ResettableElementName")
                    .forEach(
                        element -> {
                          String name = element.getTextContent().trim();
                          if (HealthCheckConfig.RESETTABLE.contains(name)) {
                            reset.add(name);
                          } else {
                            errors.add(
                                new FieldError(
                                    "ResetElements",
                                    name
                                        + " is not one of "
                                        + String.join(
                                            ", ",
                                            HealthCheckConfig.RESETTABLE.stream()
                                                .sorted()
                                                .toList())));
                          }
                        }));
    return reset;
  }

  /**
   * Isthmus probes from one place (the health leader), measures no latency and has no Application
   * Recovery Controller: asking for these would silently get something else.
   */
  private static void refuseUnsupported(Element parent, Fields fields, List<FieldError> errors) {
    boolean regions =
        RestXml.child(parent, "Regions")
            .map(list -> !RestXml.children(list, "Region").isEmpty())
            .orElse(false);
    if (regions) {
      errors.add(
          new FieldError(
              "Regions", "Isthmus probes from its health leader only; regions cannot be chosen"));
    }
    if (Boolean.TRUE.equals(fields.bool("MeasureLatency"))) {
      errors.add(new FieldError("MeasureLatency", "Isthmus does not measure latency"));
    }
    if (RestXml.child(parent, "RoutingControlArn").isPresent()) {
      errors.add(
          new FieldError(
              "RoutingControlArn", "Isthmus has no Application Recovery Controller routing"));
    }
  }

  /** The HealthCheckConfig element of {@code config}; absent fields are left out. */
  static String write(HealthCheckConfig config) {
    StringBuilder xml = new StringBuilder("<HealthCheckConfig>");
    element(xml, "IPAddress", config.ipAddress());
    element(xml, "Port", config.port());
    element(xml, "Type", config.type());
    element(xml, "ResourcePath", config.resourcePath());
    element(xml, "FullyQualifiedDomainName", config.fullyQualifiedDomainName());
    element(xml, "SearchString", config.searchString());
    element(xml, "RequestInterval", config.requestInterval());
    element(xml, "FailureThreshold", config.failureThreshold());
    element(xml, "Inverted", config.inverted());
    element(xml, "Disabled", config.disabled());
    element(xml, "HealthThreshold", config.healthThreshold());
    if (config.childHealthChecks() != null) {
      xml.append("<ChildHealthChecks>");
      config.childHealthChecks().forEach(child -> element(xml, "ChildHealthCheck", child));
      xml.append("</ChildHealthChecks>");
    }
    element(xml, "EnableSNI", config.enableSni());
    if (config.hasAlarm()) {
      xml.append("<AlarmIdentifier>");
      element(xml, "Region", config.alarmRegion());
      element(xml, "Name", config.alarmName());
      xml.append("</AlarmIdentifier>");
    }
    element(xml, "InsufficientDataHealthStatus", config.insufficientDataHealthStatus());
    return xml.append("</HealthCheckConfig>").toString();
  }

  static void element(StringBuilder xml, String name, Object value) {
    if (value != null) {
      xml.append('<')
          .append(name)
          .append('>')
          .append(Xml.text(String.valueOf(value)))
          .append("</")
          .append(name)
          .append('>');
    }
  }

  /** Typed reads of child elements, each problem added to the errors under the element's name. */
  private record Fields(Element parent, List<FieldError> errors) {
    String text(String name, int maxLength) {
      String text = RestXml.text(parent, name).orElse(null);
      if (text != null && text.length() > maxLength) {
        errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
        return null;
      }
      return text;
    }

    Integer integer(String name) {
      return parsed(name, Integer::valueOf, "a whole number");
    }

    Boolean bool(String name) {
      return parsed(
          name,
          text -> {
            if (!text.equals("true") && !text.equals("false")) {
              throw new IllegalArgumentException(text);
            }
            return Boolean.valueOf(text);
          },
          "true or false");
    }

    private <T> T parsed(String name, Function<String, T> parse, String expected) {
      Optional<String> text = RestXml.text(parent, name);
      if (text.isEmpty()) {
        return null;
      }
      try {
        return parse.apply(text.get());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(name, "must be " + expected));
        return null;
      }
    }
  }
}
