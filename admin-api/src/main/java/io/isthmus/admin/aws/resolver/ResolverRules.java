package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.rules.RuleService;
import io.isthmus.admin.rules.RuleSpec;
import io.isthmus.admin.rules.RuleUpdate;
import io.isthmus.admin.rules.RuleView;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.TargetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolver rules through Route 53 Resolver (docs/spec/admin-api.md "Resolver rules"): FORWARD and
 * SYSTEM rules of {@link RuleService}. A FORWARD rule forwards through an OUTBOUND endpoint of its
 * owner, so it must name one; a SYSTEM rule is in the region the request was signed for.
 */
final class ResolverRules {
  /** The name of a rule created without one: {@code /v1} names every rule. */
  static final String DEFAULT_NAME = "resolver-rule";

  private final ConfigStore store;
  private final RuleService rules;
  private final Clock clock;

  ResolverRules(ConfigStore store, RuleService rules, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.clock = clock;
  }

  ObjectNode create(Caller caller, String region, ResolverRequest request) {
    String creatorRequestId = request.required("CreatorRequestId");
    String type = request.required("RuleType");
    if (!type.equals("FORWARD") && !type.equals("SYSTEM")) {
      throw ResolverException.invalidRequest(
          "RuleType " + type + " is not served: a rule is FORWARD or SYSTEM.");
    }
    if (request.has("DelegationRecord")) {
      throw ResolverException.invalidRequest("DelegationRecord is not served.");
    }
    String endpointId = request.string("ResolverEndpointId");
    if (type.equals("FORWARD") && endpointId == null) {
      throw ResolverException.invalidRequest(
          "A FORWARD rule needs a ResolverEndpointId: Isthmus forwards through OUTBOUND"
              + " endpoints only.");
    }
    List<AddressSpec> targets = targets(request.objects("TargetIps"));
    String account = caller.account().id();
    Map<String, String> tags = ResolverTags.tagList(request);
    ResolverAttributes.requireNewCreatorRequestId(
        store, account, id -> id.startsWith("rslvr-rr-"), "Resolver rule", creatorRequestId);
    String name = request.string("Name");
    RuleSpec spec =
        new RuleSpec(
            name == null ? DEFAULT_NAME : name,
            request.string("DomainName"),
            type,
            type.equals("FORWARD") ? targets : (targets.isEmpty() ? null : targets),
            endpointId,
            type.equals("SYSTEM") ? region : null);
    RuleView view = rules.create(caller, spec, ResolverRules::requireValid);
    String id = view.rule().id();
    Instant now = clock.instant();
    Map<String, String> attributes =
        ResolverAttributes.created(
            store,
            account,
            id,
            creatorRequestId,
            now,
            Map.of(ResolverAttributes.MODIFICATION_TIME, now.toString()),
            tags);
    return wrap(json(view, attributes));
  }

  static void requireValid(List<io.isthmus.config.FieldError> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
  }

  /** TargetIps as {@code /v1} addresses: Ip or Ipv6, and Port; plain DNS only. */
  private static List<AddressSpec> targets(List<ResolverRequest> targetIps) {
    List<AddressSpec> targets = new ArrayList<>();
    for (ResolverRequest target : targetIps) {
      String protocol = target.string("Protocol");
      if (protocol != null && !protocol.equals("Do53")) {
        throw ResolverException.invalidRequest(
            "Protocol " + protocol + " is not served: rules forward with Do53 only.");
      }
      if (target.has("ServerNameIndication")) {
        throw ResolverException.invalidRequest("ServerNameIndication is not served.");
      }
      String ip = target.string("Ip");
      targets.add(new AddressSpec(ip == null ? target.string("Ipv6") : ip, target.integer("Port")));
    }
    return targets;
  }

  ObjectNode get(Caller caller, ResolverRequest request) {
    RuleView view = rules.get(caller, request.required("ResolverRuleId"));
    return wrap(json(view, attributes(view.rule())));
  }

