package io.isthmus.admin.vpcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import io.isthmus.config.ConfigStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * VPC resolver addresses through {@code /v1} (docs/spec/admin-api.md "VPCs",
 * docs/spec/resolution.md section 1): they let CIDRs overlap, and each ip:port is claimed by one
 * VPC or endpoint only.
 */
class VpcResolverAddressesTest extends ResolverApiTestSupport {
  @Autowired ConfigStore store;

  private Reply createVpc(Acct owner, String cidr, String resolverAddresses) {
    String body =
        "{\"name\":\"n\",\"region\":\"us-east-1\",\"cidrs\":[\"%s\"]%s}"
            .formatted(
                cidr,
                resolverAddresses == null ? "" : ",\"resolverAddresses\":" + resolverAddresses);
    return post("/v1/vpcs", owner.token(), body);
  }

  @Test
  void vpcsWithResolverAddressesMayReuseACidrAndOneVpcWithoutThemMayJoinThem() {
    Acct first = account("reuse-first");
    Acct second = account("reuse-second");
    String cidr = freshCidr();
    String firstAddress = freshIp();

    Reply a = createVpc(first, cidr, "[{\"ip\":\"" + firstAddress + "\",\"port\":5300}]");
    a.expect(201);
    createVpc(second, cidr, addresses(freshIp())).expect(201);
    // One VPC found by source address may overlap them: the source table holds only it.
    String bySource = createVpc(first, cidr, null).expect(201).text("/id");

    assertThat(a.text("/resolverAddresses/0/ip")).isEqualTo(firstAddress);
    assertThat(a.body().at("/resolverAddresses/0/port").asInt()).isEqualTo(5300);
    assertThat(get("/v1/vpcs/" + a.text("/id"), first.token()).expect(200).body())
        .isEqualTo(a.body());
    assertThat(get("/v1/vpcs/" + bySource, first.token()).body().get("resolverAddresses"))
        .isEmpty();

    // A second one found by source address would make the source ambiguous.
    long version = store.version();
    Reply refused = createVpc(first, cidr, null).problem(400, "InvalidRequest");
    assertThat(refused.errorFields()).containsExactly("cidrs[0]");
    assertThat(refused.text("/errors/0/message")).contains(bySource);
    assertThat(refused.text("/detail")).contains("resolverAddresses");
    assertThat(store.version()).isEqualTo(version);
  }

  @Test
  void aListenerAddressIsClaimedByOneVpcOrEndpointOnly() {
    Acct owner = account("claims-owner");
    Acct stranger = account("claims-stranger");
    String taken = freshIp();
    String vpcId = createVpc(owner, freshCidr(), addresses(taken)).expect(201).text("/id");
    long version = store.version();

    Reply own = createVpc(owner, freshCidr(), addresses(freshIp(), taken));
    own.problem(400, "InvalidRequest");
    assertThat(own.errorFields()).containsExactly("resolverAddresses[1]");
    assertThat(own.text("/errors/0/message"))
        .isEqualTo("is already an address of the resolver of VPC " + vpcId);

    Reply other = createVpc(stranger, freshCidr(), addresses(taken));
    other.problem(400, "InvalidRequest");
    assertThat(other.body().toString()).doesNotContain(vpcId);

    Reply endpoint =
        createEndpoint(owner, vpcId, "INBOUND", freshIp(), taken).problem(400, "InvalidRequest");
    assertThat(endpoint.errorFields()).containsExactly("ipAddresses[1]");
    assertThat(endpoint.text("/errors/0/message")).contains(vpcId);
    assertThat(store.version()).isEqualTo(version);

    // The other way round: an endpoint's address is not a VPC's to take.
    String listener = freshIp();
    String endpointId =
        createEndpoint(owner, vpcId, "INBOUND", listener, freshIp()).expect(201).text("/id");
    Reply onEndpoint = createVpc(owner, freshCidr(), addresses(listener));
    onEndpoint.problem(400, "InvalidRequest");
    assertThat(onEndpoint.text("/errors/0/message"))
        .isEqualTo("is already an address of inbound endpoint " + endpointId);
    // Another port of the same IP is another listener.
    createVpc(owner, freshCidr(), "[{\"ip\":\"" + listener + "\",\"port\":5353}]").expect(201);
  }

  @Test
  void resolverAddressesAreValidatedWithTheOtherFields() {
    Acct owner = account("claims-sloppy");

    Reply reply =
        createVpc(
                owner,
                "10.300.0.0/16",
                "[{\"ip\":\"resolver.example\"},{\"ip\":\"10.9.9.9\",\"port\":0},"
                    + "{\"ip\":\"10.9.9.8\"},{\"ip\":\"10.9.9.8\",\"port\":53}]")
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields())
        .containsExactly(
            "cidrs[0]",
            "resolverAddresses[0].ip",
            "resolverAddresses[1].port",
            "resolverAddresses[3]");
    createVpc(owner, freshCidr(), "[]").problem(400, "InvalidInput");
    createVpc(
            owner,
            freshCidr(),
            addresses(
                "10.9.9.1", "10.9.9.2", "10.9.9.3", "10.9.9.4", "10.9.9.5", "10.9.9.6", "10.9.9.7"))
        .problem(400, "InvalidInput");
  }

  @Test
  void aRuleOfTheVpcMayNotForwardToItsResolver() {
    Acct owner = account("claims-loop");
    String resolver = freshIp();
    String vpcId = createVpc(owner, freshCidr(), addresses(resolver)).expect(201).text("/id");
    String ruleId =
        forwardRule(owner, "loop-vpc.example", outbound(owner, vpcId), resolver, freshIp());

    Reply reply = associate(owner, ruleId, vpcId).problem(400, "InvalidRequest");

    assertThat(reply.text("/errors/0/message"))
        .contains("is an address of the resolver of VPC " + vpcId)
        .contains("queries would loop");

    // Approached from the rule's side: a rule already associated takes no such target.
    String other = forwardRule(owner, "loop-vpc2.example", outbound(owner, vpcId), freshIp());
    associate(owner, other, vpcId).expect(201);
    Reply patched =
        patch(
                "/v1/resolver/rules/" + other,
                owner.token(),
                "{\"targetIps\":" + addresses(freshIp(), resolver) + "}")
            .problem(400, "InvalidRequest");
    assertThat(patched.errorFields()).containsExactly("targetIps[1]");
    assertThat(patched.text("/errors/0/message")).contains("the resolver of VPC " + vpcId);
  }
}
