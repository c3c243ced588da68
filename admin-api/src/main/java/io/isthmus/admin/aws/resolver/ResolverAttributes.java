package io.isthmus.admin.aws.resolver;

import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.ResourceTag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What Route 53 Resolver shows of a resource that {@code /v1} has no field for (the creator request
 * id, the security groups of an endpoint, the creation time, the ARN a query-log configuration was
 * created with, the name of a rule association), kept as tags of the resource under the {@code
 * aws:} prefix, which AWS reserves: no client can set or see them as tags. They go with the
 * resource when it is deleted, as its tags do. Stateless.
 */
final class ResolverAttributes {
  static final String PREFIX = "aws:route53resolver:";
  static final String CREATOR_REQUEST_ID = PREFIX + "creator-request-id";
  static final String SECURITY_GROUP_IDS = PREFIX + "security-group-ids";
  static final String CREATION_TIME = PREFIX + "creation-time";
  static final String MODIFICATION_TIME = PREFIX + "modification-time";
  static final String DESTINATION_ARN = PREFIX + "destination-arn";
  static final String NAME = PREFIX + "name";
  static final String REGION = PREFIX + "region";

  private ResolverAttributes() {}

  /** Whether a tag key is one of these attributes (or another reserved {@code aws:} key). */
  static boolean reserved(String key) {
    return key.startsWith("aws:");
  }

  /** The attributes of each resource of the account, by resource id. */
  static Map<String, Map<String, String>> of(ConfigReader reader, String accountId) {
    Map<String, Map<String, String>> byResource = new LinkedHashMap<>();
    for (ResourceTag tag : reader.tags(accountId)) {
      if (tag.key().startsWith(PREFIX)) {
        byResource
            .computeIfAbsent(tag.resourceId(), id -> new LinkedHashMap<>())
            .put(tag.key(), tag.value());
      }
    }
    return byResource;
  }

  /** The attributes of one resource of the account. */
  static Map<String, String> of(ConfigReader reader, String accountId, String resourceId) {
    return of(reader, accountId).getOrDefault(resourceId, Map.of());
  }

  /**
   * The resource of the account created with {@code creatorRequestId} whose id is of the {@code
   * kind} wanted, if any.
   */
  static Optional<String> createdBy(
      ConfigReader reader, String accountId, Predicate<String> kind, String creatorRequestId) {
    return reader.tags(accountId).stream()
        .filter(tag -> tag.key().equals(CREATOR_REQUEST_ID))
        .filter(tag -> tag.value().equals(creatorRequestId))
        .map(ResourceTag::resourceId)
        .filter(kind)
        .findFirst();
  }

  /**
   * Refuses a second creation with one {@code creatorRequestId}, as Route 53 Resolver does.
   *
   * @param what the kind of resource, as messages name it ("Resolver rule")
   * @throws ResolverException ResourceExistsException naming the resource created with it
   */
  static void requireNewCreatorRequestId(
      ConfigReader reader,
      String accountId,
      Predicate<String> kind,
      String what,
      String creatorRequestId) {
    Optional<String> earlier = createdBy(reader, accountId, kind, creatorRequestId);
    if (earlier.isPresent()) {
      throw ResolverException.exists(
          what
              + " "
              + earlier.get()
              + " was already created with CreatorRequestId "
              + creatorRequestId
              + ".");
    }
  }

  /**
   * The attributes of a resource just created through the facade (its creator request id and
   * creation time, with {@code more}), stored with the client's {@code tags} in one write.
   *
   * @return the attributes stored
   */
  static Map<String, String> created(
      ConfigStore store,
      String accountId,
      String resourceId,
      String creatorRequestId,
      Instant now,
      Map<String, String> more,
      Map<String, String> tags) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(CREATOR_REQUEST_ID, creatorRequestId);
    attributes.put(CREATION_TIME, now.toString());
    attributes.putAll(more);
    store.write(
        w -> {
          put(w, accountId, resourceId, attributes);
          put(w, accountId, resourceId, tags);
          return null;
        });
    return attributes;
  }

  /** Sets attributes of a resource; a null value is left out. */
  static void put(
      ConfigWriter writer, String accountId, String resourceId, Map<String, String> attributes) {
    attributes.forEach(
        (key, value) -> {
          if (value != null) {
            writer.putTag(new ResourceTag(accountId, resourceId, key, value));
          }
        });
  }
}
