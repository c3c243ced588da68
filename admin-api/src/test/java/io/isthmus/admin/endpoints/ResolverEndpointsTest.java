package io.isthmus.admin.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.admin.TestAdminApplication;
import io.isthmus.config.ConfigStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ResolverEndpointsTest extends ResolverApiTestSupport {
  private static final String ENDPOINTS = "/v1/resolver/endpoints";

  @Autowired ConfigStore store;

  @Test
  void anInboundEndpointAllowsEverySourceUnlessToldOtherwise() {
    Acct acct = account("ep-inbound");
    String vpcId = vpc(acct, "us-east-1");
    String first = freshIp();
    String second = freshIp();
    String body =
        ("{\"name\":\"listeners\",\"direction\":\"INBOUND\",\"vpcId\":\"%s\","
                + "\"ipAddresses\":[{\"ip\":\"%s\"},{\"ip\":\"%s\",\"port\":5353}]}")
            .formatted(vpcId, first, second);

    Reply reply = post(ENDPOINTS, acct.token(), body).expect(201);

    String id = reply.text("/id");
    assertThat(id).matches("rslvr-in-[0-9a-f]{17}");
    assertThat(reply.raw().getHeader("Location")).isEqualTo(ENDPOINTS + "/" + id);
    assertThat(reply.text("/accountId")).isEqualTo(acct.id());
    assertThat(reply.text("/name")).isEqualTo("listeners");
    assertThat(reply.text("/direction")).isEqualTo("INBOUND");
    assertThat(reply.text("/vpcId")).isEqualTo(vpcId);
    assertThat(reply.body().get("ipAddresses").toString())
        .isEqualTo(
            "[{\"ip\":\"%s\",\"port\":53},{\"ip\":\"%s\",\"port\":5353}]".formatted(first, second));
    assertThat(reply.body().get("allowedSourceCidrs").toString())
        .isEqualTo("[\"0.0.0.0/0\",\"0:0:0:0:0:0:0:0/0\"]");
    assertThat(reply.text("/status")).isEqualTo("OPERATIONAL");
    assertThat(reply.body().has("statusMessage")).isFalse();
    assertThat(get(ENDPOINTS + "/" + id, acct.token()).expect(200).body()).isEqualTo(reply.body());
  }

  @Test
  void anInboundEndpointKeepsItsAllowedSourcesInCanonicalForm() {
    Acct acct = account("ep-cidrs");
    String body =
        ("{\"name\":\"onprem\",\"direction\":\"INBOUND\",\"vpcId\":\"%s\",\"ipAddresses\":%s,"
                + "\"allowedSourceCidrs\":[\"192.168.0.0/16\",\"fd00::/8\"]}")
            .formatted(vpc(acct, "us-east-1"), addresses(freshIp(), freshIp()));

    Reply reply = post(ENDPOINTS, acct.token(), body).expect(201);

    assertThat(reply.body().get("allowedSourceCidrs").toString())
        .isEqualTo("[\"192.168.0.0/16\",\"fd00:0:0:0:0:0:0:0/8\"]");
  }

  @Test
  void anOutboundEndpointHasNoAllowedSources() {
    Acct acct = account("ep-outbound");
    String vpcId = vpc(acct, "us-east-1");

    Reply reply =
        createEndpoint(acct, vpcId, "OUTBOUND", freshIp(), "fd00::" + freshIp().replace('.', ':'))
            .expect(201);

    assertThat(reply.text("/id")).matches("rslvr-out-[0-9a-f]{17}");
    assertThat(reply.text("/ipAddresses/1/ip")).startsWith("fd00:0:0:0:");
    assertThat(reply.body().has("allowedSourceCidrs")).isFalse();
  }

  @Test
  void anAddressTheDataPlaneCannotBindNeedsAction() {
    Acct acct = account("ep-unbindable");
    String unbindable = TestAdminApplication.UNBINDABLE_PREFIX + "7";

    Reply reply =
        createEndpoint(acct, vpc(acct, "us-east-1"), "INBOUND", freshIp(), unbindable).expect(201);

    assertThat(reply.text("/status")).isEqualTo("ACTION_NEEDED");
    assertThat(reply.text("/statusMessage")).contains(unbindable);
  }

  @Test
  void everyInvalidFieldIsListedAtOnce() {
    Acct acct = account("ep-sloppy");
    long version = store.version();

    Reply reply =
        post(
                ENDPOINTS,
                acct.token(),
                """
                {"name":"bad name!","direction":"SIDEWAYS","vpcId":"vpc-1",
                 "ipAddresses":[{"ip":"dns.example.com"},{"ip":"10.9.9.9","port":0},
                                {"ip":"0.0.0.0"},{"port":53},{"ip":"10.9.9.9","port":53},
                                {"ip":"10.9.9.9"}],
                 "allowedSourceCidrs":["10.0.0.0/33","10.1.0.1/16"]}
                """)
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly(
            "name",
            "direction",
            "vpcId",
            "ipAddresses[0].ip",
            "ipAddresses[1].port",
            "ipAddresses[2].ip",
            "ipAddresses[3].ip",
            "ipAddresses[5]",
            "allowedSourceCidrs[0]",
            "allowedSourceCidrs[1]");
    assertThat(reply.text("/errors/3/message")).contains("names are not used");
    assertThat(reply.text("/errors/7/message")).isEqualTo("duplicates ipAddresses[4]");
    assertThat(reply.text("/errors/9/message")).contains("10.1.0.0/16");
    assertThat(store.version()).isEqualTo(version);
  }

  @Test
  void addressCountAndSourcesAreCheckedForTheDirection() {
    Acct acct = account("ep-counts");
    String vpcId = vpc(acct, "us-east-1");

    Reply outbound =
        post(
                ENDPOINTS,
                acct.token(),
                ("{\"name\":\"o\",\"direction\":\"OUTBOUND\",\"vpcId\":\"%s\","
                        + "\"ipAddresses\":%s,\"allowedSourceCidrs\":[\"10.0.0.0/8\"]}")
                    .formatted(vpcId, addresses(freshIp())))
            .problem(400, "InvalidInput");
    assertThat(outbound.errorFields()).containsExactly("ipAddresses", "allowedSourceCidrs");

    Reply inbound =
        post(
                ENDPOINTS,
                acct.token(),
                ("{\"name\":\"i\",\"direction\":\"INBOUND\",\"vpcId\":\"%s\","
                        + "\"ipAddresses\":%s,\"allowedSourceCidrs\":[]}")
                    .formatted(
                        vpcId,
                        addresses(
                            freshIp(), freshIp(), freshIp(), freshIp(), freshIp(), freshIp(),
                            freshIp())))
            .problem(400, "InvalidInput");
    assertThat(inbound.errorFields()).containsExactly("ipAddresses", "allowedSourceCidrs");
    assertThat(inbound.text("/errors/1/message")).contains("leave it out");
  }

  @Test
  void wrongJsonTypesAreListedWithTheRest() {
    Acct acct = account("ep-types");

    Reply reply =
        post(
                ENDPOINTS,
                acct.token(),
                "{\"direction\":\"INBOUND\",\"ipAddresses\":[\"10.0.0.1\",{\"ip\":5,\"port\":\"53\"}],"
                    + "\"allowedSourceCidrs\":\"10.0.0.0/8\"}")
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly(
            "ipAddresses[0]",
            "ipAddresses[1].ip",
            "ipAddresses[1].port",
            "allowedSourceCidrs",
            "name",
            "vpcId");
  }

  @Test
  void theVpcMustBeTheCallersAndTheOperatorCreatesNothing() {
    Acct owner = account("ep-vpc-owner");
    Acct other = account("ep-vpc-other");
    String vpcId = vpc(owner, "us-east-1");

    createEndpoint(other, vpcId, "INBOUND", freshIp(), freshIp()).problem(404, "NoSuchVpc");
    post(
            ENDPOINTS,
            OPERATOR,
            "{\"name\":\"x\",\"direction\":\"INBOUND\",\"vpcId\":\"%s\",\"ipAddresses\":%s}"
                .formatted(vpcId, addresses(freshIp(), freshIp())))
        .problem(403, "AccessDenied");
  }

  @Test
  void anAddressOfAnotherEndpointIsRefusedNamingItOnlyToItsOwner() {
    Acct first = account("ep-first");
    Acct second = account("ep-second");
    String firstVpc = vpc(first, "us-east-1");
    String secondVpc = vpc(second, "us-east-1");
    String taken = freshIp();
    String takenId =
        createEndpoint(first, firstVpc, "INBOUND", freshIp(), taken).expect(201).text("/id");
    long version = store.version();

    Reply byOther =
        createEndpoint(second, secondVpc, "OUTBOUND", freshIp(), taken)
            .problem(400, "InvalidRequest");
    assertThat(byOther.errorFields()).containsExactly("ipAddresses[1]");
    assertThat(byOther.body().toString()).doesNotContain(takenId);

    Reply byOwner =
        createEndpoint(first, firstVpc, "OUTBOUND", taken, freshIp())
            .problem(400, "InvalidRequest");
    assertThat(byOwner.errorFields()).containsExactly("ipAddresses[0]");
    assertThat(byOwner.text("/errors/0/message")).contains(takenId);
    assertThat(store.version()).isEqualTo(version);

    // The same ip on another port is another address.
    String body =
        ("{\"name\":\"p\",\"direction\":\"INBOUND\",\"vpcId\":\"%s\","
                + "\"ipAddresses\":[{\"ip\":\"%s\",\"port\":54},{\"ip\":\"%s\"}]}")
            .formatted(secondVpc, taken, freshIp());
    post(ENDPOINTS, second.token(), body).expect(201);
  }

  @Test
  void endpointsAreVisibleToTheirOwnerAndTheOperatorOnly() {
    Acct owner = account("ep-visible");
    Acct stranger = account("ep-stranger");
    String vpcId = vpc(owner, "us-east-1");
    String first = outbound(owner, vpcId);
    String second = outbound(owner, vpcId);

    get(ENDPOINTS + "/" + first, stranger.token()).problem(404, "ResourceNotFound");
    get(ENDPOINTS + "/rslvr-in-00000000000000000", owner.token()).problem(404, "ResourceNotFound");
    assertThat(get(ENDPOINTS, stranger.token()).body().get("items")).isEmpty();
    get(ENDPOINTS + "/" + first, OPERATOR).expect(200);
    assertThat(get(ENDPOINTS, OPERATOR).body().get("items").toString())
        .contains(first)
        .contains(second);

    Reply page = get(ENDPOINTS + "?maxItems=1", owner.token()).expect(200);
    assertThat(page.body().get("items")).hasSize(1);
    Reply rest =
        get(ENDPOINTS + "?maxItems=1&nextToken=" + page.text("/nextToken"), owner.token())
            .expect(200);
    assertThat(rest.body().has("nextToken")).isFalse();
    assertThat(page.text("/items/0/id") + rest.text("/items/0/id"))
        .isEqualTo(first.compareTo(second) < 0 ? first + second : second + first);
  }

  @Test
  void anEndpointInUseByARuleCannotBeDeleted() {
    Acct acct = account("ep-in-use");
    String vpcId = vpc(acct, "us-east-1");
    String endpointId = outbound(acct, vpcId);
    String ruleId = forwardRule(acct, "in-use.example", endpointId, "192.168.50.1");

    Reply refused = delete(ENDPOINTS + "/" + endpointId, acct.token());
    assertThat(refused.problem(409, "ResourceInUse").text("/detail")).contains(ruleId);
    delete("/v1/resolver/rules/" + ruleId, acct.token()).expect(204);
    delete(ENDPOINTS + "/" + endpointId, OPERATOR).problem(403, "AccessDenied");
    delete(ENDPOINTS + "/" + endpointId, account("ep-thief").token())
        .problem(404, "ResourceNotFound");
    delete(ENDPOINTS + "/" + endpointId, acct.token()).expect(204);
    get(ENDPOINTS + "/" + endpointId, acct.token()).problem(404, "ResourceNotFound");
  }

  @Test
  void aVpcWithAnEndpointCannotBeDeleted() {
    Acct acct = account("ep-vpc-delete");
    String vpcId = vpc(acct, "us-east-1");
    String endpointId = outbound(acct, vpcId);

    Reply refused = delete("/v1/vpcs/" + vpcId, acct.token()).problem(409, "ResourceInUse");
    assertThat(refused.text("/detail")).contains("resolver endpoints");

    delete(ENDPOINTS + "/" + endpointId, acct.token()).expect(204);
    delete("/v1/vpcs/" + vpcId, acct.token()).expect(204);
  }

  @Test
  void anInboundListenerOnATargetOfAnAssociatedRuleWouldLoop() {
    Acct acct = account("ep-loop");
    String vpcId = vpc(acct, "us-east-1");
    String target = freshIp();
    String ruleId = forwardRule(acct, "loop.example", outbound(acct, vpcId), target);
    associate(acct, ruleId, vpcId).expect(201);

    Reply reply =
        createEndpoint(acct, vpcId, "INBOUND", freshIp(), target).problem(400, "InvalidRequest");

    assertThat(reply.errorFields()).containsExactly("ipAddresses[1]");
    assertThat(reply.text("/errors/0/message")).contains(ruleId).contains("loop");
    // An OUTBOUND endpoint only sends from the address: no loop.
    createEndpoint(acct, vpcId, "OUTBOUND", freshIp(), target).expect(201);
  }
}
