package io.isthmus.admin.rules;

import io.isthmus.admin.Ids;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.addresses.ListenerAddresses;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.endpoints.EndpointAccess;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverEndpoint.Direction;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.ResolverRule.RuleType;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Resolver rules (docs/spec/admin-api.md "Resolver rules"; docs/spec/resolution.md section 5).
 * Thread-safe.
 */
@Service
public class RuleService {
  private static final Paginator<ResolverRule> PAGES =
      Paginator.byId(
          ResolverRule::id, id -> new ResolverRule(id, null, null, null, null, null, null, null));

  private final ConfigStore store;

  public RuleService(ConfigStore store) {
    this.store = store;
  }

  /**
   * Creates a rule of the caller's. A FORWARD rule takes its region from its outbound endpoint's
   * VPC: rules are regional, and its queries leave from that endpoint.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public RuleView create(Caller caller, RuleSpec spec, Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          ResolverEndpoint endpoint =
              Visibility.named(
                  spec.resolverEndpointId(),
                  RuleService::outboundShaped,
                  id -> EndpointAccess.owned(w, caller, id));
          Account account = caller.account();
          requireValid.accept(spec.validate());
          String region = spec.region();
          if (spec.type() == RuleType.FORWARD) {
            region = regionOf(w, endpoint);
            if (spec.region() != null && !spec.region().equals(region)) {
              throw ApiException.invalidRequest(
                  "A FORWARD rule is in its outbound endpoint's region.",
                  List.of(new FieldError("region", "the outbound endpoint's VPC is in " + region)));
            }
          }
          String id = Ids.unique(Ids::ruleId, candidate -> w.rule(candidate).isPresent());
          ResolverRule rule =
              new ResolverRule(
                  id,
                  account.id(),
                  spec.name(),
                  spec.normalizedDomainName(),
                  spec.type(),
                  spec.type() == RuleType.FORWARD
                      ? AddressSpec.toTargets(spec.targetIps())
                      : List.of(),
                  spec.resolverEndpointId(),
                  region);
          w.insertRule(rule);
          return new RuleView(rule, ShareStatus.NOT_SHARED);
        });
  }

  /** Own rules and the rules shared with the caller; the operator's list holds every rule. */
  public Page<RuleView> list(Caller caller, PageRequest request) {
    Set<String> sharedAtAll = new HashSet<>(store.sharedRuleIds(null));
    Set<String> sharedWithCaller =
        caller.isOperator() ? Set.of() : new HashSet<>(store.sharedRuleIds(caller.account().id()));
    List<ResolverRule> visible =
        store.rules().stream()
            .filter(r -> caller.canRead(r.ownerId()) || sharedWithCaller.contains(r.id()))
            .toList();
    return PAGES
        .page(visible, request)
        .map(
            rule -> new RuleView(rule, shareStatus(caller, rule, sharedAtAll.contains(rule.id()))));
  }

  public RuleView get(Caller caller, String ruleId) {
    ResolverRule rule = RuleAccess.readable(store, caller, ruleId);
    return view(store, caller, rule);
  }

