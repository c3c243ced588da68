package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.resolver.ResolverArns.Kind;
import io.isthmus.admin.querylogs.QueryLogConfigService;
import io.isthmus.admin.querylogs.QueryLogConfigSpec;
import io.isthmus.admin.querylogs.QueryLogConfigView;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.QueryLogAssociation;
import io.isthmus.config.QueryLogConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Query logging through Route 53 Resolver (docs/spec/admin-api.md "Troubleshooting"): the
 * configurations and VPC associations of {@link QueryLogConfigService}, each configuration writing
 * to the file its DestinationArn names ({@link QueryLogDestinations}). A configuration is an
 * account's own, never shared.
 */
final class ResolverQueryLogs {
  private final ConfigStore store;
  private final QueryLogConfigService configs;
  private final Clock clock;

  ResolverQueryLogs(ConfigStore store, QueryLogConfigService configs, Clock clock) {
    this.store = store;
    this.configs = configs;
    this.clock = clock;
  }

  ObjectNode create(Caller caller, String region, ResolverRequest request) {
    String name = request.required("Name");
    String destinationArn = request.required("DestinationArn");
    String creatorRequestId = request.required("CreatorRequestId");
    String destination = QueryLogDestinations.of(destinationArn);
    String account = caller.account().id();
    Map<String, String> tags = ResolverTags.tagList(request);
    ResolverAttributes.requireNewCreatorRequestId(
        store,
        account,
        id -> id.startsWith("rqlc-"),
        "Query logging configuration",
        creatorRequestId);
    QueryLogConfigView view = configs.create(caller, new QueryLogConfigSpec(name, destination));
    String id = view.config().id();
    Map<String, String> attributes =
        ResolverAttributes.created(
            store,
            account,
            id,
            creatorRequestId,
            clock.instant(),
            Map.of(
                ResolverAttributes.DESTINATION_ARN,
                destinationArn,
                ResolverAttributes.REGION,
                region),
            tags);
    return wrap(json(view, attributes, region));
  }

  ObjectNode get(Caller caller, String region, ResolverRequest request) {
    QueryLogConfigView view = configs.get(caller, request.required("ResolverQueryLogConfigId"));
    return wrap(json(view, attributes(view.config()), region));
  }

  ObjectNode list(Caller caller, String region, ResolverRequest request) {
    requireIdOrder(request);
    List<QueryLogConfigView> all = ResolverListing.all(page -> configs.list(caller, page));
    Map<String, Map<String, String>> attributes =
        ResolverAttributes.of(store, caller.account().id());
    Map<String, ObjectNode> shown = new LinkedHashMap<>();
    all.forEach(
        view ->
            shown.put(
                view.config().id(),
                json(view, attributes.getOrDefault(view.config().id(), Map.of()), region)));
    ResolverListing.Listed<QueryLogConfigView> listed =
        ResolverListing.page(
            request,
            all,
            view -> view.config().id(),
            Map.of(
                "Arn", view -> field(shown, view, "Arn"),
                "AssociationCount", view -> field(shown, view, "AssociationCount"),
                "CreationTime", view -> field(shown, view, "CreationTime"),
                "CreatorRequestId", view -> field(shown, view, "CreatorRequestId"),
                "DestinationArn", view -> field(shown, view, "DestinationArn"),
                "Id", view -> List.of(view.config().id()),
                "Name", view -> List.of(view.config().name()),
                "OwnerId", view -> field(shown, view, "OwnerId"),
                "ShareStatus", view -> List.of("NOT_SHARED"),
                "Status", view -> List.of("CREATED")));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    out.put("TotalCount", listed.total());
    out.put("TotalFilteredCount", listed.filtered());
    ArrayNode items = out.putArray("ResolverQueryLogConfigs");
    listed.items().forEach(view -> items.add(shown.get(view.config().id())));
    return out;
  }

  private static List<String> field(
      Map<String, ObjectNode> shown, QueryLogConfigView view, String member) {
    ObjectNode json = shown.get(view.config().id());
    return json.has(member) ? List.of(json.get(member).asString()) : List.of();
  }

  /** Lists are in id order, which is what paging resumes by: no other order is served. */
  private static void requireIdOrder(ResolverRequest request) {
    String sortBy = request.string("SortBy");
    String order = request.string("SortOrder");
    if ((sortBy != null && !sortBy.equals("Id")) || (order != null && !order.equals("ASCENDING"))) {
      throw ResolverException.invalidRequest(
          "Only SortBy Id and SortOrder ASCENDING are served: lists are in id order.");
    }
  }

  ObjectNode delete(Caller caller, String region, ResolverRequest request) {
    String id = request.required("ResolverQueryLogConfigId");
    QueryLogConfigView view = configs.get(caller, id);
    Map<String, String> attributes = attributes(view.config());
    configs.delete(caller, id);
    ObjectNode config = json(view, attributes, region);
    config.put("Status", "DELETING");
    return wrap(config);
  }

