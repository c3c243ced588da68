package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.endpoints.EndpointService;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.querylogs.QueryLogConfigService;
import io.isthmus.admin.rules.RuleAssociationService;
import io.isthmus.admin.rules.RuleService;
import io.isthmus.admin.rules.RuleShareService;
import io.isthmus.config.ConfigStore;
import java.time.Clock;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Route 53 Resolver over awsJson1_1 (API version 2018-04-01; docs/aws-api.md "Route 53 Resolver"):
 * {@code POST /} with the operation in {@code X-Amz-Target: Route53Resolver.<Operation>}, calling
 * the same services, checks and isolation as {@code /v1}. Ids are the {@code /v1} ids; ARNs are
 * {@link ResolverArns}'. Thread-safe.
 */
public final class Route53ResolverApi {
  /** The content type of every answer, errors included. */
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  static final String TARGET_PREFIX = "Route53Resolver.";

  private final ResolverEndpoints endpoints;
  private final ResolverRules rules;
  private final ResolverRuleAssociations associations;
  private final ResolverRulePolicies policies;
  private final ResolverQueryLogs queryLogs;
  private final ResolverTags tags;

  public Route53ResolverApi(
      ConfigStore store,
      EndpointService endpoints,
      RuleService rules,
      RuleShareService shares,
      RuleAssociationService associations,
      QueryLogConfigService queryLogs,
      Clock clock) {
    this.endpoints = new ResolverEndpoints(store, endpoints, clock);
    this.rules = new ResolverRules(store, rules, clock);
    this.associations = new ResolverRuleAssociations(store, associations);
    this.policies = new ResolverRulePolicies(store, rules, shares);
    this.queryLogs = new ResolverQueryLogs(store, queryLogs, clock);
    this.tags = new ResolverTags(store, endpoints, rules, queryLogs);
  }

  /** What the API answers: a status and a JSON body, an error's included. */
  public record Answer(int status, String json) {}

  /**
   * The answer to one call from {@code caller}, signed for {@code region}.
   *
   * @param target the {@code X-Amz-Target} header, or null
   */
  public Answer handle(Caller caller, String region, String target, byte[] body) {
    try {
      if (target == null || !target.startsWith(TARGET_PREFIX)) {
        throw new ResolverException(
            400,
            "UnknownOperationException",
            "X-Amz-Target must name the operation as " + TARGET_PREFIX + "<Operation>.");
      }
      String operation = target.substring(TARGET_PREFIX.length());
      ResolverRequest request = ResolverRequest.parse(body);
      return new Answer(200, dispatch(caller, region, operation, request).toString());
    } catch (ResolverException e) {
      return error(e);
    } catch (ApiException e) {
      return error(ResolverErrors.of(e));
    }
  }

  private ObjectNode dispatch(
      Caller caller, String region, String operation, ResolverRequest request) {
    return switch (operation) {
      case "CreateResolverEndpoint" -> endpoints.create(caller, request);
      case "GetResolverEndpoint" -> endpoints.get(caller, request);
      case "ListResolverEndpoints" -> endpoints.list(caller, request);
      case "UpdateResolverEndpoint" -> endpoints.update(caller, request);
      case "DeleteResolverEndpoint" -> endpoints.delete(caller, request);
      case "ListResolverEndpointIpAddresses" -> endpoints.listIpAddresses(caller, request);
      case "AssociateResolverEndpointIpAddress" -> endpoints.associateIpAddress(caller, request);
      case "DisassociateResolverEndpointIpAddress" ->
          endpoints.disassociateIpAddress(caller, request);
      case "CreateResolverRule" -> rules.create(caller, region, request);
      case "GetResolverRule" -> rules.get(caller, request);
      case "ListResolverRules" -> rules.list(caller, request);
      case "UpdateResolverRule" -> rules.update(caller, request);
      case "DeleteResolverRule" -> rules.delete(caller, request);
      case "AssociateResolverRule" -> associations.associate(caller, request);
      case "DisassociateResolverRule" -> associations.disassociate(caller, request);
      case "GetResolverRuleAssociation" -> associations.get(caller, request);
      case "ListResolverRuleAssociations" -> associations.list(caller, request);
      case "PutResolverRulePolicy" -> policies.put(caller, request);
      case "GetResolverRulePolicy" -> policies.get(caller, request);
      case "CreateResolverQueryLogConfig" -> queryLogs.create(caller, region, request);
      case "GetResolverQueryLogConfig" -> queryLogs.get(caller, region, request);
      case "ListResolverQueryLogConfigs" -> queryLogs.list(caller, region, request);
      case "DeleteResolverQueryLogConfig" -> queryLogs.delete(caller, region, request);
      case "AssociateResolverQueryLogConfig" -> queryLogs.associate(caller, request);
      case "DisassociateResolverQueryLogConfig" -> queryLogs.disassociate(caller, request);
      case "GetResolverQueryLogConfigAssociation" -> queryLogs.getAssociation(caller, request);
      case "ListResolverQueryLogConfigAssociations" -> queryLogs.listAssociations(caller, request);
      case "TagResource" -> tags.tag(caller, request);
      case "UntagResource" -> tags.untag(caller, request);
      case "ListTagsForResource" -> tags.list(caller, request);
      default ->
          throw new ResolverException(
              400,
              "UnknownOperationException",
              "The operation "
                  + operation
                  + " is not served (docs/aws-api.md lists those that are).");
    };
  }

  /** An error as awsJson1_1 clients parse it: {@code {"__type","message"}}. */
  public static Answer error(int status, String code, String message) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("__type", code);
    json.put("message", message);
    return new Answer(status, json.toString());
  }

  private static Answer error(ResolverException e) {
    return error(e.status(), e.code(), e.getMessage());
  }
}
