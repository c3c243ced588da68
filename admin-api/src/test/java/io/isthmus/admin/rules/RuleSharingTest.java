package io.isthmus.admin.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.config.ConfigStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The Route 53 Resolver flow for a central networking account: it owns a forwarding rule and its
 * outbound endpoint, shares the rule, and each sharing account associates it with its VPCs.
 */
class RuleSharingTest extends ResolverApiTestSupport {
  private static final String RULES = "/v1/resolver/rules";
  private static final String ASSOCIATIONS = "/v1/resolver/rule-associations";

  @Autowired ConfigStore store;

  @Test
  void aSharedRuleCanBeReadAndAssociatedButItsSharesAndEndpointStayHidden() {
    Acct networking = account("rs-networking");
    Acct app = account("rs-app");
    Acct stranger = account("rs-stranger");
    String endpointId = outbound(networking, vpc(networking, "us-east-1"));
    String ruleId = forwardRule(networking, "onprem.example", endpointId, "192.168.7.1");
    String shares = RULES + "/" + ruleId + "/shares";

    Reply shared = share(networking, ruleId, app).expect(201);
    assertThat(shared.body().toString())
        .isEqualTo("{\"ruleId\":\"%s\",\"accountId\":\"%s\"}".formatted(ruleId, app.id()));

    assertThat(get(RULES + "/" + ruleId, app.token()).expect(200).text("/shareStatus"))
        .isEqualTo("SHARED_WITH_ME");
    get(shares, app.token()).problem(403, "NotAuthorized");
    get("/v1/resolver/endpoints/" + endpointId, app.token()).problem(404, "ResourceNotFound");
    get(RULES + "/" + ruleId, stranger.token()).problem(404, "ResourceNotFound");
    get(shares, stranger.token()).problem(404, "ResourceNotFound");
    assertThat(accountIds(get(shares, networking.token()).expect(200))).containsExactly(app.id());
    assertThat(accountIds(get(shares, OPERATOR).expect(200))).containsExactly(app.id());

    String appVpc = vpc(app, "us-east-1");
    Reply association = associate(app, ruleId, appVpc).expect(201);
    assertThat(association.text("/id")).matches("rslvr-rrassoc-[0-9a-f]{17}");
    assertThat(association.text("/resolverRuleId")).isEqualTo(ruleId);
    assertThat(association.text("/vpcId")).isEqualTo(appVpc);
    assertThat(association.text("/status")).isEqualTo("COMPLETE");

    // Both sides see the association; nobody else does.
    assertThat(ids(get(ASSOCIATIONS, app.token()))).containsExactly(association.text("/id"));
    assertThat(ids(get(ASSOCIATIONS, networking.token()))).containsExactly(association.text("/id"));
    assertThat(ids(get(ASSOCIATIONS, stranger.token()))).isEmpty();
    assertThat(ids(get(ASSOCIATIONS + "?vpcId=" + appVpc, OPERATOR)))
        .containsExactly(association.text("/id"));
    assertThat(ids(get(ASSOCIATIONS + "?vpcId=" + vpc(app, "us-east-1"), app.token()))).isEmpty();
  }

  @Test
  void sharingIsTheOwnersAndNeedsAnotherExistingAccount() {
    Acct owner = account("rs-owner");
    Acct other = account("rs-other");
    String ruleId = systemRule(owner, "share.example", "us-east-1");
    String shares = RULES + "/" + ruleId + "/shares";
    long version = store.version();

    post(shares, owner.token(), "{\"accountId\":\"000000000000\"}")
        .problem(404, "ResourceNotFound");
    post(shares, owner.token(), "{\"accountId\":\"12ab\"}").problem(400, "InvalidInput");
    post(shares, owner.token(), "{}").problem(400, "InvalidInput");
    Reply self =
        post(shares, owner.token(), "{\"accountId\":\"" + owner.id() + "\"}")
            .problem(400, "InvalidRequest");
    assertThat(self.errorFields()).containsExactly("accountId");
    share(other, ruleId, owner).problem(404, "ResourceNotFound");
    share(OPERATOR_ACCOUNT, ruleId, other).problem(403, "AccessDenied");
    assertThat(store.version()).isEqualTo(version);

    share(owner, ruleId, other).expect(201);
    share(owner, ruleId, other).expect(201);
    assertThat(accountIds(get(shares, owner.token()))).containsExactly(other.id());
    // Once shared, the other account may read the rule but not share it on.
    share(other, ruleId, account("rs-third")).problem(403, "NotAuthorized");
  }

