package io.isthmus.admin.aws.ram;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.rules.RuleShareService;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.ResourceShare;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * AWS RAM over its REST-JSON protocol (API version 2018-01-04, docs/aws-api.md "RAM"): resource
 * shares of Route 53 Resolver rules with other accounts, as Terraform's {@code aws_ram_*} resources
 * make them. A share's effect is {@code /v1}'s rule sharing (docs/spec/admin-api.md "Resolver
 * rules"): while a rule and an account are in a share, the rule is shared with the account. Shares
 * are ACTIVE and accepted as they are made. Thread-safe.
 */
public final class RamApi {
  private final ResourceShares shares;
  private final ShareListings listings;
  private final Clock clock;

  public RamApi(ConfigStore store, RuleShareService ruleShares, Clock clock) {
    this.shares = new ResourceShares(store, ruleShares, clock);
    this.listings = new ShareListings(store);
    this.clock = clock;
  }

  /**
   * What the API answers: a status and a JSON body; for an error, its code for the {@code
   * x-amzn-ErrorType} header, else null.
   */
  public record Answer(int status, String errorType, String json) {
    static Answer ok(ObjectNode body) {
      return new Answer(200, null, RamJson.text(body));
    }

    /** An error as botocore's REST-JSON parser reads it: the code in the header. */
    static Answer error(int status, String code, String message) {
      ObjectNode body = RamJson.object();
      body.put("message", message);
      return new Answer(status, code, RamJson.text(body));
    }
  }

  /**
   * An error the facade answers before RAM is reached (a refused signature, throttling, the store
   * down, a bug) in RAM's terms: its model's names for the errors its clients retry.
   */
  public static Answer facadeError(AwsError error) {
    return switch (error.code()) {
      case "Throttling", "ThrottlingException" ->
          Answer.error(429, "ThrottlingException", error.message());
      case "ServiceUnavailable" ->
          Answer.error(503, "ServiceUnavailableException", error.message());
      case "InternalFailure" -> Answer.error(500, "ServerInternalException", error.message());
      default -> Answer.error(error.status(), error.code(), error.message());
    };
  }

  /** The answer to a request of {@code caller}'s, signed for {@code region}. */
  public Answer handle(
      Caller caller, String region, String method, String path, QueryRequest query, byte[] body) {
    Optional<RamOperation> operation = RamOperation.atPath(path);
    if (operation.isEmpty() || !operation.get().method().equals(method)) {
      return Answer.error(
          404,
          "UnknownOperationException",
          method + " " + path + " is not an operation of RAM that Isthmus serves.");
    }
    try {
      return Answer.ok(answer(caller, region, operation.get(), query, body));
    } catch (RamError e) {
      return Answer.error(400, e.code(), e.getMessage());
    } catch (ApiException e) {
      RamError error = ApiErrors.of(e);
      return Answer.error(400, error.code(), error.getMessage());
    }
  }

  private ObjectNode answer(
      Caller caller, String region, RamOperation operation, QueryRequest query, byte[] body) {
    if (operation == RamOperation.DELETE_RESOURCE_SHARE) {
      RamRequest request = RamRequest.ofQuery(query, List.of("resourceShareArn", "clientToken"));
      shares.delete(caller, region, request.required("resourceShareArn"));
      ObjectNode out = RamJson.object();
      out.put("returnValue", true);
      return withClientToken(out, request);
    }
    RamRequest request = RamRequest.ofBody(body);
    return switch (operation) {
      case CREATE_RESOURCE_SHARE -> create(caller, region, request);
      case ASSOCIATE_RESOURCE_SHARE -> associate(caller, region, request, true);
      case DISASSOCIATE_RESOURCE_SHARE -> associate(caller, region, request, false);
      case GET_RESOURCE_SHARES -> listings.shares(caller, region, request);
      case GET_RESOURCE_SHARE_ASSOCIATIONS -> listings.associations(caller, region, request);
      case GET_RESOURCE_SHARE_INVITATIONS -> listings.invitations(caller, region, request);
      case ACCEPT_RESOURCE_SHARE_INVITATION -> accept(caller, region, request);
      case LIST_RESOURCE_SHARE_PERMISSIONS -> listings.permissions(caller, region, request);
      case DELETE_RESOURCE_SHARE -> throw new IllegalStateException("answered above");
    };
  }

  private ObjectNode create(Caller caller, String region, RamRequest request) {
    String name = request.required("name");
    ResourceShares.NewShare spec =
        new ResourceShares.NewShare(
            name,
            request.bool("allowExternalPrincipals", true),
            request.string("clientToken").orElse(null),
            request.tags(),
            ShareMembers.of(request));
    ResourceShare share = shares.create(caller, region, spec);
    ObjectNode out = RamJson.object();
    out.set("resourceShare", RamJson.share(share, listings.tagsOf(share)));
    return withClientToken(out, request);
  }

  /** AssociateResourceShare, or DisassociateResourceShare when {@code add} is false. */
  private ObjectNode associate(Caller caller, String region, RamRequest request, boolean add) {
    String arn = request.required("resourceShareArn");
    ShareMembers members = ShareMembers.of(request);
    ResourceShare share =
        add
            ? shares.associate(caller, region, arn, members)
            : shares.disassociate(caller, region, arn, members);
    String status = add ? "ASSOCIATED" : "DISASSOCIATED";
    Instant now = clock.instant();
    ObjectNode out = RamJson.object();
    ArrayNode list = out.putArray("resourceShareAssociations");
    for (String ruleArn : members.ruleArns()) {
      list.add(RamJson.association(share, "RESOURCE", ruleArn, status, now));
    }
    for (String accountId : members.accountIds()) {
      list.add(RamJson.association(share, "PRINCIPAL", accountId, status, now));
    }
    return withClientToken(out, request);
  }

  /**
   * AcceptResourceShareInvitation: the caller's invitations are accepted already, as AWS answers
   * for one accepted before.
   */
  private ObjectNode accept(Caller caller, String region, RamRequest request) {
    String arn = RamArns.requireInvitationArn(request.required("resourceShareInvitationArn"));
    boolean known =
        listings.invitations(caller, region).stream().anyMatch(i -> i.arn().equals(arn));
    if (known) {
      throw new RamError(
          "ResourceShareInvitationAlreadyAcceptedException",
          "The invitation "
              + arn
              + " is accepted already: Isthmus accepts resource shares as they are made.");
    }
    throw new RamError(
        "ResourceShareInvitationArnNotFoundException", "No resource share invitation " + arn + ".");
  }

  private static ObjectNode withClientToken(ObjectNode out, RamRequest request) {
    request.string("clientToken").ifPresent(token -> out.put("clientToken", token));
    return out;
  }
}
