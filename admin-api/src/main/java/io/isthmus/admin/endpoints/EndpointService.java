package io.isthmus.admin.endpoints;

import io.isthmus.admin.Ids;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.addresses.ListenerAddresses;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.VpcAccess;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverEndpoint.Direction;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/** Resolver endpoints (docs/spec/admin-api.md "Resolver endpoints"). Thread-safe. */
@Service
public class EndpointService {
  private static final Paginator<ResolverEndpoint> PAGES =
      Paginator.byId(
          ResolverEndpoint::id,
          id -> new ResolverEndpoint(id, null, null, null, null, List.of(), List.of()));

  private final ConfigStore store;
  private final EndpointStatuses statuses;

  public EndpointService(ConfigStore store, EndpointStatuses statuses) {
    this.store = store;
    this.statuses = statuses;
  }

  /**
   * Creates an endpoint in one of the caller's VPCs. No ip:port may belong to another endpoint or
   * be a VPC's resolver address, of any account ({@link ListenerAddresses}).
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public EndpointView create(
      Caller caller, EndpointSpec spec, Consumer<List<FieldError>> requireValid) {
    ResolverEndpoint created =
        store.write(
            w -> {
              Vpc vpc =
                  Visibility.named(
                      spec.vpcId(), Ids::isVpcId, id -> VpcAccess.owned(w, caller, id));
              Account account = caller.account();
              requireValid.accept(spec.validate());
              List<TargetAddress> addresses = spec.addresses();
              List<FieldError> conflicts =
                  new ArrayList<>(ListenerAddresses.inUse(w, account, "ipAddresses", addresses));
              if (spec.directionValue() == Direction.INBOUND) {
                conflicts.addAll(loopsWithAssociatedRules(w, vpc, addresses));
              }
              if (!conflicts.isEmpty()) {
                throw ApiException.invalidRequest(
                    "Some addresses cannot be used for this endpoint.", conflicts);
              }
              String id =
                  Ids.unique(
                      () -> Ids.endpointId(spec.directionValue()),
                      candidate -> w.endpoint(candidate).isPresent());
              ResolverEndpoint endpoint =
                  new ResolverEndpoint(
                      id,
                      account.id(),
                      spec.name(),
                      spec.directionValue(),
                      vpc.id(),
                      addresses,
                      spec.cidrs());
              w.insertEndpoint(endpoint);
              return endpoint;
            });
    return view(created);
  }

  /** Own endpoints; the operator's list holds every endpoint. */
  public Page<EndpointView> list(Caller caller, PageRequest request) {
    List<ResolverEndpoint> visible =
        store.endpoints().stream().filter(e -> caller.canRead(e.accountId())).toList();
    return PAGES.page(visible, request).map(this::view);
  }

  public EndpointView get(Caller caller, String endpointId) {
    return view(EndpointAccess.readable(store, caller, endpointId));
  }

  /**
   * Renames an endpoint of the caller's or replaces its addresses. Each new address must be free,
   * as when an endpoint is created; an INBOUND endpoint may not come to listen on a target of a
   * rule associated with its VPC.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public EndpointView update(
      Caller caller,
      String endpointId,
      EndpointUpdate update,
      Consumer<List<FieldError>> requireValid) {
    ResolverEndpoint updated =
        store.write(
            w -> {
              ResolverEndpoint endpoint = EndpointAccess.owned(w, caller, endpointId);
              Account account = caller.account();
              requireValid.accept(update.validate());
              List<TargetAddress> addresses =
                  update.ipAddresses() == null
                      ? endpoint.ipAddresses()
                      : AddressSpec.toTargets(update.ipAddresses());
              List<FieldError> conflicts = new ArrayList<>();
              for (int i = 0; i < addresses.size(); i++) {
                TargetAddress address = addresses.get(i);
                if (endpoint.ipAddresses().contains(address)) {
                  continue;
                }
                String field = "ipAddresses[" + i + "]";
                ListenerAddresses.inUse(w, account, field, List.of(address)).stream()
                    .map(error -> new FieldError(field, error.message()))
                    .forEach(conflicts::add);
                if (endpoint.direction() == Direction.INBOUND) {
                  Vpc vpc = w.vpc(endpoint.vpcId()).orElseThrow();
                  loopsWithAssociatedRules(w, vpc, List.of(address)).stream()
                      .map(error -> new FieldError(field, error.message()))
                      .forEach(conflicts::add);
                }
              }
              if (!conflicts.isEmpty()) {
                throw ApiException.invalidRequest(
                    "Some addresses cannot be used for this endpoint.", conflicts);
              }
              ResolverEndpoint changed =
                  new ResolverEndpoint(
                      endpoint.id(),
                      endpoint.accountId(),
                      update.name() == null ? endpoint.name() : update.name(),
                      endpoint.direction(),
                      endpoint.vpcId(),
                      addresses,
                      endpoint.allowedSourceCidrs());
              w.updateEndpoint(changed);
              return changed;
            });
    return view(updated);
  }

  /** Deletes an endpoint no rule forwards through. */
  public void delete(Caller caller, String endpointId) {
    store.write(
        w -> {
          ResolverEndpoint endpoint = EndpointAccess.owned(w, caller, endpointId);
          List<String> users =
              w.rules().stream()
                  .filter(rule -> endpoint.id().equals(rule.resolverEndpointId()))
                  .map(ResolverRule::id)
                  .toList();
          if (!users.isEmpty()) {
            throw ApiException.conflict(
                "ResourceInUse",
                "Resolver endpoint "
                    + endpointId
                    + " is used by resolver rules "
                    + String.join(", ", users)
                    + "; change or delete them first.");
          }
          w.deleteEndpoint(endpoint.id());
          return null;
        });
  }

  private EndpointView view(ResolverEndpoint endpoint) {
    return new EndpointView(endpoint, statuses.statusOf(endpoint));
  }

  /**
   * Each new listener that a rule associated with the VPC forwards to: the same loop the rule
   * association refuses, approached from the other side.
   */
  private static List<FieldError> loopsWithAssociatedRules(
      ConfigReader reader, Vpc vpc, List<TargetAddress> addresses) {
    List<FieldError> errors = new ArrayList<>();
    for (RuleAssociation association : reader.ruleAssociations(vpc.id())) {
      ResolverRule rule = reader.rule(association.ruleId()).orElseThrow();
      for (int i = 0; i < addresses.size(); i++) {
        if (rule.targetIps().contains(addresses.get(i))) {
          errors.add(
              new FieldError(
                  "ipAddresses[" + i + "]",
                  "is a target of resolver rule "
                      + rule.id()
                      + ", associated with this VPC: queries would loop"));
        }
      }
    }
    return errors;
  }
}
