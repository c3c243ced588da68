package io.isthmus.admin.aws.ram;

import io.isthmus.admin.auth.Caller;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ResourceShare;
import io.isthmus.config.ResourceShareMember;
import io.isthmus.config.ResourceTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RAM's reads of resource shares, their associations and invitations, in the caller's region: an
 * account sees the shares it owns and those that name it as a principal, nothing else. Stateless
 * but for the store.
 */
final class ShareListings {
  private static final Set<String> SHARE_STATUSES =
      Set.of("PENDING", "ACTIVE", "FAILED", "DELETING", "DELETED");
  private static final Set<String> ASSOCIATION_STATUSES =
      Set.of(
          "ASSOCIATING",
          "ASSOCIATED",
          "FAILED",
          "DISASSOCIATING",
          "DISASSOCIATED",
          "SUSPENDED",
          "SUSPENDING",
          "RESTORING");

  private final ConfigReader store;

  ShareListings(ConfigReader store) {
    this.store = store;
  }

  /** GetResourceShares: the caller's own (SELF) or those shared with it (OTHER-ACCOUNTS). */
  ObjectNode shares(Caller caller, String region, RamRequest request) {
    String owner = request.required("resourceOwner");
    String accountId = caller.account().id();
    List<ResourceShare> shares =
        switch (owner) {
          case "SELF" -> store.resourceShares(accountId, region);
          case "OTHER-ACCOUNTS" ->
              store.resourceSharesWithPrincipal(accountId).stream()
                  .filter(share -> share.region().equals(region))
                  .toList();
          default ->
              throw RamError.invalidParameter(
                  "resourceOwner must be SELF or OTHER-ACCOUNTS, not " + owner + ".");
        };
    Set<String> arns = shareArns(request);
    String name = request.string("name").orElse(null);
    String status = request.string("resourceShareStatus").orElse("ACTIVE");
    if (!SHARE_STATUSES.contains(status)) {
      throw RamError.invalidParameter("resourceShareStatus " + status + " is not one of RAM's.");
    }
    Map<String, List<String>> tagFilters = request.tagFilters();
    int maxResults = request.maxResults("InvalidParameterException");
    List<ResourceShare> matching = new ArrayList<>();
    Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    for (ResourceShare share : shares) {
      Map<String, String> shareTags = tagsOf(share);
      if ((arns.isEmpty() || arns.contains(share.arn()))
          && (name == null || name.equals(share.name()))
          && status.equals("ACTIVE")
          && matches(shareTags, tagFilters)) {
        matching.add(share);
        tags.put(share.arn(), shareTags);
      }
    }
    RamPage<ResourceShare> page =
        RamPage.of(matching, ResourceShare::arn, maxResults, request.string("nextToken"));
    ObjectNode out = RamJson.object();
    ArrayNode list = out.putArray("resourceShares");
    page.items().forEach(share -> list.add(RamJson.share(share, tags.get(share.arn()))));
    return withNextToken(out, page);
  }

