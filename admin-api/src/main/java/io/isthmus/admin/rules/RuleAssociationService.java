package io.isthmus.admin.rules;

import io.isthmus.admin.Ids;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.addresses.ListenerAddresses;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.lint.LintWarning;
import io.isthmus.admin.lint.Shadows;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.VpcAccess;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Associations of resolver rules with VPCs: the VPC's owner associates a rule of its own or one
 * shared with it; from then on the rule takes part in resolving the VPC's queries
 * (docs/spec/resolution.md section 2). Thread-safe.
 */
@Service
public class RuleAssociationService {
  private static final Paginator<RuleAssociation> PAGES =
      Paginator.byId(RuleAssociation::id, id -> new RuleAssociation(id, null, null));

  private final ConfigStore store;

  /** A new association and the names of the VPC's zones the rule now takes. Immutable. */
  public record Associated(RuleAssociation association, List<LintWarning> warnings) {
    public Associated {
      warnings = List.copyOf(warnings);
    }
  }

  public RuleAssociationService(ConfigStore store) {
    this.store = store;
  }

  /**
   * Associates a rule with the caller's VPC. Refused, with every reason listed, when the VPC is in
   * another region than the rule, already has a rule for the domain (this one included), or listens
   * on one of the rule's targets with an inbound endpoint, which would loop. Warns of what the rule
   * takes from the VPC's zones (see {@link Shadows}).
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public Associated associate(
      Caller caller, String ruleId, String vpcId, Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          ResolverRule rule = RuleAccess.readable(w, caller, ruleId);
          Vpc named = Visibility.named(vpcId, Ids::isVpcId, id -> VpcAccess.owned(w, caller, id));
          caller.account(); // AccessDenied for the operator, who owns no VPC
          if (vpcId == null) {
            requireValid.accept(List.of(new FieldError("vpcId", "vpcId is required")));
          } else if (named == null) {
            requireValid.accept(
                List.of(new FieldError("vpcId", "must be vpc- and 17 hexadecimal digits")));
          } else {
            requireValid.accept(List.of());
          }
          Vpc vpc = Objects.requireNonNull(named);
          List<FieldError> errors = new ArrayList<>();
          if (!vpc.region().equals(rule.region())) {
            errors.add(
                new FieldError(
                    "vpcId", "the VPC is in " + vpc.region() + ", the rule in " + rule.region()));
          }
          errors.addAll(sameDomain(w, vpc, rule));
          errors.addAll(loops(w, vpc, rule));
          if (!errors.isEmpty()) {
            throw ApiException.invalidRequest(
                "Resolver rule " + ruleId + " cannot be associated with VPC " + vpcId + ".",
                errors);
          }
          Set<String> taken =
              w.ruleAssociations(null).stream()
                  .map(RuleAssociation::id)
                  .collect(Collectors.toSet());
          RuleAssociation association =
              new RuleAssociation(
                  Ids.unique(Ids::ruleAssociationId, taken::contains), rule.id(), vpc.id());
          w.insertRuleAssociation(association);
          return new Associated(association, Shadows.ofRuleAssociation(w, caller, rule, vpc.id()));
        });
  }

  /**
   * Associations the caller may see: those of its VPCs and those of its rules (in any VPC); the
   * operator sees all. {@code vpcId}, when given, keeps those of that VPC.
   */
  public Page<RuleAssociation> list(Caller caller, String vpcId, PageRequest request) {
    List<RuleAssociation> all = store.ruleAssociations(vpcId);
    if (caller.isOperator()) {
      return PAGES.page(all, request);
    }
    Map<String, String> vpcOwners =
        store.vpcs().stream().collect(Collectors.toMap(Vpc::id, Vpc::accountId));
    Map<String, String> ruleOwners =
        store.rules().stream().collect(Collectors.toMap(ResolverRule::id, ResolverRule::ownerId));
    Predicate<RuleAssociation> visible =
        a -> caller.owns(vpcOwners.get(a.vpcId())) || caller.owns(ruleOwners.get(a.ruleId()));
    return PAGES.page(all.stream().filter(visible).toList(), request);
  }

  /**
   * Ends an association. Either side may: the VPC's owner, or the rule's owner (who must be able to
   * withdraw its rule from another account's VPC).
   *
   * <p>The rule must be visible to the caller (its own, shared with it, or the operator), and so
   * must the VPC: the caller's own, any for the operator, or one the caller's rule is associated
   * with. To anyone else either is not found, so this call cannot tell another account's resource
   * from one that does not exist.
   */
  public void disassociate(Caller caller, String ruleId, String vpcId) {
    store.write(
        w -> {
          ResolverRule rule = RuleAccess.readable(w, caller, ruleId);
          boolean seenThroughRule =
              caller.owns(rule.ownerId())
                  && w.ruleAssociations(vpcId).stream().anyMatch(a -> a.ruleId().equals(rule.id()));
          Vpc vpc =
              seenThroughRule ? VpcAccess.existing(w, vpcId) : VpcAccess.readable(w, caller, vpcId);
          // An account that got this far owns the rule or the VPC; the operator owns neither.
          caller.account();
          RuleAssociation association =
              w.ruleAssociations(vpc.id()).stream()
                  .filter(a -> a.ruleId().equals(rule.id()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "ResourceNotFound",
                              "Resolver rule "
                                  + ruleId
                                  + " is not associated with VPC "
                                  + vpcId
                                  + "."));
          w.deleteRuleAssociation(association.id());
          return null;
        });
  }

  /** A VPC has at most one rule per domain (docs/spec/resolution.md section 2). */
  private static List<FieldError> sameDomain(ConfigReader reader, Vpc vpc, ResolverRule rule) {
    List<FieldError> errors = new ArrayList<>();
    for (RuleAssociation association : reader.ruleAssociations(vpc.id())) {
      if (association.ruleId().equals(rule.id())) {
        errors.add(new FieldError("vpcId", "the rule is already associated with this VPC"));
        continue;
      }
      ResolverRule other = reader.rule(association.ruleId()).orElseThrow();
      if (other.domainName().equals(rule.domainName())) {
        errors.add(
            new FieldError(
                "vpcId",
                "the VPC already has resolver rule " + other.id() + " for " + rule.domainName()));
      }
    }
    return errors;
  }

  /** Each target of the rule that an inbound endpoint of this VPC or its resolver listens on. */
  private static List<FieldError> loops(ConfigReader reader, Vpc vpc, ResolverRule rule) {
    Map<TargetAddress, ListenerAddresses.Claim> listeners =
        ListenerAddresses.listenersOf(reader, vpc);
    List<FieldError> errors = new ArrayList<>();
    for (TargetAddress target : rule.targetIps()) {
      ListenerAddresses.Claim listener = listeners.get(target);
      if (listener != null) {
        errors.add(
            new FieldError(
                "vpcId",
                "the rule's target "
                    + AddressSpec.describe(target)
                    + " is an address of "
                    + listener.description()
                    + ", a listener of this VPC: queries would loop"));
      }
    }
    return errors;
  }
}
