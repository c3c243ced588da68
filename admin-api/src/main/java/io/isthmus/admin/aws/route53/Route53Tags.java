package io.isthmus.admin.aws.route53;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.Xml;
import io.isthmus.admin.healthchecks.HealthCheckAccess;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.zones.ZoneAccess;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.ResourceTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Route 53's tags of hosted zones and health checks (ChangeTagsForResource, ListTagsForResource,
 * ListTagsForResources), kept per account and resource id in the store (V14). Reading takes the
 * right to read the resource, changing it the right to change it; another account's resource is
 * NoSuchHostedZone or NoSuchHealthCheck as in the other calls.
 */
final class Route53Tags {
  /** Route 53's limit: at most 10 tags on a resource, and 10 keys or resources in one call. */
  static final int MAX_TAGS = 10;

  private static final Pattern ONE =
      Pattern.compile("/2013-04-01/tags/(healthcheck|hostedzone)/([^/]+)");
  private static final Pattern MANY =
      Pattern.compile("/2013-04-01/tags/(healthcheck|hostedzone)/?");

  private final ConfigStore store;

  Route53Tags(ConfigStore store) {
    this.store = store;
  }

  /** Whether {@code path} is one of the tag calls' paths. */
  static boolean serves(String path) {
    return path.startsWith("/2013-04-01/tags/");
  }

  Route53Api.Answer handle(Caller caller, String method, String path, byte[] body) {
    Matcher one = ONE.matcher(path);
    Matcher many = MANY.matcher(path);
    if (one.matches() && method.equals("GET")) {
      String xml = tagSet(store, caller, one.group(1), one.group(2));
      return new Route53Api.Answer.Done(
          200, Route53Api.response("ListTagsForResourceResponse", xml));
    }
    if (one.matches() && method.equals("POST")) {
      return change(caller, one.group(1), one.group(2), body);
    }
    if (many.matches() && method.equals("POST")) {
      return list(caller, many.group(1), body);
    }
    return new Route53Api.Answer.Failed(
        AwsError.sender(
            400,
            "InvalidInput",
            "The resource type must be hostedzone or healthcheck, and the call one of "
                + "ChangeTagsForResource, ListTagsForResource, ListTagsForResources."));
  }

  private Route53Api.Answer change(Caller caller, String type, String id, byte[] body) {
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Route53Api.Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    Map<String, String> add = new LinkedHashMap<>();
    RestXml.child(root, "AddTags")
        .ifPresent(
            tags ->
                RestXml.children(tags, "Tag")
                    .forEach(
                        tag ->
                            add.put(
                                RestXml.text(tag, "Key").orElse(""),
                                RestXml.text(tag, "Value").orElse(""))));
    List<String> remove = new ArrayList<>();
    RestXml.child(root, "RemoveTagKeys")
        .ifPresent(
            keys ->
                RestXml.children(keys, "Key")
                    .forEach(key -> remove.add(key.getTextContent().trim())));
    List<FieldError> errors = new ArrayList<>();
    if (!root.getLocalName().equals("ChangeTagsForResourceRequest")) {
      errors.add(new FieldError("ChangeTagsForResourceRequest", "the request element is required"));
    }
    add.keySet().stream()
        .filter(key -> key.isEmpty() || key.length() > 128)
        .forEach(key -> errors.add(new FieldError("AddTags", "a Key is 1 to 128 characters")));
    add.values().stream()
        .filter(value -> value.length() > 256)
        .findFirst()
        .ifPresent(v -> errors.add(new FieldError("AddTags", "a Value is at most 256 characters")));
    if (add.size() > MAX_TAGS || remove.size() > MAX_TAGS) {
      errors.add(new FieldError("AddTags", "at most " + MAX_TAGS + " tags or keys in one call"));
    }
    if (!errors.isEmpty()) {
      return new Route53Api.Answer.Failed(Route53Api.error(ApiException.invalidInput(errors)));
    }
    store.write(
        w -> {
          String account = ownedBy(w, caller, type, id);
          remove.forEach(key -> w.deleteTag(account, id, key));
          Map<String, String> after = new LinkedHashMap<>(tagsOf(w, account, id));
          after.putAll(add);
          if (after.size() > MAX_TAGS) {
            throw ApiException.invalidInput(
                List.of(
                    new FieldError(
                        "AddTags",
                        "a "
                            + type
                            + " has at most "
                            + MAX_TAGS
                            + " tags; this would give it "
                            + after.size())));
          }
          add.forEach((key, value) -> w.putTag(new ResourceTag(account, id, key, value)));
          return null;
        });
    return new Route53Api.Answer.Done(
        200, Route53Api.response("ChangeTagsForResourceResponse", ""));
  }

  private Route53Api.Answer list(Caller caller, String type, byte[] body) {
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Route53Api.Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    List<String> ids = new ArrayList<>();
    RestXml.child(root, "ResourceIds")
        .ifPresent(
            list ->
                RestXml.children(list, "ResourceId")
                    .forEach(id -> ids.add(id.getTextContent().trim())));
    if (ids.isEmpty() || ids.size() > MAX_TAGS) {
      return new Route53Api.Answer.Failed(
          AwsError.sender(400, "InvalidInput", "ResourceIds holds 1 to " + MAX_TAGS + " ids."));
    }
    StringBuilder xml = new StringBuilder("<ResourceTagSets>");
    for (String id : ids) {
      xml.append(tagSet(store, caller, type, id));
    }
    return new Route53Api.Answer.Done(
        200,
        Route53Api.response(
            "ListTagsForResourcesResponse", xml.append("</ResourceTagSets>").toString()));
  }

  /** The resource's {@code <ResourceTagSet>}, once the caller may read it. */
  private static String tagSet(ConfigReader reader, Caller caller, String type, String id) {
    String account =
        type.equals("hostedzone")
            ? ZoneAccess.readable(reader, caller, id).accountId()
            : HealthCheckAccess.readable(reader, caller, id).accountId();
    StringBuilder xml =
        new StringBuilder("<ResourceTagSet><ResourceType>")
            .append(type)
            .append("</ResourceType><ResourceId>")
            .append(Xml.text(id))
            .append("</ResourceId><Tags>");
    tagsOf(reader, account, id)
        .forEach(
            (key, value) ->
                xml.append("<Tag><Key>")
                    .append(Xml.text(key))
                    .append("</Key><Value>")
                    .append(Xml.text(value))
                    .append("</Value></Tag>"));
    return xml.append("</Tags></ResourceTagSet>").toString();
  }

  /** The account owning the resource, once the caller may change it. */
  private static String ownedBy(ConfigReader reader, Caller caller, String type, String id) {
    return type.equals("hostedzone")
        ? ZoneAccess.owned(reader, caller, id).accountId()
        : HealthCheckAccess.owned(reader, caller, id).accountId();
  }

  private static Map<String, String> tagsOf(ConfigReader reader, String account, String id) {
    Map<String, String> tags = new LinkedHashMap<>();
    reader.tags(account).stream()
        .filter(tag -> tag.resourceId().equals(id))
        .forEach(tag -> tags.put(tag.key(), tag.value()));
    return tags;
  }
}