  /**
   * Changes the name, targets or outbound endpoint of a rule of the caller's. A new endpoint must
   * be in the rule's region, and no new target may be a listener of an inbound endpoint of a VPC
   * the rule is associated with, whoever owns that VPC. The rule and the endpoint named must be
   * visible before the caller's permission to change the rule is considered.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public RuleView update(
      Caller caller, String ruleId, RuleUpdate update, Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          RuleAccess.readable(w, caller, ruleId);
          ResolverEndpoint endpoint =
              Visibility.named(
                  update.resolverEndpointId(),
                  RuleService::outboundShaped,
                  id -> EndpointAccess.owned(w, caller, id));
          ResolverRule rule = RuleAccess.owned(w, caller, ruleId);
          Account account = caller.account();
          requireValid.accept(update.validate());
          List<FieldError> problems = new ArrayList<>();
          if (rule.ruleType() == RuleType.SYSTEM) {
            if (update.targetIps() != null) {
              problems.add(new FieldError("targetIps", "a SYSTEM rule has no targets"));
            }
            if (update.resolverEndpointId() != null) {
              problems.add(new FieldError("resolverEndpointId", "a SYSTEM rule has no endpoint"));
            }
          }
          if (rule.ruleType() == RuleType.FORWARD && endpoint != null) {
            String region = regionOf(w, endpoint);
            if (!region.equals(rule.region())) {
              problems.add(
                  new FieldError(
                      "resolverEndpointId",
                      "its VPC is in " + region + ", the rule in " + rule.region()));
            }
          }
          List<TargetAddress> targets = rule.targetIps();
          if (rule.ruleType() == RuleType.FORWARD && update.targetIps() != null) {
            targets = AddressSpec.toTargets(update.targetIps());
            problems.addAll(loops(w, account, rule, targets));
          }
          if (!problems.isEmpty()) {
            throw ApiException.invalidRequest(
                "The change does not fit resolver rule " + ruleId + ".", problems);
          }
          ResolverRule updated =
              new ResolverRule(
                  rule.id(),
                  rule.ownerId(),
                  update.name() == null ? rule.name() : update.name(),
                  rule.domainName(),
                  rule.ruleType(),
                  targets,
                  update.resolverEndpointId() == null
                      ? rule.resolverEndpointId()
                      : update.resolverEndpointId(),
                  rule.region());
          w.updateRule(updated);
          return view(w, caller, updated);
        });
  }

  /** Deletes a rule of the caller's that no VPC uses; its shares go with it. */
  public void delete(Caller caller, String ruleId) {
    store.write(
        w -> {
          ResolverRule rule = RuleAccess.owned(w, caller, ruleId);
          long associations =
              w.ruleAssociations(null).stream().filter(a -> a.ruleId().equals(rule.id())).count();
          if (associations > 0) {
            throw ApiException.conflict(
                "ResourceInUse",
                "Resolver rule "
                    + ruleId
                    + " is associated with "
                    + associations
                    + " VPC(s); disassociate it first.");
          }
          w.deleteRule(rule.id());
          return null;
        });
  }

  /**
   * Whether an id has the shape of an OUTBOUND endpoint's, the only kind a rule may name. Any other
   * id is a field error of the validation, found without a look-up, so it reveals nothing.
   */
  private static boolean outboundShaped(String endpointId) {
    return Ids.isEndpointId(endpointId) && !Ids.isInboundEndpointId(endpointId);
  }

  static RuleView view(ConfigReader reader, Caller caller, ResolverRule rule) {
    boolean shared = !reader.ruleShares(rule.id()).isEmpty();
    return new RuleView(rule, shareStatus(caller, rule, shared));
  }

  private static ShareStatus shareStatus(Caller caller, ResolverRule rule, boolean sharedAtAll) {
    if (!caller.canRead(rule.ownerId())) {
      return ShareStatus.SHARED_WITH_ME;
    }
    return sharedAtAll ? ShareStatus.SHARED_BY_ME : ShareStatus.NOT_SHARED;
  }

  /** An OUTBOUND endpoint's VPC region; an INBOUND endpoint is refused. */
  private static String regionOf(ConfigReader reader, ResolverEndpoint endpoint) {
    if (endpoint.direction() != Direction.OUTBOUND) {
      throw ApiException.invalidRequest(
          "A FORWARD rule sends its queries through an OUTBOUND endpoint.",
          List.of(new FieldError("resolverEndpointId", endpoint.id() + " is INBOUND")));
    }
    return reader.vpc(endpoint.vpcId()).map(Vpc::region).orElseThrow();
  }

  /**
   * Each target that an inbound endpoint of a VPC the rule is associated with listens on. The
   * endpoint is named only if the caller owns it: the VPC may be another account's.
   */
  private static List<FieldError> loops(
      ConfigReader reader, Account account, ResolverRule rule, List<TargetAddress> targets) {
    List<FieldError> errors = new ArrayList<>();
    for (RuleAssociation association : reader.ruleAssociations(null)) {
      if (!association.ruleId().equals(rule.id())) {
        continue;
      }
      Vpc vpc = reader.vpc(association.vpcId()).orElseThrow();
      Map<TargetAddress, ListenerAddresses.Claim> listeners =
          ListenerAddresses.listenersOf(reader, vpc);
      for (int i = 0; i < targets.size(); i++) {
        ListenerAddresses.Claim listener = listeners.get(targets.get(i));
        if (listener != null) {
          String message =
              listener.accountId().equals(account.id())
                  ? "is an address of "
                      + listener.description()
                      + ", a listener of associated VPC "
                      + association.vpcId()
                  : "is a listener address of an associated VPC of another account";
          errors.add(new FieldError("targetIps[" + i + "]", message + ": queries would loop"));
        }
      }
    }
    return errors;
  }
}
