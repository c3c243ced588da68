package io.isthmus.admin.querylogs;

import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.VpcAccess;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import io.isthmus.config.Vpc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Query-logging configurations and their VPC associations (docs/spec/admin-api.md
 * "Troubleshooting"), after Route 53 Resolver's query logging. An account logs its own VPCs to
 * files of its own; the operator creates configurations of its own (owned by no account), may write
 * to stdout, and associates them with any VPC. Every node logs the queries it resolves for an
 * associated VPC. Thread-safe.
 */
@Service
public class QueryLogConfigService {
  private static final Paginator<QueryLogConfigView> PAGES =
      Paginator.byId(
          view -> view.config().id(),
          id -> new QueryLogConfigView(new QueryLogConfig(id, null, null, null), 0));

  /** Associations of one configuration, by VPC id: the key a client deletes them by. */
  private static final Paginator<QueryLogAssociation> ASSOCIATION_PAGES =
      Paginator.byId(
          QueryLogAssociation::vpcId, vpcId -> new QueryLogAssociation(null, null, vpcId));

  private final ConfigStore store;

  public QueryLogConfigService(ConfigStore store) {
    this.store = store;
  }

  /**
   * Creates a configuration owned by the calling account, or by the operator when it calls. An
   * owner writes to a destination through one configuration only, so that a file has one writer: a
   * second one is 409 ResourceExists.
   */
  public QueryLogConfigView create(Caller caller, QueryLogConfigSpec spec) {
    List<FieldError> errors = spec.validate(caller.isOperator());
    if (!errors.isEmpty()) {
      throw ApiException.invalidInput(errors);
    }
    String owner = caller.isOperator() ? null : caller.account().id();
    return store.write(
        w -> {
          Optional<QueryLogConfig> sameDestination =
              w.queryLogConfigs().stream()
                  .filter(c -> Objects.equals(c.ownerAccountId(), owner))
                  .filter(c -> c.destination().equals(spec.destination()))
                  .findFirst();
          if (sameDestination.isPresent()) {
            throw ApiException.conflict(
                "ResourceExists",
                "Query-logging configuration "
                    + sameDestination.get().id()
                    + " already writes to "
                    + spec.destination()
                    + "; associate more VPCs with it instead.");
          }
          String id =
              Ids.unique(
                  Ids::queryLogConfigId, candidate -> w.queryLogConfig(candidate).isPresent());
          QueryLogConfig config = new QueryLogConfig(id, owner, spec.name(), spec.destination());
          w.insertQueryLogConfig(config);
          return new QueryLogConfigView(config, 0);
        });
  }

  /** The caller's configurations; the operator's list holds every one, its own and accounts'. */
  public Page<QueryLogConfigView> list(Caller caller, PageRequest request) {
    Map<String, Integer> counts = new HashMap<>();
    store.queryLogAssociations(null).forEach(a -> counts.merge(a.configId(), 1, Integer::sum));
    List<QueryLogConfigView> visible =
        store.queryLogConfigs().stream()
            .filter(c -> caller.isOperator() || caller.owns(c.ownerAccountId()))
            .map(c -> new QueryLogConfigView(c, counts.getOrDefault(c.id(), 0)))
            .toList();
    return PAGES.page(visible, request);
  }

  public QueryLogConfigView get(Caller caller, String configId) {
    QueryLogConfig config = QueryLogAccess.readable(store, caller, configId);
    return new QueryLogConfigView(config, store.queryLogAssociations(config.id()).size());
  }

  /** Deletes a configuration; as in Route 53, not while it is associated with a VPC. */
  public void delete(Caller caller, String configId) {
    store.write(
        w -> {
          QueryLogConfig config = QueryLogAccess.owned(w, caller, configId);
          int associations = w.queryLogAssociations(config.id()).size();
          if (associations > 0) {
            throw ApiException.conflict(
                "ResourceInUse",
                "Query-logging configuration "
                    + configId
                    + " is associated with "
                    + associations
                    + (associations == 1 ? " VPC" : " VPCs")
                    + "; disassociate "
                    + (associations == 1 ? "it" : "them")
                    + " first.");
          }
          w.deleteQueryLogConfig(config.id());
          return null;
        });
  }

  /**
   * Associates the configuration with a VPC: an account its own configuration with its own VPC, the
   * operator its own configuration with any VPC. A pair is associated once (409 ResourceExists, as
   * Route 53's ResourceExistsException). The configuration and the VPC must be visible (an account
   * sees its own, the operator all) before the caller's right to act is considered.
   *
   * @param requireValid throws InvalidInput when the list of rule errors it is given is not empty
   *     (the REST layer adds the problems of the JSON's shape to them)
   */
  public QueryLogAssociation associate(
      Caller caller, String configId, String vpcId, Consumer<List<FieldError>> requireValid) {
    return store.write(
        w -> {
          QueryLogAccess.readable(w, caller, configId);
          Vpc named =
              Visibility.named(vpcId, Ids::isVpcId, id -> VpcAccess.readable(w, caller, id));
          QueryLogConfig config = QueryLogAccess.owned(w, caller, configId);
          List<FieldError> errors = new ArrayList<>();
          if (vpcId == null) {
            errors.add(new FieldError("vpcId", "vpcId is required"));
          } else if (named == null) {
            errors.add(new FieldError("vpcId", "must be vpc- and 17 hexadecimal digits"));
          }
          requireValid.accept(errors);
          Vpc vpc = Objects.requireNonNull(named);
          if (association(w, config, vpc.id()).isPresent()) {
            throw ApiException.conflict(
                "ResourceExists",
                "Query-logging configuration "
                    + configId
                    + " is already associated with VPC "
                    + vpcId
                    + ".");
          }
          QueryLogAssociation association =
              new QueryLogAssociation(
                  Ids.unique(
                      Ids::queryLogAssociationId, candidate -> isAssociationId(w, candidate)),
                  config.id(),
                  vpc.id());
          w.insertQueryLogAssociation(association);
          return association;
        });
  }

  /** Ends an association; only the configuration's owner may. */
  public void disassociate(Caller caller, String configId, String vpcId) {
    store.write(
        w -> {
          QueryLogConfig config = QueryLogAccess.owned(w, caller, configId);
          QueryLogAssociation association =
              association(w, config, vpcId)
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "ResourceNotFound",
                              "Query-logging configuration "
                                  + configId
                                  + " is not associated with VPC "
                                  + vpcId
                                  + "."));
          w.deleteQueryLogAssociation(association.id());
          return null;
        });
  }

  /** The configuration's associations, for whoever may read it, by VPC id. */
  public Page<QueryLogAssociation> associations(
      Caller caller, String configId, Supplier<PageRequest> page) {
    QueryLogConfig config = QueryLogAccess.readable(store, caller, configId);
    PageRequest request = page.get();
    return ASSOCIATION_PAGES.page(store.queryLogAssociations(config.id()), request);
  }

  private static Optional<QueryLogAssociation> association(
      ConfigReader reader, QueryLogConfig config, String vpcId) {
    return reader.queryLogAssociations(config.id()).stream()
        .filter(a -> a.vpcId().equals(vpcId))
        .findFirst();
  }

  private static boolean isAssociationId(ConfigReader reader, String id) {
    return reader.queryLogAssociations(null).stream().anyMatch(a -> a.id().equals(id));
  }
}