  ObjectNode associate(Caller caller, ResolverRequest request) {
    String configId = request.required("ResolverQueryLogConfigId");
    String vpcId = request.required("ResourceId");
    QueryLogAssociation association =
        configs.associate(caller, configId, vpcId, ResolverRules::requireValid);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverQueryLogConfigAssociation", json(association, "ACTIVE"));
    return out;
  }

  ObjectNode disassociate(Caller caller, ResolverRequest request) {
    String configId = request.required("ResolverQueryLogConfigId");
    String vpcId = request.required("ResourceId");
    Optional<QueryLogAssociation> found =
        ResolverListing.all(page -> configs.associations(caller, configId, () -> page)).stream()
            .filter(a -> a.vpcId().equals(vpcId))
            .findFirst();
    configs.disassociate(caller, configId, vpcId);
    // The service found the association, so it was listed.
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverQueryLogConfigAssociation", json(found.orElseThrow(), "DELETING"));
    return out;
  }

  ObjectNode getAssociation(Caller caller, ResolverRequest request) {
    String id = request.required("ResolverQueryLogConfigAssociationId");
    QueryLogAssociation association =
        associations(caller).stream()
            .filter(a -> a.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    ResolverException.notFound(
                        "No query logging configuration association with id " + id + "."));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverQueryLogConfigAssociation", json(association, "ACTIVE"));
    return out;
  }

  ObjectNode listAssociations(Caller caller, ResolverRequest request) {
    requireIdOrder(request);
    List<QueryLogAssociation> all = associations(caller);
    ResolverListing.Listed<QueryLogAssociation> listed =
        ResolverListing.page(
            request,
            all,
            QueryLogAssociation::id,
            Map.of(
                "Error", a -> List.of("NONE"),
                "Id", a -> List.of(a.id()),
                "ResolverQueryLogConfigId", a -> List.of(a.configId()),
                "ResourceId", a -> List.of(a.vpcId()),
                "Status", a -> List.of("ACTIVE")));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    out.put("TotalCount", listed.total());
    out.put("TotalFilteredCount", listed.filtered());
    ArrayNode items = out.putArray("ResolverQueryLogConfigAssociations");
    listed.items().forEach(a -> items.add(json(a, "ACTIVE")));
    return out;
  }

  /** The associations of every configuration of the caller's. */
  private List<QueryLogAssociation> associations(Caller caller) {
    List<QueryLogAssociation> all = new ArrayList<>();
    for (QueryLogConfigView view : ResolverListing.all(page -> configs.list(caller, page))) {
      all.addAll(
          ResolverListing.all(
              page -> configs.associations(caller, view.config().id(), () -> page)));
    }
    return all;
  }

  private Map<String, String> attributes(QueryLogConfig config) {
    return config.ownerAccountId() == null
        ? Map.of()
        : ResolverAttributes.of(store, config.ownerAccountId(), config.id());
  }

  private static ObjectNode wrap(ObjectNode config) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("ResolverQueryLogConfig", config);
    return out;
  }

  /**
   * The ResolverQueryLogConfig shape of the service model. A configuration made on {@code /v1} has
   * no DestinationArn: its {@code /v1} destination stands in for one.
   */
  private static ObjectNode json(
      QueryLogConfigView view, Map<String, String> attributes, String callerRegion) {
    QueryLogConfig config = view.config();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Id", config.id());
    if (config.ownerAccountId() != null) {
      json.put("OwnerId", config.ownerAccountId());
    }
    json.put("Status", "CREATED");
    json.put("ShareStatus", "NOT_SHARED");
    json.put("AssociationCount", view.associationCount());
    json.put(
        "Arn",
        ResolverArns.of(
            Kind.QUERY_LOG_CONFIG,
            attributes.getOrDefault(ResolverAttributes.REGION, callerRegion),
            String.valueOf(config.ownerAccountId()),
            config.id()));
    json.put("Name", config.name());
    json.put(
        "DestinationArn",
        attributes.getOrDefault(ResolverAttributes.DESTINATION_ARN, config.destination()));
    String creator = attributes.get(ResolverAttributes.CREATOR_REQUEST_ID);
    if (creator != null) {
      json.put("CreatorRequestId", creator);
    }
    String created = attributes.get(ResolverAttributes.CREATION_TIME);
    if (created != null) {
      json.put("CreationTime", created);
    }
    return json;
  }

  /** The ResolverQueryLogConfigAssociation shape of the service model. */
  private static ObjectNode json(QueryLogAssociation association, String status) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("Id", association.id());
    json.put("ResolverQueryLogConfigId", association.configId());
    json.put("ResourceId", association.vpcId());
    json.put("Status", status);
    json.put("Error", "NONE");
    json.put("ErrorMessage", "");
    return json;
  }
}
