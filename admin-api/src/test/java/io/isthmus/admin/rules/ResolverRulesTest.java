package io.isthmus.admin.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.config.ConfigStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ResolverRulesTest extends ResolverApiTestSupport {
  private static final String RULES = "/v1/resolver/rules";

  @Autowired ConfigStore store;

  @Test
  void aForwardRuleTakesItsRegionFromItsOutboundEndpoint() {
    Acct acct = account("rr-forward");
    String endpointId = outbound(acct, vpc(acct, "eu-west-1"));
    String body =
        ("{\"name\":\"to-dc\",\"domainName\":\"Corp.Example\",\"ruleType\":\"FORWARD\","
                + "\"resolverEndpointId\":\"%s\","
                + "\"targetIps\":[{\"ip\":\"192.168.1.53\"},{\"ip\":\"192.168.2.53\",\"port\":5353}]}")
            .formatted(endpointId);

    Reply reply = post(RULES, acct.token(), body).expect(201);

    String id = reply.text("/id");
    assertThat(id).matches("rslvr-rr-[0-9a-f]{17}");
    assertThat(reply.raw().getHeader("Location")).isEqualTo(RULES + "/" + id);
    assertThat(reply.text("/ownerId")).isEqualTo(acct.id());
    assertThat(reply.text("/shareStatus")).isEqualTo("NOT_SHARED");
    assertThat(reply.text("/name")).isEqualTo("to-dc");
    assertThat(reply.text("/domainName")).isEqualTo("corp.example.");
    assertThat(reply.text("/ruleType")).isEqualTo("FORWARD");
    assertThat(reply.body().get("targetIps").toString())
        .isEqualTo(
            "[{\"ip\":\"192.168.1.53\",\"port\":53},{\"ip\":\"192.168.2.53\",\"port\":5353}]");
    assertThat(reply.text("/resolverEndpointId")).isEqualTo(endpointId);
    assertThat(reply.text("/region")).isEqualTo("eu-west-1");
    assertThat(reply.text("/status")).isEqualTo("COMPLETE");
    assertThat(get(RULES + "/" + id, acct.token()).expect(200).body()).isEqualTo(reply.body());
  }

  @Test
  void aSystemRuleNamesItsRegionAndTheRootIsACatchAll() {
    Acct acct = account("rr-system");

    Reply reply =
        post(
                RULES,
                acct.token(),
                "{\"name\":\"all\",\"domainName\":\".\",\"ruleType\":\"SYSTEM\",\"region\":\"us-west-2\"}")
            .expect(201);

    assertThat(reply.text("/domainName")).isEqualTo(".");
    assertThat(reply.text("/region")).isEqualTo("us-west-2");
    assertThat(reply.body().get("targetIps")).isEmpty();
    assertThat(reply.body().has("resolverEndpointId")).isFalse();
  }

  @Test
  void everyInvalidFieldIsListedAtOnce() {
    Acct acct = account("rr-sloppy");

    Reply forward =
        post(
                RULES,
                acct.token(),
                """
                {"name":"bad name!","domainName":"bad..name","ruleType":"FORWARD",
                 "targetIps":[{"ip":"dc1.corp.example"},{"ip":"10.0.0.1","port":70000}],
                 "resolverEndpointId":"rslvr-in-00000000000000000","region":"Nowhere"}
                """)
            .problem(400, "InvalidInput");
    assertThat(forward.errorFields())
        .containsExactly(
            "name",
            "domainName",
            "resolverEndpointId",
            "region",
            "targetIps[0].ip",
            "targetIps[1].port");

    Reply system =
        post(
                RULES,
                acct.token(),
                "{\"domainName\":\"x.example\",\"ruleType\":\"SYSTEM\","
                    + "\"targetIps\":[{\"ip\":\"10.0.0.1\"}],\"resolverEndpointId\":\"nope\"}")
            .problem(400, "InvalidInput");
    assertThat(system.errorFields())
        .containsExactly("name", "resolverEndpointId", "targetIps", "resolverEndpointId", "region");

    Reply untyped =
        post(
                RULES,
                acct.token(),
                "{\"name\":\"n\",\"domainName\":\"x.example\",\"ruleType\":\"RECURSIVE\"}")
            .problem(400, "InvalidInput");
    assertThat(untyped.errorFields()).containsExactly("ruleType");

    // An endpoint the caller can see: one it cannot would be 404 before the targets are checked.
    String endpoint = outbound(acct, vpc(acct, "us-east-1"));
    long version = store.version();
    Reply tooMany =
        createForwardRule(
                acct,
                "many.example",
                endpoint,
                "10.0.0.1",
                "10.0.0.2",
                "10.0.0.3",
                "10.0.0.4",
                "10.0.0.5",
                "10.0.0.6",
                "10.0.0.7")
            .problem(400, "InvalidInput");
    assertThat(tooMany.errorFields()).containsExactly("targetIps");
    assertThat(store.version()).isEqualTo(version);
  }

  @Test
  void theEndpointMustBeTheCallersOutboundOneInTheGivenRegion() {
    Acct acct = account("rr-endpoint");
    Acct other = account("rr-endpoint-other");
    String vpcId = vpc(acct, "us-east-1");
    String own = outbound(acct, vpcId);
    String foreign = outbound(other, vpc(other, "us-east-1"));
    String inbound =
        createEndpoint(acct, vpcId, "INBOUND", freshIp(), freshIp()).expect(201).text("/id");
    long version = store.version();

    createForwardRule(acct, "a.example", foreign, "10.0.0.1").problem(404, "ResourceNotFound");
    Reply inboundRefused =
        createForwardRule(acct, "a.example", inbound, "10.0.0.1").problem(400, "InvalidInput");
    assertThat(inboundRefused.errorFields()).containsExactly("resolverEndpointId");
    Reply region =
        post(
                RULES,
                acct.token(),
                ("{\"name\":\"r\",\"domainName\":\"a.example\",\"ruleType\":\"FORWARD\","
                        + "\"resolverEndpointId\":\"%s\",\"targetIps\":%s,\"region\":\"eu-west-1\"}")
                    .formatted(own, addresses("10.0.0.1")))
            .problem(400, "InvalidRequest");
    assertThat(region.errorFields()).containsExactly("region");
    assertThat(region.text("/errors/0/message")).contains("us-east-1");
    assertThat(store.version()).isEqualTo(version);
    createForwardRule(OPERATOR_ACCOUNT, "a.example", own, "10.0.0.1").problem(403, "AccessDenied");
  }

  @Test
  void theOwnerChangesNameTargetsAndEndpoint() {
    Acct acct = account("rr-patch");
    String vpcId = vpc(acct, "us-east-1");
    String ruleId = forwardRule(acct, "patch.example", outbound(acct, vpcId), "10.1.1.1");
    String otherEndpoint = outbound(acct, vpc(acct, "us-east-1"));
    String body =
        "{\"name\":\"renamed\",\"resolverEndpointId\":\"%s\",\"targetIps\":%s}"
            .formatted(otherEndpoint, addresses("10.1.1.2", "10.1.1.3"));

    Reply reply = patch(RULES + "/" + ruleId, acct.token(), body).expect(200);

    assertThat(reply.text("/name")).isEqualTo("renamed");
    assertThat(reply.text("/resolverEndpointId")).isEqualTo(otherEndpoint);
    assertThat(reply.text("/targetIps/1/ip")).isEqualTo("10.1.1.3");
    assertThat(reply.text("/domainName")).isEqualTo("patch.example.");
    assertThat(get(RULES + "/" + ruleId, acct.token()).body()).isEqualTo(reply.body());

    // An empty patch changes nothing.
    assertThat(patch(RULES + "/" + ruleId, acct.token(), "{}").expect(200).body())
        .isEqualTo(reply.body());
  }

  @Test
  void aPatchIsValidatedLikeACreate() {
    Acct acct = account("rr-patch-bad");
    String ruleId =
        forwardRule(acct, "bad.example", outbound(acct, vpc(acct, "us-east-1")), "10.2.2.2");
    String elsewhere = outbound(acct, vpc(acct, "ap-south-1"));
    String systemId = systemRule(acct, "sys.bad.example", "us-east-1");
    long version = store.version();

    Reply invalid =
        patch(
                RULES + "/" + ruleId,
                acct.token(),
                "{\"name\":\"\",\"targetIps\":[],\"resolverEndpointId\":\"rslvr-rr-1\"}")
            .problem(400, "InvalidInput");
    assertThat(invalid.errorFields()).containsExactly("name", "targetIps", "resolverEndpointId");

    Reply region =
        patch(RULES + "/" + ruleId, acct.token(), "{\"resolverEndpointId\":\"" + elsewhere + "\"}")
            .problem(400, "InvalidRequest");
    assertThat(region.errorFields()).containsExactly("resolverEndpointId");

    Reply system =
        patch(
                RULES + "/" + systemId,
                acct.token(),
                "{\"targetIps\":%s,\"resolverEndpointId\":\"%s\"}"
                    .formatted(addresses("10.0.0.1"), elsewhere))
            .problem(400, "InvalidRequest");
    assertThat(system.errorFields()).containsExactly("targetIps", "resolverEndpointId");
    assertThat(store.version()).isEqualTo(version);
  }

  @Test
  void aNewTargetMayNotBeAnInboundListenerOfAnAssociatedVpc() {
    Acct owner = account("rr-loop-owner");
    Acct consumer = account("rr-loop-consumer");
    String ownVpc = vpc(owner, "us-east-1");
    String consumerVpc = vpc(consumer, "us-east-1");
    String ownListener = freshIp();
    String consumerListener = freshIp();
    createEndpoint(owner, ownVpc, "INBOUND", ownListener, freshIp()).expect(201);
    String consumerEndpoint =
        createEndpoint(consumer, consumerVpc, "INBOUND", consumerListener, freshIp())
            .expect(201)
            .text("/id");
    String ruleId = forwardRule(owner, "loop.example", outbound(owner, ownVpc), "10.3.3.3");
    associate(owner, ruleId, ownVpc).expect(201);
    share(owner, ruleId, consumer).expect(201);
    associate(consumer, ruleId, consumerVpc).expect(201);
    long version = store.version();

    Reply reply =
        patch(
                RULES + "/" + ruleId,
                owner.token(),
                "{\"targetIps\":" + addresses("10.3.3.4", ownListener, consumerListener) + "}")
            .problem(400, "InvalidRequest");

    assertThat(reply.errorFields()).containsExactlyInAnyOrder("targetIps[1]", "targetIps[2]");
    assertThat(reply.body().toString()).contains(ownVpc).doesNotContain(consumerEndpoint);
    assertThat(store.version()).isEqualTo(version);
    assertThat(get(RULES + "/" + ruleId, owner.token()).text("/targetIps/0/ip"))
        .isEqualTo("10.3.3.3");
  }

  @Test
  void onlyTheOwnerChangesOrDeletesARule() {
    Acct owner = account("rr-owner");
    Acct sharedWith = account("rr-shared-with");
    Acct stranger = account("rr-stranger");
    String ruleId = systemRule(owner, "owned.example", "us-east-1");
    share(owner, ruleId, sharedWith).expect(201);
    String path = RULES + "/" + ruleId;

    patch(path, sharedWith.token(), "{\"name\":\"mine\"}").problem(403, "NotAuthorized");
    patch(path, stranger.token(), "{\"name\":\"mine\"}").problem(404, "ResourceNotFound");
    patch(path, OPERATOR, "{\"name\":\"mine\"}").problem(403, "AccessDenied");
    delete(path, sharedWith.token()).problem(403, "NotAuthorized");
    delete(path, stranger.token()).problem(404, "ResourceNotFound");
    delete(path, OPERATOR).problem(403, "AccessDenied");

    delete(path, owner.token()).expect(204);
    get(path, owner.token()).problem(404, "ResourceNotFound");
    delete(path, owner.token()).problem(404, "ResourceNotFound");
  }

  @Test
  void anAssociatedRuleCannotBeDeleted() {
    Acct acct = account("rr-associated");
    String vpcId = vpc(acct, "us-east-1");
    String ruleId = systemRule(acct, "assoc.example", "us-east-1");
    associate(acct, ruleId, vpcId).expect(201);

    delete(RULES + "/" + ruleId, acct.token()).problem(409, "ResourceInUse");
    delete(RULES + "/" + ruleId + "/associations/" + vpcId, acct.token()).expect(204);
    delete(RULES + "/" + ruleId, acct.token()).expect(204);
  }

  @Test
  void theListHoldsOwnRulesAndRulesSharedWithTheCaller() {
    Acct owner = account("rr-list-owner");
    Acct consumer = account("rr-list-consumer");
    String shared = systemRule(owner, "shared.example", "us-east-1");
    String kept = systemRule(owner, "kept.example", "us-east-1");
    String consumers = systemRule(consumer, "own.example", "us-east-1");
    share(owner, shared, consumer).expect(201);

    assertThat(shareStatuses(owner))
        .containsEntry(shared, "SHARED_BY_ME")
        .containsEntry(kept, "NOT_SHARED")
        .doesNotContainKey(consumers);
    assertThat(shareStatuses(consumer))
        .containsEntry(shared, "SHARED_WITH_ME")
        .containsEntry(consumers, "NOT_SHARED")
        .doesNotContainKey(kept);
    assertThat(get(RULES + "/" + shared, consumer.token()).text("/shareStatus"))
        .isEqualTo("SHARED_WITH_ME");
    assertThat(get(RULES + "/" + shared, OPERATOR).text("/shareStatus")).isEqualTo("SHARED_BY_ME");
    get(RULES + "/" + kept, consumer.token()).problem(404, "ResourceNotFound");
  }

  private Map<String, String> shareStatuses(Acct caller) {
    Map<String, String> statuses = new HashMap<>();
    get(RULES + "?maxItems=1000", caller.token())
        .expect(200)
        .body()
        .get("items")
        .forEach(
            rule ->
                statuses.put(rule.get("id").stringValue(), rule.get("shareStatus").stringValue()));
    return statuses;
  }
}
