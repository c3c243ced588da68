package io.isthmus.admin.aws.ram;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.config.Account;
import io.isthmus.config.ConfigStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RAM's resource shares on {@code /v1}'s rule shares: what a share holds is shared, what leaves it
 * is not, unless another share holds it; nothing of another account's is shared or seen.
 */
class RamApiTest extends ResolverApiTestSupport {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REGION = "us-east-1";

  @Autowired RamApi ram;
  @Autowired ConfigStore store;

  private static Caller caller(Acct acct) {
    return new Caller.Member(new Account(acct.id(), acct.name()));
  }

  private RamApi.Answer call(Acct acct, String method, String path, String query, String body) {
    return ram.handle(
        caller(acct),
        REGION,
        method,
        path,
        QueryRequest.parse(query),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode ok(Acct acct, String path, String body) {
    RamApi.Answer answer = call(acct, "POST", path, null, body);
    assertThat(answer.status()).as(answer.json()).isEqualTo(200);
    assertThat(answer.errorType()).isNull();
    return JSON.readTree(answer.json());
  }

  /** The code of an error answer, which must be a 400 with a message. */
  private String error(Acct acct, String method, String path, String query, String body) {
    RamApi.Answer answer = call(acct, method, path, query, body);
    assertThat(answer.status()).as(answer.json()).isEqualTo(400);
    assertThat(JSON.readTree(answer.json()).get("message").stringValue()).isNotBlank();
    return answer.errorType();
  }

  private String error(Acct acct, String path, String body) {
    return error(acct, "POST", path, null, body);
  }

  private static String ruleArn(Acct owner, String ruleId) {
    return "arn:aws:route53resolver:" + REGION + ":" + owner.id() + ":resolver-rule/" + ruleId;
  }

  /** A FORWARD rule of the owner's in {@link #REGION}. */
  private String rule(Acct owner, String domain) {
    return forwardRule(owner, domain, outbound(owner, vpc(owner, REGION)), freshIp());
  }

  private String createShare(Acct owner, String name, String ruleArn, Acct principal) {
    return ok(
            owner,
            "/createresourceshare",
            "{\"name\":\"%s\",\"resourceArns\":[\"%s\"],\"principals\":[\"%s\"]}"
                .formatted(name, ruleArn, principal.id()))
        .at("/resourceShare/resourceShareArn")
        .stringValue();
  }

  private JsonNode associations(Acct owner, String type, String shareArn) {
    return ok(
            owner,
            "/getresourceshareassociations",
            "{\"associationType\":\"%s\",\"resourceShareArns\":[\"%s\"]}".formatted(type, shareArn))
        .get("resourceShareAssociations");
  }

  private RamApi.Answer deleteShare(Acct owner, String shareArn) {
    return call(
        owner,
        "DELETE",
        "/deleteresourceshare",
        "resourceShareArn=" + shareArn + "&clientToken=t",
        "");
  }

  private static List<String> texts(JsonNode list, String member) {
    List<String> found = new ArrayList<>();
    list.forEach(item -> found.add(item.get(member).stringValue()));
    return found;
  }

  @Test
  void aShareOfARuleWithAnAccountLetsThatAccountAssociateTheRule() {
    Acct owner = account("ram-owner");
    Acct principal = account("ram-principal");
    String ruleId = rule(owner, "ram-shared.example");
    String arn = ruleArn(owner, ruleId);
    String principalVpc = vpc(principal, REGION);

    JsonNode created =
        ok(
            owner,
            "/createresourceshare",
            "{\"name\":\"to-principal\",\"resourceArns\":[\""
                + arn
                + "\"],\"principals\":[\""
                + principal.id()
                + "\"],\"allowExternalPrincipals\":false,\"clientToken\":\"tok-1\","
                + "\"tags\":[{\"key\":\"team\",\"value\":\"net\"}]}");

    JsonNode share = created.get("resourceShare");
    String shareArn = share.get("resourceShareArn").stringValue();
    assertThat(shareArn)
        .matches("arn:aws:ram:us-east-1:" + owner.id() + ":resource-share/[0-9a-f-]{36}");
    assertThat(share.get("name").stringValue()).isEqualTo("to-principal");
    assertThat(share.get("owningAccountId").stringValue()).isEqualTo(owner.id());
    assertThat(share.get("status").stringValue()).isEqualTo("ACTIVE");
    assertThat(share.get("allowExternalPrincipals").booleanValue()).isFalse();
    assertThat(share.get("creationTime").isNumber()).isTrue();
    assertThat(share.get("tags").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"net\"}]");
    assertThat(created.get("clientToken").stringValue()).isEqualTo("tok-1");
    assertThat(store.ruleShares(ruleId)).containsExactly(principal.id());
    JsonNode seen = get("/v1/resolver/rules/" + ruleId, principal.token()).expect(200).body();
    assertThat(seen.get("shareStatus").stringValue()).isEqualTo("SHARED_WITH_ME");
    associate(principal, ruleId, principalVpc).expect(201);

    assertThat(texts(associations(owner, "PRINCIPAL", shareArn), "associatedEntity"))
        .containsExactly(principal.id());
    assertThat(texts(associations(owner, "PRINCIPAL", shareArn), "status"))
        .containsExactly("ASSOCIATED");
    assertThat(texts(associations(owner, "RESOURCE", shareArn), "associatedEntity"))
        .containsExactly(arn);
    assertThat(
            texts(
                ok(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\"}")
                    .get("resourceShares"),
                "resourceShareArn"))
        .containsExactly(shareArn);
    assertThat(
            texts(
                ok(principal, "/getresourceshares", "{\"resourceOwner\":\"OTHER-ACCOUNTS\"}")
                    .get("resourceShares"),
                "resourceShareArn"))
        .containsExactly(shareArn);
    assertThat(ok(principal, "/getresourceshares", "{\"resourceOwner\":\"SELF\"}").toString())
        .isEqualTo("{\"resourceShares\":[]}");
    // The principal does not see the owner's associations.
    assertThat(associations(principal, "PRINCIPAL", shareArn)).isEmpty();
  }

  @Test
  void aShareListsTheResolverRulePermissionOnceItHoldsARule() {
    Acct owner = account("ram-permissions");
    Acct other = account("ram-permissions-other");
    String shareArn =
        ok(owner, "/createresourceshare", "{\"name\":\"empty\"}")
            .at("/resourceShare/resourceShareArn")
            .stringValue();
    String list = "{\"resourceShareArn\":\"" + shareArn + "\"}";
    assertThat(ok(owner, "/listresourcesharepermissions", list).get("permissions")).isEmpty();

    ok(
        owner,
        "/associateresourceshare",
        "{\"resourceShareArn\":\"%s\",\"resourceArns\":[\"%s\"]}"
            .formatted(shareArn, ruleArn(owner, rule(owner, "ram-perm.example"))));

    JsonNode permissions = ok(owner, "/listresourcesharepermissions", list).get("permissions");
    assertThat(permissions).hasSize(1);
    assertThat(permissions.get(0).get("arn").stringValue())
        .isEqualTo("arn:aws:ram::aws:permission/AWSRAMDefaultPermissionResolverRule");
    assertThat(permissions.get(0).get("resourceType").stringValue())
        .isEqualTo("route53resolver:ResolverRule");
    assertThat(permissions.get(0).get("permissionType").stringValue()).isEqualTo("AWS_MANAGED");
    assertThat(
            ok(
                    owner,
                    "/listresourcesharepermissions",
                    "{\"resourceShareArn\":\""
                        + shareArn
                        + "\",\"permissionType\":\"CUSTOMER_MANAGED\"}")
                .get("permissions"))
        .isEmpty();
    // Another account's share does not exist for the caller.
    assertThat(error(other, "/listresourcesharepermissions", list))
        .isEqualTo("UnknownResourceException");
  }

  @Test
  void invitationsAreAcceptedAlready() {
    Acct owner = account("ram-inviter");
    Acct principal = account("ram-invitee");
    String shareArn =
        createShare(owner, "invites", ruleArn(owner, rule(owner, "ram-inv.example")), principal);

    JsonNode invitations =
        ok(principal, "/getresourceshareinvitations", "{}").get("resourceShareInvitations");

    assertThat(invitations).hasSize(1);
    JsonNode invitation = invitations.get(0);
    assertThat(invitation.get("status").stringValue()).isEqualTo("ACCEPTED");
    assertThat(invitation.get("resourceShareArn").stringValue()).isEqualTo(shareArn);
    assertThat(invitation.get("senderAccountId").stringValue()).isEqualTo(owner.id());
    assertThat(invitation.get("receiverAccountId").stringValue()).isEqualTo(principal.id());
    String invitationArn = invitation.get("resourceShareInvitationArn").stringValue();
    assertThat(invitationArn)
        .matches(
            "arn:aws:ram:us-east-1:" + owner.id() + ":resource-share-invitation/[0-9a-f-]{36}");
    assertThat(
            ok(
                    principal,
                    "/getresourceshareinvitations",
                    "{\"resourceShareArns\":[\"" + shareArn + "\"]}")
                .get("resourceShareInvitations"))
        .hasSize(1);
    assertThat(
            ok(
                    principal,
                    "/getresourceshareinvitations",
                    "{\"resourceShareInvitationArns\":[\"" + invitationArn + "\"]}")
                .get("resourceShareInvitations"))
        .hasSize(1);
    assertThat(ok(owner, "/getresourceshareinvitations", "{}").get("resourceShareInvitations"))
        .isEmpty();
    assertThat(
            error(
                principal,
                "/acceptresourceshareinvitation",
                "{\"resourceShareInvitationArn\":\"" + invitationArn + "\"}"))
        .isEqualTo("ResourceShareInvitationAlreadyAcceptedException");
    assertThat(
            error(
                owner,
                "/acceptresourceshareinvitation",
                "{\"resourceShareInvitationArn\":\"" + invitationArn + "\"}"))
        .isEqualTo("ResourceShareInvitationArnNotFoundException");
    assertThat(
            error(
                principal,
                "/acceptresourceshareinvitation",
                "{\"resourceShareInvitationArn\":\"" + shareArn + "\"}"))
        .isEqualTo("MalformedArnException");
    assertThat(error(principal, "/getresourceshareinvitations", "{\"maxResults\":501}"))
        .isEqualTo("InvalidMaxResultsException");
  }

  @Test
  void disassociatingThePrincipalUnsharesTheRuleAndEndsItsAssociations() {
    Acct owner = account("ram-unsharer");
    Acct principal = account("ram-unshared");
    String ruleId = rule(owner, "ram-unshare.example");
    String principalVpc = vpc(principal, REGION);
    String shareArn = createShare(owner, "unshare", ruleArn(owner, ruleId), principal);
    associate(principal, ruleId, principalVpc).expect(201);

    JsonNode answer =
        ok(
            owner,
            "/disassociateresourceshare",
            "{\"resourceShareArn\":\"%s\",\"principals\":[\"%s\"]}"
                .formatted(shareArn, principal.id()));

    JsonNode removed = answer.get("resourceShareAssociations");
    assertThat(texts(removed, "associatedEntity")).containsExactly(principal.id());
    assertThat(texts(removed, "status")).containsExactly("DISASSOCIATED");
    assertThat(texts(removed, "associationType")).containsExactly("PRINCIPAL");
    assertThat(store.ruleShares(ruleId)).isEmpty();
    assertThat(store.ruleAssociations(principalVpc)).isEmpty();
    get("/v1/resolver/rules/" + ruleId, principal.token()).expect(404);
    assertThat(associations(owner, "PRINCIPAL", shareArn)).isEmpty();
    assertThat(associations(owner, "RESOURCE", shareArn)).hasSize(1);
    assertThat(
            error(
                owner,
                "/disassociateresourceshare",
                "{\"resourceShareArn\":\"%s\",\"principals\":[\"%s\"]}"
                    .formatted(shareArn, principal.id())))
        .isEqualTo("UnknownResourceException");

    // Associating the principal again shares the rule again.
    ok(
        owner,
        "/associateresourceshare",
        "{\"resourceShareArn\":\"%s\",\"principals\":[\"%s\"]}"
            .formatted(shareArn, principal.id()));
    assertThat(store.ruleShares(ruleId)).containsExactly(principal.id());

    // Removing the rule unshares it too.
    ok(
        owner,
        "/disassociateresourceshare",
        "{\"resourceShareArn\":\"%s\",\"resourceArns\":[\"%s\"]}"
            .formatted(shareArn, ruleArn(owner, ruleId)));
    assertThat(store.ruleShares(ruleId)).isEmpty();
    assertThat(associations(owner, "RESOURCE", shareArn)).isEmpty();
  }

  @Test
  void aPairAnotherShareHoldsStaysSharedUntilTheLastShareGoes() {
    Acct owner = account("ram-twice");
    Acct principal = account("ram-twice-principal");
    String ruleId = rule(owner, "ram-twice.example");
    String first = createShare(owner, "first", ruleArn(owner, ruleId), principal);
    String second = createShare(owner, "second", ruleArn(owner, ruleId), principal);

    RamApi.Answer deleted = deleteShare(owner, first);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json()).isEqualTo("{\"returnValue\":true,\"clientToken\":\"t\"}");
    assertThat(store.ruleShares(ruleId)).containsExactly(principal.id());
    assertThat(
            ok(
                    owner,
                    "/getresourceshares",
                    "{\"resourceOwner\":\"SELF\",\"resourceShareArns\":[\"" + first + "\"]}")
                .get("resourceShares"))
        .isEmpty();
    assertThat(deleteShare(owner, first).errorType()).isEqualTo("UnknownResourceException");
    assertThat(deleteShare(principal, second).errorType()).isEqualTo("UnknownResourceException");
    assertThat(store.ruleShares(ruleId)).containsExactly(principal.id());

    assertThat(deleteShare(owner, second).status()).isEqualTo(200);
    assertThat(store.ruleShares(ruleId)).isEmpty();
    assertThat(store.resourceShares(owner.id(), null)).isEmpty();
  }

  @Test
  void aRuleSharedThroughV1AloneIsUnsharedWhenItsLastShareLetsItGo() {
    Acct owner = account("ram-v1");
    Acct principal = account("ram-v1-principal");
    String ruleId = rule(owner, "ram-v1.example");
    share(owner, ruleId, principal).expect(201);
    String shareArn = createShare(owner, "over-v1", ruleArn(owner, ruleId), principal);
    delete("/v1/resolver/rules/" + ruleId + "/shares/" + principal.id(), owner.token()).expect(204);

    assertThat(deleteShare(owner, shareArn).status()).isEqualTo(200);

    assertThat(store.ruleShares(ruleId)).isEmpty();
  }

  @Test
  void anotherAccountsRuleOrAnUnknownPrincipalIsRefusedAndNothingIsWritten() {
    Acct owner = account("ram-refused-owner");
    Acct other = account("ram-refused-other");
    String othersRule = rule(other, "ram-others.example");
    String ownRule = rule(owner, "ram-own.example");
    share(other, othersRule, owner).expect(201);
    long version = store.version();

    String body = "{\"name\":\"n\",\"resourceArns\":[\"%s\"],\"principals\":[\"%s\"]}";
    // Another account's rule, shared with the caller or not: not the caller's to share.
    assertThat(
            error(
                owner,
                "/createresourceshare",
                body.formatted(ruleArn(other, othersRule), other.id())))
        .isEqualTo("OperationNotPermittedException");
    Acct third = account("ram-refused-third");
    version = store.version();
    assertThat(
            error(
                third,
                "/createresourceshare",
                body.formatted(ruleArn(other, othersRule), owner.id())))
        .isEqualTo("UnknownResourceException");
    // The caller's rule under another account's ARN, or in another region, does not exist.
    assertThat(
            error(
                owner, "/createresourceshare", body.formatted(ruleArn(other, ownRule), other.id())))
        .isEqualTo("UnknownResourceException");
    assertThat(
            error(
                owner,
                "/createresourceshare",
                body.formatted(ruleArn(owner, ownRule).replace(REGION, "eu-west-1"), other.id())))
        .isEqualTo("UnknownResourceException");
    assertThat(
            error(
                owner,
                "/createresourceshare",
                body.formatted(
                    "arn:aws:ec2:us-east-1:" + owner.id() + ":vpc/vpc-0123", other.id())))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", body.formatted("rule", other.id())))
        .isEqualTo("MalformedArnException");
    assertThat(
            error(
                owner,
                "/createresourceshare",
                body.formatted(ruleArn(owner, ownRule), "000000000000")))
        .isEqualTo("UnknownResourceException");
    assertThat(
            error(
                owner, "/createresourceshare", body.formatted(ruleArn(owner, ownRule), owner.id())))
        .isEqualTo("InvalidParameterException");
    RamApi.Answer organization =
        call(
            owner,
            "POST",
            "/createresourceshare",
            null,
            body.formatted(
                ruleArn(owner, ownRule), "arn:aws:organizations::123456789012:organization/o-1"));
    assertThat(organization.errorType()).isEqualTo("InvalidParameterException");
    assertThat(organization.json()).contains("no organizations");
    assertThat(
            error(
                owner,
                "/createresourceshare",
                body.formatted(ruleArn(owner, ownRule), "arn:aws:iam::123456789012:root")))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", body.formatted(ruleArn(owner, ownRule), "me")))
        .isEqualTo("InvalidParameterException");

    assertThat(store.version()).isEqualTo(version);
    assertThat(store.resourceShares(owner.id(), null)).isEmpty();
    assertThat(store.ruleShares(ownRule)).isEmpty();
    assertThat(store.ruleShares(othersRule)).containsExactly(owner.id());
  }

  @Test
  void aShareIsPagedByArnAndFilteredByNameStatusAndTag() {
    Acct owner = account("ram-pages");
    Acct principal = account("ram-pages-principal");
    String arn = ruleArn(owner, rule(owner, "ram-pages.example"));
    List<String> shares = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      shares.add(
          ok(
                  owner,
                  "/createresourceshare",
                  "{\"name\":\"%s\",\"resourceArns\":[\"%s\"],\"principals\":[\"%s\"],\"tags\":[{\"key\":\"k\",\"value\":\"%s\"}]}"
                      .formatted(name, arn, principal.id(), name))
              .at("/resourceShare/resourceShareArn")
              .stringValue());
    }
    shares.sort(null);

    JsonNode page1 =
        ok(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"maxResults\":2}");
    JsonNode page2 =
        ok(
            owner,
            "/getresourceshares",
            "{\"resourceOwner\":\"SELF\",\"maxResults\":2,\"nextToken\":\""
                + page1.get("nextToken").stringValue()
                + "\"}");

    assertThat(texts(page1.get("resourceShares"), "resourceShareArn"))
        .containsExactly(shares.get(0), shares.get(1));
    assertThat(texts(page2.get("resourceShares"), "resourceShareArn"))
        .containsExactly(shares.get(2));
    assertThat(page2.has("nextToken")).isFalse();
    JsonNode associations1 =
        ok(
            owner,
            "/getresourceshareassociations",
            "{\"associationType\":\"PRINCIPAL\",\"maxResults\":1}");
    assertThat(associations1.get("resourceShareAssociations")).hasSize(1);
    JsonNode associations2 =
        ok(
            owner,
            "/getresourceshareassociations",
            "{\"associationType\":\"PRINCIPAL\",\"maxResults\":5,\"principal\":\""
                + principal.id()
                + "\",\"nextToken\":\""
                + associations1.get("nextToken").stringValue()
                + "\"}");
    assertThat(associations2.get("resourceShareAssociations")).hasSize(2);
    assertThat(
            ok(
                    principal,
                    "/getresourceshares",
                    "{\"resourceOwner\":\"OTHER-ACCOUNTS\",\"maxResults\":1}")
                .has("nextToken"))
        .isTrue();
    assertThat(
            texts(
                ok(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"name\":\"b\"}")
                    .get("resourceShares"),
                "name"))
        .containsExactly("b");
    assertThat(
            texts(
                ok(
                        owner,
                        "/getresourceshares",
                        "{\"resourceOwner\":\"SELF\",\"tagFilters\":[{\"tagKey\":\"k\",\"tagValues\":[\"a\",\"c\"]}]}")
                    .get("resourceShares"),
                "name"))
        .containsExactlyInAnyOrder("a", "c");
    assertThat(
            ok(
                    owner,
                    "/getresourceshares",
                    "{\"resourceOwner\":\"SELF\",\"resourceShareStatus\":\"DELETED\"}")
                .get("resourceShares"))
        .isEmpty();
    assertThat(
            ok(
                    owner,
                    "/getresourceshareassociations",
                    "{\"associationType\":\"RESOURCE\",\"associationStatus\":\"DISASSOCIATED\"}")
                .get("resourceShareAssociations"))
        .isEmpty();
    assertThat(
            ok(
                    owner,
                    "/getresourceshareassociations",
                    "{\"associationType\":\"RESOURCE\",\"resourceArn\":\"" + arn + "\"}")
                .get("resourceShareAssociations"))
        .hasSize(3);

    assertThat(
            error(
                owner,
                "/getresourceshares",
                "{\"resourceOwner\":\"SELF\",\"nextToken\":\"not a token\"}"))
        .isEqualTo("InvalidNextTokenException");
    // Base64 of text that is no token of this listing: "bad", and an empty key.
    assertThat(
            error(
                owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"nextToken\":\"bad\"}"))
        .isEqualTo("InvalidNextTokenException");
    assertThat(
            error(
                owner,
                "/getresourceshares",
                "{\"resourceOwner\":\"SELF\",\"nextToken\":\"cmFtLXBhZ2U6\"}"))
        .isEqualTo("InvalidNextTokenException");
    assertThat(error(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"maxResults\":0}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/getresourceshares", "{\"resourceOwner\":\"ANYONE\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/getresourceshares", "{}")).isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner,
                "/getresourceshares",
                "{\"resourceOwner\":\"SELF\",\"resourceShareStatus\":\"GONE\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner,
                "/getresourceshares",
                "{\"resourceOwner\":\"SELF\",\"resourceShareArns\":[\"arn:aws:ram:x\"]}"))
        .isEqualTo("MalformedArnException");
    assertThat(error(owner, "/getresourceshareassociations", "{\"associationType\":\"SOURCE\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner,
                "/getresourceshareassociations",
                "{\"associationType\":\"PRINCIPAL\",\"resourceArn\":\"" + arn + "\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner,
                "/getresourceshareassociations",
                "{\"associationType\":\"PRINCIPAL\",\"associationStatus\":\"LOST\"}"))
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void badJsonIsRefusedInRamsShapeAndNothingIsWritten() {
    Acct owner = account("ram-bad-json");
    String arn = ruleArn(owner, rule(owner, "ram-bad.example"));
    long version = store.version();

    RamApi.Answer notJson = call(owner, "POST", "/createresourceshare", null, "{\"name\":");

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorType()).isEqualTo("InvalidParameterException");
    assertThat(JSON.readTree(notJson.json()).get("message").stringValue())
        .isEqualTo("The request body is not valid JSON.");
    assertThat(error(owner, "/createresourceshare", "[]")).isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", "")).isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", "{\"name\":7}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner, "/createresourceshare", "{\"name\":\"n\",\"resourceArns\":\"" + arn + "\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", "{\"name\":\"n\",\"resourceArns\":[7]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(owner, "/createresourceshare", "{\"name\":\"n\",\"allowExternalPrincipals\":1}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(owner, "/createresourceshare", "{\"name\":\"n\",\"tags\":[{\"value\":\"v\"}]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", "{\"name\":\"n\",\"tags\":[\"k\"]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "/createresourceshare", "{\"name\":\"n\",\"tags\":{}}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner,
                "/createresourceshare",
                "{\"name\":\"n\",\"sources\":[\"account-id\"],\"resourceArns\":[\"" + arn + "\"]}"))
        .isEqualTo("InvalidParameterException");
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i <= ResourceShares.MAX_TAGS; i++) {
      tags.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":\"v\"}");
    }
    assertThat(error(owner, "/createresourceshare", "{\"name\":\"n\",\"tags\":[" + tags + "]}"))
        .isEqualTo("TagLimitExceededException");
    assertThat(error(owner, "/associateresourceshare", "{}"))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "DELETE", "/deleteresourceshare", null, ""))
        .isEqualTo("InvalidParameterException");
    assertThat(error(owner, "DELETE", "/deleteresourceshare", "resourceShareArn=nope", ""))
        .isEqualTo("MalformedArnException");
    assertThat(
            error(
                owner,
                "/associateresourceshare",
                "{\"resourceShareArn\":\"arn:aws:ram:us-east-1:"
                    + owner.id()
                    + ":resource-share/00000000-0000-0000-0000-000000000000\"}"))
        .isEqualTo("UnknownResourceException");
    RamApi.Answer unknown = call(owner, "GET", "/createresourceshare", null, "");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorType()).isEqualTo("UnknownOperationException");
    assertThat(call(owner, "POST", "/listresources", null, "{}").status()).isEqualTo(404);

    assertThat(store.version()).isEqualTo(version);
    assertThat(store.resourceShares(owner.id(), null)).isEmpty();
  }

  @Test
  void aClientTokenMakesARetryTheSameShare() {
    Acct owner = account("ram-retry");
    Acct principal = account("ram-retry-principal");
    String arn = ruleArn(owner, rule(owner, "ram-retry.example"));
    String body =
        "{\"name\":\"%s\",\"clientToken\":\"same\",\"resourceArns\":[\"%s\"],\"principals\":[\"%s\"]}";

    String first =
        ok(owner, "/createresourceshare", body.formatted("n", arn, principal.id()))
            .at("/resourceShare/resourceShareArn")
            .stringValue();
    String again =
        ok(owner, "/createresourceshare", body.formatted("n", arn, principal.id()))
            .at("/resourceShare/resourceShareArn")
            .stringValue();

    assertThat(again).isEqualTo(first);
    assertThat(store.resourceShares(owner.id(), null)).hasSize(1);
    assertThat(error(owner, "/createresourceshare", body.formatted("m", arn, principal.id())))
        .isEqualTo("IdempotentParameterMismatchException");
  }

  @Test
  void aRuleIsSharedInItsOwnRegionAndADeletedRuleLeavesItsShares() {
    Acct owner = account("ram-region");
    Acct principal = account("ram-region-principal");
    String ruleId = rule(owner, "ram-region.example");
    String arn = ruleArn(owner, ruleId);
    RamApi.Answer elsewhere =
        ram.handle(
            caller(owner),
            "eu-west-1",
            "POST",
            "/createresourceshare",
            QueryRequest.parse(null),
            ("{\"name\":\"n\",\"resourceArns\":[\"" + arn + "\"]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(elsewhere.errorType()).isEqualTo("InvalidParameterException");
    assertThat(elsewhere.json()).contains("is in us-east-1");

    String shareArn = createShare(owner, "n", arn, principal);
    // Shares are regional: the share is unknown in another region.
    assertThat(
            ram.handle(
                    caller(owner),
                    "eu-west-1",
                    "DELETE",
                    "/deleteresourceshare",
                    QueryRequest.parse("resourceShareArn=" + shareArn),
                    new byte[0])
                .errorType())
        .isEqualTo("UnknownResourceException");
    delete("/v1/resolver/rules/" + ruleId, owner.token()).expect(204);

    assertThat(associations(owner, "RESOURCE", shareArn)).isEmpty();
    assertThat(associations(owner, "PRINCIPAL", shareArn)).hasSize(1);
    assertThat(
            error(
                owner,
                "/disassociateresourceshare",
                "{\"resourceShareArn\":\"%s\",\"resourceArns\":[\"%s\"]}".formatted(shareArn, arn)))
        .isEqualTo("UnknownResourceException");
  }

  @Test
  void associatingAddsRulesAndPrincipalsToAShareOnce() {
    Acct owner = account("ram-assoc");
    Acct first = account("ram-assoc-first");
    Acct second = account("ram-assoc-second");
    String ruleA = rule(owner, "ram-assoc-a.example");
    String ruleB = rule(owner, "ram-assoc-b.example");
    String shareArn =
        ok(owner, "/createresourceshare", "{\"name\":\"empty\"}")
            .at("/resourceShare/resourceShareArn")
            .stringValue();

    JsonNode added =
        ok(
            owner,
            "/associateresourceshare",
            "{\"resourceShareArn\":\"%s\",\"resourceArns\":[\"%s\"],\"principals\":[\"%s\"],\"clientToken\":\"c\"}"
                .formatted(shareArn, ruleArn(owner, ruleA), first.id()));
    ok(
        owner,
        "/associateresourceshare",
        "{\"resourceShareArn\":\"%s\",\"resourceArns\":[\"%s\",\"%s\"],\"principals\":[\"%s\",\"%s\"]}"
            .formatted(
                shareArn, ruleArn(owner, ruleA), ruleArn(owner, ruleB), first.id(), second.id()));

    assertThat(texts(added.get("resourceShareAssociations"), "associationType"))
        .containsExactly("RESOURCE", "PRINCIPAL");
    assertThat(texts(added.get("resourceShareAssociations"), "status"))
        .containsExactly("ASSOCIATED", "ASSOCIATED");
    assertThat(added.get("clientToken").stringValue()).isEqualTo("c");
    assertThat(store.ruleShares(ruleA)).containsExactly(first.id(), second.id());
    assertThat(store.ruleShares(ruleB)).containsExactly(first.id(), second.id());
    assertThat(associations(owner, "RESOURCE", shareArn)).hasSize(2);
    assertThat(associations(owner, "PRINCIPAL", shareArn)).hasSize(2);
    assertThat(
            error(
                first,
                "/associateresourceshare",
                "{\"resourceShareArn\":\"%s\",\"principals\":[\"%s\"]}"
                    .formatted(shareArn, first.id())))
        .isEqualTo("UnknownResourceException");
  }

  @Test
  void theFacadesOwnErrorsTakeRamsNamesForWhatItsClientsRetry() {
    RamApi.Answer throttled =
        RamApi.facadeError(AwsError.sender(400, "Throttling", "Rate exceeded; retry after 1 s."));
    RamApi.Answer down =
        RamApi.facadeError(new AwsError(503, "ServiceUnavailable", "The store is down.", false));
    RamApi.Answer bug =
        RamApi.facadeError(new AwsError(500, "InternalFailure", "Not served (r-1).", false));
    RamApi.Answer refused =
        RamApi.facadeError(AwsError.sender(403, "InvalidClientTokenId", "Unknown key."));

    assertThat(throttled)
        .isEqualTo(
            new RamApi.Answer(
                429, "ThrottlingException", "{\"message\":\"Rate exceeded; retry after 1 s.\"}"));
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.errorType()).isEqualTo("ServiceUnavailableException");
    assertThat(bug.status()).isEqualTo(500);
    assertThat(bug.errorType()).isEqualTo("ServerInternalException");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorType()).isEqualTo("InvalidClientTokenId");
    assertThat(refused.json()).isEqualTo("{\"message\":\"Unknown key.\"}");
  }

  @Test
  void membersTakeRamsDefaultsAndLimits() {
    Acct owner = account("ram-defaults");
    StringBuilder fifty = new StringBuilder();
    for (int i = 0; i < ResourceShares.MAX_TAGS; i++) {
      fifty.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\"}");
    }

    JsonNode byDefault = ok(owner, "/createresourceshare", "{\"name\":\"d\"}");
    JsonNode external =
        ok(owner, "/createresourceshare", "{\"name\":\"e\",\"allowExternalPrincipals\":true}");
    JsonNode tagged =
        ok(owner, "/createresourceshare", "{\"name\":\"t\",\"tags\":[" + fifty + "]}");

    assertThat(byDefault.at("/resourceShare/allowExternalPrincipals").booleanValue()).isTrue();
    assertThat(byDefault.has("clientToken")).isFalse();
    assertThat(external.at("/resourceShare/allowExternalPrincipals").booleanValue()).isTrue();
    assertThat(tagged.at("/resourceShare/tags")).hasSize(ResourceShares.MAX_TAGS);
    assertThat(tagged.at("/resourceShare/tags/0").toString())
        .isEqualTo("{\"key\":\"k0\",\"value\":\"\"}");
    assertThat(
            ok(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"maxResults\":500}")
                .get("resourceShares"))
        .hasSize(3);
    assertThat(error(owner, "/createresourceshare", "{\"name\":\"\"}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                owner,
                "/createresourceshare",
                "{\"name\":\"n\",\"tags\":[{\"key\":\"k\",\"value\":7}]}"))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"maxResults\":501}"))
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void listingsShowOnlyWhatTheirFiltersAndTheRegionName() {
    Acct owner = account("ram-filters");
    Acct principal = account("ram-filters-principal");
    Acct stranger = account("ram-filters-stranger");
    String arn = ruleArn(owner, rule(owner, "ram-filters.example"));
    String unshared = ruleArn(owner, rule(owner, "ram-filters-unshared.example"));
    String shareArn = createShare(owner, "here", arn, principal);
    String otherShare =
        ok(owner, "/createresourceshare", "{\"name\":\"empty\"}")
            .at("/resourceShare/resourceShareArn")
            .stringValue();
    String elsewhere =
        JSON.readTree(
                ram.handle(
                        caller(owner),
                        "eu-west-1",
                        "POST",
                        "/createresourceshare",
                        QueryRequest.parse(null),
                        ("{\"name\":\"there\",\"principals\":[\"" + principal.id() + "\"]}")
                            .getBytes(StandardCharsets.UTF_8))
                    .json())
            .at("/resourceShare/resourceShareArn")
            .stringValue();
    String invitationArn =
        ok(principal, "/getresourceshareinvitations", "{}")
            .at("/resourceShareInvitations/0/resourceShareInvitationArn")
            .stringValue();
    String madeUpInvitation =
        "arn:aws:ram:us-east-1:"
            + owner.id()
            + ":resource-share-invitation/00000000-0000-0000-0000-000000000000";

    assertThat(
            texts(
                ok(principal, "/getresourceshares", "{\"resourceOwner\":\"OTHER-ACCOUNTS\"}")
                    .get("resourceShares"),
                "resourceShareArn"))
        .containsExactly(shareArn);
    assertThat(ok(principal, "/getresourceshareinvitations", "{}").get("resourceShareInvitations"))
        .hasSize(1);
    assertThat(elsewhere).startsWith("arn:aws:ram:eu-west-1:");
    assertThat(
            ok(
                    owner,
                    "/getresourceshareassociations",
                    "{\"associationType\":\"RESOURCE\",\"resourceArn\":\"" + unshared + "\"}")
                .get("resourceShareAssociations"))
        .isEmpty();
    assertThat(
            ok(
                    owner,
                    "/getresourceshareassociations",
                    "{\"associationType\":\"PRINCIPAL\",\"principal\":\"" + stranger.id() + "\"}")
                .get("resourceShareAssociations"))
        .isEmpty();
    assertThat(
            ok(
                    principal,
                    "/getresourceshareinvitations",
                    "{\"resourceShareArns\":[\"" + otherShare + "\"]}")
                .get("resourceShareInvitations"))
        .isEmpty();
    assertThat(
            ok(
                    principal,
                    "/getresourceshareinvitations",
                    "{\"resourceShareInvitationArns\":[\"" + madeUpInvitation + "\"]}")
                .get("resourceShareInvitations"))
        .isEmpty();
    assertThat(
            error(
                principal,
                "/acceptresourceshareinvitation",
                "{\"resourceShareInvitationArn\":\"" + madeUpInvitation + "\"}"))
        .isEqualTo("ResourceShareInvitationArnNotFoundException");
    assertThat(invitationArn).isNotEqualTo(madeUpInvitation);
  }

  @Test
  void aTokenPastTheLastShareGivesAnEmptyPage() {
    Acct owner = account("ram-token-past");
    List<String> shares = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      shares.add(
          ok(owner, "/createresourceshare", "{\"name\":\"" + name + "\"}")
              .at("/resourceShare/resourceShareArn")
              .stringValue());
    }
    shares.sort(null);
    String token =
        ok(owner, "/getresourceshares", "{\"resourceOwner\":\"SELF\",\"maxResults\":1}")
            .get("nextToken")
            .stringValue();
    assertThat(deleteShare(owner, shares.get(1)).status()).isEqualTo(200);

    JsonNode page =
        ok(
            owner,
            "/getresourceshares",
            "{\"resourceOwner\":\"SELF\",\"nextToken\":\"" + token + "\"}");

    assertThat(page.toString()).isEqualTo("{\"resourceShares\":[]}");
  }

  @Test
  void theOperatorOwnsNoShares() {
    RamApi.Answer answer =
        ram.handle(
            new Caller.Operator(),
            REGION,
            "POST",
            "/getresourceshares",
            QueryRequest.parse(null),
            "{\"resourceOwner\":\"SELF\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo("OperationNotPermittedException");
  }
}
