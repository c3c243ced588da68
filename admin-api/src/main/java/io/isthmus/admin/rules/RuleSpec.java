package io.isthmus.admin.rules;

import io.isthmus.admin.ResourceNames;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverRule.RuleType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request to create a resolver rule. Immutable.
 *
 * @param name 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
 * @param domainName the domain the rule applies to, and below; {@code .} for every name
 * @param ruleType FORWARD or SYSTEM
 * @param targetIps FORWARD: 1 to {@value RuleFields#MAX_TARGETS} addresses; SYSTEM: none
 * @param resolverEndpointId FORWARD: the caller's OUTBOUND endpoint; SYSTEM: none
 * @param region FORWARD: optional, must be the endpoint's VPC region; SYSTEM: required
 */
public record RuleSpec(
    String name,
    String domainName,
    String ruleType,
    List<AddressSpec> targetIps,
    String resolverEndpointId,
    String region) {

  /** Every problem with the fields on their own and with their combination for the type. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (name == null) {
      errors.add(new FieldError("name", "name is required"));
    }
    RuleFields.checkName(name, errors);
    if (domainName == null) {
      errors.add(new FieldError("domainName", "domainName is required"));
    } else if (DnsNames.normalize(domainName).isEmpty()) {
      errors.add(new FieldError("domainName", "not a valid DNS name"));
    }
    if (ruleType == null) {
      errors.add(new FieldError("ruleType", "ruleType is required"));
    } else if (parsedType().isEmpty()) {
      errors.add(new FieldError("ruleType", "must be FORWARD or SYSTEM"));
    }
    RuleFields.checkEndpointId(resolverEndpointId, errors);
    if (region != null && !ResourceNames.isRegion(region)) {
      errors.add(new FieldError("region", "must look like us-east-1"));
    }
    Optional<RuleType> type = parsedType();
    if (type.equals(Optional.of(RuleType.FORWARD))) {
      RuleFields.checkTargets(targetIps, errors);
      if (resolverEndpointId == null) {
        errors.add(
            new FieldError("resolverEndpointId", "a FORWARD rule needs an outbound endpoint"));
      }
    } else if (type.equals(Optional.of(RuleType.SYSTEM))) {
      if (targetIps != null && !targetIps.isEmpty()) {
        errors.add(new FieldError("targetIps", "a SYSTEM rule has no targets"));
      }
      if (resolverEndpointId != null) {
        errors.add(new FieldError("resolverEndpointId", "a SYSTEM rule has no endpoint"));
      }
      if (region == null) {
        errors.add(new FieldError("region", "a SYSTEM rule needs a region"));
      }
    }
    return errors;
  }

  /** The rule type of a valid spec. */
  public RuleType type() {
    return parsedType().orElseThrow();
  }

  /** The domain in stored form (trailing dot, lower case, A-labels) of a valid spec. */
  public String normalizedDomainName() {
    return DnsNames.normalize(domainName).orElseThrow();
  }

  private Optional<RuleType> parsedType() {
    return Arrays.stream(RuleType.values()).filter(t -> t.name().equals(ruleType)).findFirst();
  }
}
