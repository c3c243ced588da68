package io.isthmus.admin.aws.route53;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.FieldError;
import io.isthmus.config.RoutingFields;
import io.isthmus.zone.RecordChange;
import io.isthmus.zone.RecordSetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * A {@code ChangeResourceRecordSetsRequest} body as the change batch of {@code /v1} (docs/api.md
 * "Record sets and changes"), which then checks it like any other. Routing that Isthmus does not
 * offer (geolocation, geoproximity, CIDR, traffic policies) is an error naming the element; latency
 * ({@code Region}) is passed on, and refused by the batch as on {@code /v1}.
 */
record ChangeBatchXml(String comment, List<RecordChange> changes, List<FieldError> errors) {
  private static final List<String> UNSUPPORTED =
      List.of(
          "GeoLocation", "GeoProximityLocation", "CidrRoutingConfig", "TrafficPolicyInstanceId");

  static ChangeBatchXml read(Element root) {
    List<FieldError> errors = new ArrayList<>();
    List<RecordChange> changes = new ArrayList<>();
    Optional<Element> batch = RestXml.child(root, "ChangeBatch");
    if (!root.getLocalName().equals("ChangeResourceRecordSetsRequest") || batch.isEmpty()) {
      errors.add(
          new FieldError(
              "ChangeBatch", "a ChangeResourceRecordSetsRequest with a ChangeBatch is required"));
      return new ChangeBatchXml(null, changes, errors);
    }
    String comment = RestXml.text(batch.get(), "Comment").orElse(null);
    List<Element> items =
        RestXml.child(batch.get(), "Changes")
            .map(changesElement -> RestXml.children(changesElement, "Change"))
            .orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      String at = "Changes[" + i + "]";
      Element change = items.get(i);
      String action = RestXml.text(change, "Action").orElse(null);
      Optional<Element> set = RestXml.child(change, "ResourceRecordSet");
      if (set.isEmpty()) {
        errors.add(new FieldError(at + ".ResourceRecordSet", "ResourceRecordSet is required"));
        continue;
      }
      for (String unsupported : UNSUPPORTED) {
        if (RestXml.child(set.get(), unsupported).isPresent()) {
          errors.add(
              new FieldError(
                  at + ".ResourceRecordSet." + unsupported,
                  unsupported + " is not supported by Isthmus (docs/aws-api.md)"));
        }
      }
      changes.add(new RecordChange(action, spec(set.get(), at, errors)));
    }
    return new ChangeBatchXml(comment, changes, errors);
  }

  private static RecordSetSpec spec(Element set, String at, List<FieldError> errors) {
    String type = RestXml.text(set, "Type").orElse(null);
    List<String> records = new ArrayList<>();
    Optional<Element> list = RestXml.child(set, "ResourceRecords");
    List<Element> items = list.map(l -> RestXml.children(l, "ResourceRecord")).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      Optional<String> value = RestXml.text(items.get(i), "Value");
      if (value.isEmpty()) {
        // Route 53's model requires Value in a ResourceRecord; a hole would shift the others.
        errors.add(
            new FieldError(
                at + ".ResourceRecordSet.ResourceRecords[" + i + "].Value", "Value is required"));
      } else {
        records.add(RecordValues.absolute(type, value.get()));
      }
    }
    AliasTarget alias =
        RestXml.child(set, "AliasTarget")
            .map(
                target ->
                    new AliasTarget(
                        Route53Names.unescape(RestXml.text(target, "DNSName").orElse(null)),
                        Boolean.parseBoolean(
                            RestXml.text(target, "EvaluateTargetHealth").orElse("false"))))
            .orElse(null);
    return new RecordSetSpec(
        Route53Names.unescape(RestXml.text(set, "Name").orElse(null)),
        type,
        number(set, "TTL", at, errors),
        records,
        RestXml.text(set, "SetIdentifier").orElse(null),
        new RoutingFields(
            RestXml.text(set, "Failover").orElse(null),
            integer(set, "Weight", at, errors),
            RestXml.text(set, "MultiValueAnswer").map(Boolean::parseBoolean).orElse(null),
            RestXml.text(set, "Region").orElse(null)),
        RestXml.text(set, "HealthCheckId").orElse(null),
        alias);
  }

  private static Long number(Element set, String name, String at, List<FieldError> errors) {
    Optional<String> text = RestXml.text(set, name);
    try {
      return text.map(Long::valueOf).orElse(null);
    } catch (NumberFormatException e) {
      errors.add(new FieldError(at + ".ResourceRecordSet." + name, "not a number: " + text.get()));
      return null;
    }
  }

  private static Integer integer(Element set, String name, String at, List<FieldError> errors) {
    Long value = number(set, name, at, errors);
    if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      errors.add(new FieldError(at + ".ResourceRecordSet." + name, "out of range: " + value));
      return null;
    }
    return value == null ? null : value.intValue();
  }
}
