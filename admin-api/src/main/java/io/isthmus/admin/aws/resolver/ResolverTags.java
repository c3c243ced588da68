package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.resolver.ResolverArns.Arn;
import io.isthmus.admin.endpoints.EndpointService;
import io.isthmus.admin.querylogs.QueryLogConfigService;
import io.isthmus.admin.rules.RuleService;
import io.isthmus.admin.rules.ShareStatus;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ResourceTag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tags of endpoints, rules and query-logging configurations by ARN (TagResource, UntagResource,
 * ListTagsForResource), kept with the owner as EC2's tags are (store V14). Only the owner tags a
 * resource or reads its tags: to an account a rule is shared with that is AccessDeniedException, to
 * anyone else the resource does not exist.
 */
final class ResolverTags {
  /** AWS's limit of tags on one Route 53 Resolver resource. */
  static final int MAX_TAGS = 200;

  private final ConfigStore store;
  private final EndpointService endpoints;
  private final RuleService rules;
  private final QueryLogConfigService configs;

  ResolverTags(
      ConfigStore store,
      EndpointService endpoints,
      RuleService rules,
      QueryLogConfigService configs) {
    this.store = store;
    this.endpoints = endpoints;
    this.rules = rules;
    this.configs = configs;
  }

  /** The {@code Tags} of a request, by key; a key under {@code aws:} is InvalidTagException. */
  static Map<String, String> tagList(ResolverRequest request) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (ResolverRequest tag : request.objects("Tags")) {
      String key = tag.required("Key");
      String value = tag.string("Value");
      if (value == null) {
        throw ResolverException.invalidParameter("Value of tag " + key + " is required.");
      }
      if (ResolverAttributes.reserved(key)) {
        throw new ResolverException(
            400, "InvalidTagException", "Tag keys starting with aws: are reserved.");
      }
      if (key.length() > 128 || value.length() > 256) {
        throw new ResolverException(
            400,
            "InvalidTagException",
            "A tag key is at most 128 characters, its value at most 256.");
      }
      tags.put(key, value);
    }
    return tags;
  }

  ObjectNode tag(Caller caller, ResolverRequest request) {
    String account = owned(caller, request.required("ResourceArn"));
    String resource = ResolverArns.parse(request.required("ResourceArn")).orElseThrow().id();
    Map<String, String> tags = tagList(request);
    if (tags.isEmpty()) {
      throw ResolverException.invalidParameter("Tags is required.");
    }
    store.write(
        w -> {
          Map<String, String> current = userTags(w.tags(account), resource);
          current.putAll(tags);
          if (current.size() > MAX_TAGS) {
            throw new ResolverException(
                400, "LimitExceededException", "A resource has at most " + MAX_TAGS + " tags.");
          }
          ResolverAttributes.put(w, account, resource, tags);
          return null;
        });
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode untag(Caller caller, ResolverRequest request) {
    String account = owned(caller, request.required("ResourceArn"));
    String resource = ResolverArns.parse(request.required("ResourceArn")).orElseThrow().id();
    List<String> keys = request.strings("TagKeys");
    store.write(
        w -> {
          for (String key : keys) {
            if (!ResolverAttributes.reserved(key)) {
              w.deleteTag(account, resource, key);
            }
          }
          return null;
        });
    return JsonNodeFactory.instance.objectNode();
  }

  ObjectNode list(Caller caller, ResolverRequest request) {
    String account = owned(caller, request.required("ResourceArn"));
    String resource = ResolverArns.parse(request.required("ResourceArn")).orElseThrow().id();
    List<Map.Entry<String, String>> tags =
        List.copyOf(userTags(store.tags(account), resource).entrySet());
    ResolverListing.Listed<Map.Entry<String, String>> listed =
        ResolverListing.page(request, tags, Map.Entry::getKey, Map.of());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode items = out.putArray("Tags");
    listed
        .items()
        .forEach(tag -> items.addObject().put("Key", tag.getKey()).put("Value", tag.getValue()));
    if (listed.nextToken() != null) {
      out.put("NextToken", listed.nextToken());
    }
    return out;
  }

  private static Map<String, String> userTags(List<ResourceTag> tags, String resource) {
    Map<String, String> own = new LinkedHashMap<>();
    tags.stream()
        .filter(tag -> tag.resourceId().equals(resource) && !ResolverAttributes.reserved(tag.key()))
        .forEach(tag -> own.put(tag.key(), tag.value()));
    return own;
  }

  /** The owner of the resource the ARN names, which must be the caller; the /v1 checks decide. */
  private String owned(Caller caller, String text) {
    Arn arn =
        ResolverArns.parse(text)
            .orElseThrow(
                () ->
                    ResolverException.invalidParameter(
                        "ResourceArn "
                            + text
                            + " is not the ARN of a resolver endpoint, rule or query logging"
                            + " configuration."));
    String account = caller.account().id();
    switch (arn.kind()) {
      case ENDPOINT -> endpoints.get(caller, arn.id());
      case RULE -> {
        if (rules.get(caller, arn.id()).shareStatus() == ShareStatus.SHARED_WITH_ME) {
          throw ResolverException.accessDenied(
              "Resolver rule " + arn.id() + " is shared with you; only its owner tags it.");
        }
      }
      case QUERY_LOG_CONFIG -> configs.get(caller, arn.id());
    }
    return account;
  }
}
