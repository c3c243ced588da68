package io.isthmus.admin.rules;

import io.isthmus.admin.Ids;
import io.isthmus.admin.ResourceNames;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.FieldError;
import java.util.List;

/** The checks of the fields that creating and updating a rule share. Stateless. */
final class RuleFields {
  /** Route 53's limit on the targets of a forwarding rule. */
  static final int MAX_TARGETS = 6;

  private RuleFields() {}

  static void checkName(String name, List<FieldError> errors) {
    ResourceNames.checkName(name, errors);
  }

  static void checkTargets(List<AddressSpec> targets, List<FieldError> errors) {
    errors.addAll(AddressSpec.validateAll("targetIps", targets, 1, MAX_TARGETS));
  }

  /** Only the shape: whether it is the caller's OUTBOUND endpoint is checked against the store. */
  static void checkEndpointId(String endpointId, List<FieldError> errors) {
    if (endpointId == null) {
      return;
    }
    if (!Ids.isEndpointId(endpointId)) {
      errors.add(
          new FieldError("resolverEndpointId", "must be rslvr-out- and 17 hexadecimal digits"));
    } else if (Ids.isInboundEndpointId(endpointId)) {
      errors.add(
          new FieldError("resolverEndpointId", "must be an OUTBOUND endpoint, not an INBOUND one"));
    }
  }
}
