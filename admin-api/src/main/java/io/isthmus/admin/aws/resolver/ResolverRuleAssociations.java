package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.lint.LintWarning;
import io.isthmus.admin.rules.RuleAssociationService;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.Vpc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Associations of resolver rules with VPCs (docs/spec/resolution.md section 2) through {@link
 * RuleAssociationService}. An association is in force once made, so its status is COMPLETE; what
 * the rule takes from the VPC's zones is its StatusMessage. Its Name is kept with the VPC's owner.
 */
final class ResolverRuleAssociations {
  private final ConfigStore store;
  private final RuleAssociationService associations;

  ResolverRuleAssociations(ConfigStore store, RuleAssociationService associations) {
    this.store = store;
    this.associations = associations;
  }

  ObjectNode associate(Caller caller, ResolverRequest request) {
    String ruleId = request.required("ResolverRuleId");
    String vpcId = request.required("VPCId");
    String name = request.string("Name");
    if (name != null && name.length() > 64) {
      throw ResolverException.invalidParameter("Name is at most 64 characters.");
    }
    RuleAssociationService.Associated associated =
        associations.associate(caller, ruleId, vpcId, ResolverRules::requireValid);
    RuleAssociation association = associated.association();
    String account = caller.account().id();
    if (name != null) {
      store.write(
          w -> {
            ResolverAttributes.put(
                w, account, association.id(), Map.of(ResolverAttributes.NAME, name));
            return null;
          });
    }
    String message =
        associated.warnings().stream().map(LintWarning::message).collect(Collectors.joining(" "));
    return wrap(json(association, name, "COMPLETE", message));
  }

  ObjectNode disassociate(Caller caller, ResolverRequest request) {
    String vpcId = request.required("VPCId");
    String ruleId = request.required("ResolverRuleId");
    Optional<RuleAssociation> found =
        ResolverListing.all(page -> associations.list(caller, vpcId, page)).stream()
            .filter(a -> a.ruleId().equals(ruleId))
            .findFirst();
    String name = found.map(this::name).orElse(null);
    associations.disassociate(caller, ruleId, vpcId);
    // The service found the association, so the caller could see it and it was listed.
    return wrap(json(found.orElseThrow(), name, "DELETING", ""));
  }

  ObjectNode get(Caller caller, ResolverRequest request) {
    String id = request.required("ResolverRuleAssociationId");
    RuleAssociation association =
        ResolverListing.all(page -> associations.list(caller, null, page)).stream()
            .filter(a -> a.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    ResolverException.notFound("No resolver rule association with id " + id + "."));
    return wrap(json(association, name(association), "COMPLETE", ""));
  }

  ObjectNode list(Caller caller, ResolverRequest request) {
    List<RuleAssociation> all = ResolverListing.all(page -> associations.list(caller, null, page));
    Map<String, String> names = new HashMap<>();
    all.forEach(a -> Optional.ofNullable(name(a)).ifPresent(name -> names.put(a.id(), name)));
    ResolverListing.Listed<RuleAssociation> listed =
        ResolverListing.page(
            request,
            all,
            RuleAssociation::id,
            Map.of(
                "Name",
                a -> Optional.ofNullable(names.get(a.id())).stream().toList(),
                "ResolverRuleId",
                a -> List.of(a.ruleId()),
                "Status",
                a -> List.of("COMPLETE"),
                "VPCId",
                a -> List.of(a.vpcId())));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    out.put("MaxResults", listed.maxResults());
    ArrayNode items = out.putArray("ResolverRuleAssociations");
    listed.items().forEach(a -> items.add(json(a, names.get(a.id()), "COMPLETE", "")));
    return out;
  }

  /** The name given when the association was made, kept with the VPC's owner. */
  private String name(RuleAssociation association) {
    return store
        .vpc(association.vpcId())
        .map(Vpc::accountId)
        .map(owner -> ResolverAttributes.of(store, owner, association.id()))
        .map(attributes -> attributes.get(ResolverAttributes.NAME))
        .orElse(null);
  }

  private static ObjectNode wrap(ObjectNode association) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverRuleAssociation", association);
    return out;
  }

  /** The ResolverRuleAssociation shape of the service model. */
  private static ObjectNode json(
      RuleAssociation association, String name, String status, String message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Id", association.id());
    json.put("ResolverRuleId", association.ruleId());
    if (name != null) {
      json.put("Name", name);
    }
    json.put("VPCId", association.vpcId());
    json.put("Status", status);
    json.put("StatusMessage", message);
    return json;
  }
}