  ObjectNode list(Caller caller, ResolverRequest request) {
    List<RuleView> all = ResolverListing.all(page -> rules.list(caller, page));
    Map<String, Map<String, Map<String, String>>> byOwner = new HashMap<>();
    java.util.function.Function<RuleView, Map<String, String>> attributes =
        view ->
            byOwner
                .computeIfAbsent(
                    view.rule().ownerId(), owner -> ResolverAttributes.of(store, owner))
                .getOrDefault(view.rule().id(), Map.of());
    ResolverListing.Listed<RuleView> listed =
        ResolverListing.page(
            request,
            all,
            view -> view.rule().id(),
            Map.of(
                "CreatorRequestId",
                view ->
                    Optional.ofNullable(
                            attributes.apply(view).get(ResolverAttributes.CREATOR_REQUEST_ID))
                        .stream()
                        .toList(),
                "DomainName",
                view -> List.of(ResolverListing.domain(view.rule().domainName())),
                "Name",
                view -> List.of(view.rule().name()),
                "ResolverEndpointId",
                view -> Optional.ofNullable(view.rule().resolverEndpointId()).stream().toList(),
                "Status",
                view -> List.of("COMPLETE"),
                "Type",
                view -> List.of(view.rule().ruleType().name())));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    out.put("MaxResults", listed.maxResults());
    ArrayNode items = out.putArray("ResolverRules");
    listed.items().forEach(view -> items.add(json(view, attributes.apply(view))));
    return out;
  }

  ObjectNode update(Caller caller, ResolverRequest request) {
    String id = request.required("ResolverRuleId");
    ResolverRequest config = request.object("Config");
    if (config == null) {
      throw ResolverException.invalidParameter("Config is required.");
    }
    List<AddressSpec> targets =
        config.has("TargetIps") ? targets(config.objects("TargetIps")) : null;
    RuleView view =
        rules.update(
            caller,
            id,
            new RuleUpdate(config.string("Name"), targets, config.string("ResolverEndpointId")),
            ResolverRules::requireValid);
    String owner = view.rule().ownerId();
    store.write(
        w -> {
          ResolverAttributes.put(
              w,
              owner,
              id,
              Map.of(ResolverAttributes.MODIFICATION_TIME, clock.instant().toString()));
          return null;
        });
    return wrap(json(view, attributes(view.rule())));
  }

  ObjectNode delete(Caller caller, ResolverRequest request) {
    String id = request.required("ResolverRuleId");
    RuleView view = rules.get(caller, id);
    Map<String, String> attributes = attributes(view.rule());
    rules.delete(caller, id);
    ObjectNode rule = json(view, attributes);
    rule.put("Status", "DELETING");
    return wrap(rule);
  }

  private Map<String, String> attributes(ResolverRule rule) {
    return ResolverAttributes.of(store, rule.ownerId(), rule.id());
  }

  private static ObjectNode wrap(ObjectNode rule) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverRule", rule);
    return out;
  }

  /** The ResolverRule shape of the service model. */
  static ObjectNode json(RuleView view, Map<String, String> attributes) {
    ResolverRule rule = view.rule();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Id", rule.id());
    String creator = attributes.get(ResolverAttributes.CREATOR_REQUEST_ID);
    if (creator != null) {
      json.put("CreatorRequestId", creator);
    }
    json.put("Arn", ResolverArns.rule(rule.region(), rule.ownerId(), rule.id()));
    json.put("DomainName", rule.domainName());
    json.put("Status", "COMPLETE");
    json.put("RuleType", rule.ruleType().name());
    json.put("Name", rule.name());
    if (rule.ruleType() == ResolverRule.RuleType.FORWARD) {
      ArrayNode targets = json.putArray("TargetIps");
      for (TargetAddress target : rule.targetIps()) {
        ObjectNode address = targets.addObject();
        address.put(target.ip().contains(":") ? "Ipv6" : "Ip", target.ip());
        address.put("Port", target.port());
        address.put("Protocol", "Do53");
      }
      json.put("ResolverEndpointId", rule.resolverEndpointId());
    }
    json.put("OwnerId", rule.ownerId());
    json.put("ShareStatus", view.shareStatus().name());
    String created = attributes.get(ResolverAttributes.CREATION_TIME);
    if (created != null) {
      json.put("CreationTime", created);
      json.put(
          "ModificationTime",
          attributes.getOrDefault(ResolverAttributes.MODIFICATION_TIME, created));
    }
    return json;
  }
}
