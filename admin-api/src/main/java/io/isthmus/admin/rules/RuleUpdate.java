package io.isthmus.admin.rules;

import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A PATCH of a resolver rule: each field given replaces the rule's, the others stay. The domain,
 * type and region of a rule never change: its associations were checked against them. Immutable.
 */
public record RuleUpdate(String name, List<AddressSpec> targetIps, String resolverEndpointId) {

  /** Every problem with the fields given, on their own. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    RuleFields.checkName(name, errors);
    if (targetIps != null) {
      RuleFields.checkTargets(targetIps, errors);
    }
    RuleFields.checkEndpointId(resolverEndpointId, errors);
    return errors;
  }
}