  @Test
  void unsharingEndsTheAccountsAssociationsInTheSameWrite() {
    Acct owner = account("rs-unshare-owner");
    Acct app = account("rs-unshare-app");
    Acct kept = account("rs-unshare-kept");
    String ownerVpc = vpc(owner, "us-east-1");
    String ruleId = systemRule(owner, "unshare.example", "us-east-1");
    share(owner, ruleId, app).expect(201);
    share(owner, ruleId, kept).expect(201);
    associate(owner, ruleId, ownerVpc).expect(201);
    associate(app, ruleId, vpc(app, "us-east-1")).expect(201);
    associate(app, ruleId, vpc(app, "us-east-1")).expect(201);
    String keptAssociation =
        associate(kept, ruleId, vpc(kept, "us-east-1")).expect(201).text("/id");
    long version = store.version();

    delete(RULES + "/" + ruleId + "/shares/" + app.id(), owner.token()).expect(204);

    assertThat(store.version()).isEqualTo(version + 1);
    assertThat(ids(get(ASSOCIATIONS, app.token()))).isEmpty();
    assertThat(ids(get(ASSOCIATIONS, kept.token()))).containsExactly(keptAssociation);
    assertThat(ids(get(ASSOCIATIONS + "?vpcId=" + ownerVpc, owner.token()))).hasSize(1);
    assertThat(accountIds(get(RULES + "/" + ruleId + "/shares", owner.token())))
        .containsExactly(kept.id());
    get(RULES + "/" + ruleId, app.token()).problem(404, "ResourceNotFound");
    associate(app, ruleId, vpc(app, "us-east-1")).problem(404, "ResourceNotFound");
    delete(RULES + "/" + ruleId + "/shares/" + app.id(), owner.token())
        .problem(404, "ResourceNotFound");
  }

  @Test
  void anAssociationIsRefusedWithEveryReasonListed() {
    Acct networking = account("rs-checks-net");
    Acct app = account("rs-checks-app");
    String endpointId = outbound(networking, vpc(networking, "us-east-1"));
    String listener = freshIp();
    String ruleId = forwardRule(networking, "checks.example", endpointId, "10.8.8.8", listener);
    share(networking, ruleId, app).expect(201);
    String appVpc = vpc(app, "us-east-1");
    createEndpoint(app, appVpc, "INBOUND", freshIp(), listener).expect(201);
    String rival = systemRule(app, "CHECKS.example.", "us-east-1");
    associate(app, rival, appVpc).expect(201);
    long version = store.version();

    Reply reply = associate(app, ruleId, appVpc).problem(400, "InvalidRequest");

    assertThat(reply.errorFields()).containsExactly("vpcId", "vpcId");
    assertThat(reply.text("/errors/0/message")).contains(rival);
    assertThat(reply.text("/errors/1/message")).contains(listener + ":53").contains("loop");
    assertThat(store.version()).isEqualTo(version);

    Reply elsewhere = associate(app, ruleId, vpc(app, "eu-west-1")).problem(400, "InvalidRequest");
    assertThat(elsewhere.text("/errors/0/message")).contains("eu-west-1").contains("us-east-1");

    String single = systemRule(app, "single.example", "us-east-1");
    associate(app, single, appVpc).expect(201);
    assertThat(
            associate(app, single, appVpc).problem(400, "InvalidRequest").text("/errors/0/message"))
        .contains("already associated");
  }

  @Test
  void onlyTheVpcOwnerAssociatesARuleItMaySee() {
    Acct owner = account("rs-assoc-owner");
    Acct app = account("rs-assoc-app");
    String ruleId = systemRule(owner, "private.example", "us-east-1");
    String appVpc = vpc(app, "us-east-1");

    associate(app, ruleId, appVpc).problem(404, "ResourceNotFound");
    associate(owner, ruleId, appVpc).problem(404, "NoSuchVpc");
    post(RULES + "/" + ruleId + "/associations", owner.token(), "{\"vpcId\":\"vpc-1\"}")
        .problem(400, "InvalidInput");
    post(RULES + "/" + ruleId + "/associations", OPERATOR, "{\"vpcId\":\"" + appVpc + "\"}")
        .problem(403, "AccessDenied");
  }

  @Test
  void eitherOwnerMayEndAnAssociation() {
    Acct owner = account("rs-end-owner");
    Acct app = account("rs-end-app");
    Acct stranger = account("rs-end-stranger");
    String ruleId = systemRule(owner, "end.example", "us-east-1");
    share(owner, ruleId, app).expect(201);
    String first = vpc(app, "us-east-1");
    String second = vpc(app, "us-east-1");
    associate(app, ruleId, first).expect(201);
    associate(app, ruleId, second).expect(201);
    String path = RULES + "/" + ruleId + "/associations/";

    delete(path + first, stranger.token()).problem(404, "ResourceNotFound");
    delete(path + first, OPERATOR).problem(403, "AccessDenied");
    delete(path + first, owner.token()).expect(204);
    delete(path + first, app.token()).problem(404, "ResourceNotFound");
    delete(path + second, app.token()).expect(204);
    assertThat(ids(get(ASSOCIATIONS, app.token()))).isEmpty();
  }

  @Test
  void aVpcWithAssociatedRulesCannotBeDeleted() {
    Acct acct = account("rs-vpc-delete");
    String vpcId = vpc(acct, "us-east-1");
    String ruleId = systemRule(acct, "vpc-delete.example", "us-east-1");
    associate(acct, ruleId, vpcId).expect(201);

    Reply refused = delete("/v1/vpcs/" + vpcId, acct.token()).problem(409, "ResourceInUse");
    assertThat(refused.text("/detail")).contains("resolver rules");

    delete(RULES + "/" + ruleId + "/associations/" + vpcId, acct.token()).expect(204);
    delete("/v1/vpcs/" + vpcId, acct.token()).expect(204);
  }

  private static List<String> ids(Reply list) {
    return values(list.expect(200).body(), "id");
  }

  private static List<String> accountIds(Reply list) {
    return values(list.expect(200).body(), "accountId");
  }

  private static List<String> values(JsonNode list, String field) {
    List<String> values = new ArrayList<>();
    list.get("items").forEach(item -> values.add(item.get(field).stringValue()));
    return values;
  }
}
