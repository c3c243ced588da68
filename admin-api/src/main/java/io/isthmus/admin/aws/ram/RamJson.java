package io.isthmus.admin.aws.ram;

import io.isthmus.config.ResourceShare;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * RAM's response shapes, as the service model names their members. Timestamps are the REST-JSON
 * protocol's default, epoch seconds (with milliseconds). Stateless.
 */
final class RamJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** RAM's managed permission for the resource type Isthmus shares, Resolver rules. */
  static final String RULE_PERMISSION_ARN =
      "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionResolverRule";

  private RamJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static String text(ObjectNode body) {
    return JSON.writeValueAsString(body);
  }

  static BigDecimal time(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  /** A {@code ResourceShare}: always ACTIVE, as Isthmus makes it at once. */
  static ObjectNode share(ResourceShare share, Map<String, String> tags) {
    ObjectNode out = object();
    out.put("resourceShareArn", share.arn());
    out.put("name", share.name());
    out.put("owningAccountId", share.accountId());
    out.put("allowExternalPrincipals", share.allowExternalPrincipals());
    out.put("status", "ACTIVE");
    ArrayNode tagList = out.putArray("tags");
    tags.forEach((key, value) -> tagList.addObject().put("key", key).put("value", value));
    out.put("creationTime", time(share.createdAt()));
    out.put("lastUpdatedTime", time(share.createdAt()));
    out.put("featureSet", "STANDARD");
    return out;
  }

  /**
   * A {@code ResourceShareAssociation}. No principal is external: Isthmus has no organizations, so
   * that every account is as near as any other.
   *
   * @param type PRINCIPAL or RESOURCE
   * @param entity the account id or the rule ARN
   * @param status ASSOCIATED, or DISASSOCIATED in the answer that removed it
   */
  static ObjectNode association(
      ResourceShare share, String type, String entity, String status, Instant at) {
    ObjectNode out = object();
    out.put("resourceShareArn", share.arn());
    out.put("resourceShareName", share.name());
    out.put("associatedEntity", entity);
    out.put("associationType", type);
    out.put("status", status);
    out.put("creationTime", time(at));
    out.put("lastUpdatedTime", time(at));
    out.put("external", false);
    return out;
  }

  /**
   * The {@code ResourceSharePermissionSummary} of {@link #RULE_PERMISSION_ARN} in a share, from the
   * share's creation: its grant is the shared-rule actions of /v1's sharing.
   */
  static ObjectNode rulePermission(ResourceShare share) {
    ObjectNode out = object();
    out.put("arn", RULE_PERMISSION_ARN);
    out.put("version", "1");
    out.put("defaultVersion", true);
    out.put("name", "AWSRAMDefaultPermissionResolverRule");
    out.put("resourceType", "route53resolver:ResolverRule");
    out.put("status", "ATTACHABLE");
    out.put("creationTime", time(share.createdAt()));
    out.put("lastUpdatedTime", time(share.createdAt()));
    out.put("isResourceTypeDefault", true);
    out.put("permissionType", "AWS_MANAGED");
    out.put("featureSet", "STANDARD");
    return out;
  }

  /** A {@code ResourceShareInvitation}, ACCEPTED: shares are accepted as they are made. */
  static ObjectNode invitation(Invitation invitation) {
    ResourceShare share = invitation.share();
    ObjectNode out = object();
    out.put("resourceShareInvitationArn", invitation.arn());
    out.put("resourceShareName", share.name());
    out.put("resourceShareArn", share.arn());
    out.put("senderAccountId", share.accountId());
    out.put("receiverAccountId", invitation.principal().memberId());
    out.put("invitationTimestamp", time(invitation.principal().associatedAt()));
    out.put("status", "ACCEPTED");
    return out;
  }
}