  /** The tags of a share, by key: its owner's tags of its ARN. */
  Map<String, String> tagsOf(ResourceShare share) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (ResourceTag tag : store.tags(share.accountId())) {
      if (tag.resourceId().equals(share.arn())) {
        tags.put(tag.key(), tag.value());
      }
    }
    return tags;
  }

  private static boolean matches(Map<String, String> tags, Map<String, List<String>> filters) {
    for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
      String value = tags.get(filter.getKey());
      if (value == null || !(filter.getValue().isEmpty() || filter.getValue().contains(value))) {
        return false;
      }
    }
    return true;
  }

  /** One association of a listing, with its place in it. Immutable. */
  private record Listed(ResourceShare share, String type, String entity, ResourceShareMember at) {
    String key() {
      return share.arn() + "\n" + entity;
    }
  }

  /**
   * GetResourceShareAssociations: the rules (RESOURCE) or principals (PRINCIPAL) of the caller's
   * shares, all ASSOCIATED.
   */
  ObjectNode associations(Caller caller, String region, RamRequest request) {
    String type = request.required("associationType");
    if (!type.equals("PRINCIPAL") && !type.equals("RESOURCE")) {
      throw RamError.invalidParameter(
          "associationType must be PRINCIPAL or RESOURCE (Isthmus has no sources), not "
              + type
              + ".");
    }
    String resourceArn = request.string("resourceArn").orElse(null);
    String principal = request.string("principal").orElse(null);
    if ((resourceArn != null && type.equals("PRINCIPAL"))
        || (principal != null && type.equals("RESOURCE"))) {
      throw RamError.invalidParameter(
          "resourceArn goes with associationType RESOURCE, principal with PRINCIPAL.");
    }
    String status = request.string("associationStatus").orElse("ASSOCIATED");
    if (!ASSOCIATION_STATUSES.contains(status)) {
      throw RamError.invalidParameter("associationStatus " + status + " is not one of RAM's.");
    }
    Set<String> arns = shareArns(request);
    int maxResults = request.maxResults("InvalidParameterException");
    List<Listed> listed = new ArrayList<>();
    for (ResourceShare share : store.resourceShares(caller.account().id(), region)) {
      if ((!arns.isEmpty() && !arns.contains(share.arn())) || !status.equals("ASSOCIATED")) {
        continue;
      }
      if (type.equals("PRINCIPAL")) {
        for (ResourceShareMember member : store.resourceSharePrincipals(share.arn())) {
          listed.add(new Listed(share, type, member.memberId(), member));
        }
      } else {
        for (ResourceShareMember member : store.resourceShareRules(share.arn())) {
          store
              .rule(member.memberId())
              .ifPresent(rule -> listed.add(new Listed(share, type, RuleArns.of(rule), member)));
        }
      }
    }
    List<Listed> matching =
        listed.stream()
            .filter(a -> resourceArn == null || resourceArn.equals(a.entity()))
            .filter(a -> principal == null || principal.equals(a.entity()))
            .toList();
    RamPage<Listed> page =
        RamPage.of(matching, Listed::key, maxResults, request.string("nextToken"));
    ObjectNode out = RamJson.object();
    ArrayNode list = out.putArray("resourceShareAssociations");
    for (Listed a : page.items()) {
      list.add(
          RamJson.association(
              a.share(), a.type(), a.entity(), "ASSOCIATED", a.at().associatedAt()));
    }
    return withNextToken(out, page);
  }

  /** The invitations of the caller to the shares that name it in the region. */
  List<Invitation> invitations(Caller caller, String region) {
    String accountId = caller.account().id();
    List<Invitation> invitations = new ArrayList<>();
    for (ResourceShare share : store.resourceSharesWithPrincipal(accountId)) {
      if (!share.region().equals(region)) {
        continue;
      }
      for (ResourceShareMember principal : store.resourceSharePrincipals(share.arn())) {
        if (principal.memberId().equals(accountId)) {
          invitations.add(new Invitation(share, principal));
        }
      }
    }
    return invitations;
  }

  /** GetResourceShareInvitations: the caller's, every one ACCEPTED. */
  ObjectNode invitations(Caller caller, String region, RamRequest request) {
    Set<String> invitationArns =
        request.strings("resourceShareInvitationArns").stream()
            .map(RamArns::requireInvitationArn)
            .collect(Collectors.toSet());
    Set<String> shareArns = shareArns(request);
    int maxResults = request.maxResults("InvalidMaxResultsException");
    List<Invitation> matching =
        invitations(caller, region).stream()
            .filter(i -> invitationArns.isEmpty() || invitationArns.contains(i.arn()))
            .filter(i -> shareArns.isEmpty() || shareArns.contains(i.share().arn()))
            .toList();
    RamPage<Invitation> page =
        RamPage.of(matching, Invitation::arn, maxResults, request.string("nextToken"));
    ObjectNode out = RamJson.object();
    ArrayNode list = out.putArray("resourceShareInvitations");
    page.items().forEach(invitation -> list.add(RamJson.invitation(invitation)));
    return withNextToken(out, page);
  }

  /**
   * ListResourceSharePermissions of the caller's share: RAM's managed permission for Resolver rules
   * once the share holds one, as RAM attaches a resource type's default permission with its first
   * resource. Terraform's aws_ram_resource_share reads it for {@code permission_arns}.
   */
  ObjectNode permissions(Caller caller, String region, RamRequest request) {
    ResourceShare share =
        ResourceShares.owned(store, caller, region, request.required("resourceShareArn"));
    String type = request.string("permissionType").orElse("ALL");
    if (!Set.of("ALL", "AWS_MANAGED", "CUSTOMER_MANAGED").contains(type)) {
      throw RamError.invalidParameter("permissionType " + type + " is not one of RAM's.");
    }
    int maxResults = request.maxResults("InvalidParameterException");
    List<ResourceShare> holding =
        type.equals("CUSTOMER_MANAGED") || store.resourceShareRules(share.arn()).isEmpty()
            ? List.of()
            : List.of(share);
    RamPage<ResourceShare> page =
        RamPage.of(
            holding, s -> RamJson.RULE_PERMISSION_ARN, maxResults, request.string("nextToken"));
    ObjectNode out = RamJson.object();
    ArrayNode list = out.putArray("permissions");
    page.items().forEach(s -> list.add(RamJson.rulePermission(s)));
    return withNextToken(out, page);
  }

  private static Set<String> shareArns(RamRequest request) {
    return request.strings("resourceShareArns").stream()
        .map(RamArns::requireShareArn)
        .collect(Collectors.toSet());
  }

  private static ObjectNode withNextToken(ObjectNode out, RamPage<?> page) {
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    return out;
  }
}
