package io.isthmus.admin.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ResolverApiTestSupport;
import org.junit.jupiter.api.Test;

/** PATCH /v1/resolver/endpoints/{id}: a new name or a new list of addresses, nothing else. */
class EndpointUpdateTest extends ResolverApiTestSupport {

  @Test
  void anEndpointIsRenamedAndGetsNewAddressesKeepingTheRest() {
    Acct acct = account("ep-update");
    String vpcId = vpc(acct, "us-east-1");
    String a = freshIp();
    String b = freshIp();
    String c = freshIp();
    String id = createEndpoint(acct, vpcId, "INBOUND", a, b).expect(201).text("/id");
    String path = "/v1/resolver/endpoints/" + id;

    Reply renamed = patch(path, acct.token(), "{\"name\":\"renamed\"}").expect(200);
    Reply moved =
        patch(path, acct.token(), "{\"ipAddresses\":" + addresses(b, c) + "}").expect(200);

    assertThat(renamed.text("/name")).isEqualTo("renamed");
    assertThat(renamed.text("/ipAddresses/0/ip")).isEqualTo(a);
    assertThat(moved.text("/name")).isEqualTo("renamed");
    assertThat(moved.text("/ipAddresses/0/ip")).isEqualTo(b);
    assertThat(moved.text("/ipAddresses/1/ip")).isEqualTo(c);
    assertThat(moved.text("/direction")).isEqualTo("INBOUND");
    assertThat(moved.text("/vpcId")).isEqualTo(vpcId);
    assertThat(moved.body().get("allowedSourceCidrs")).hasSize(2);
    Reply read = get(path, acct.token()).expect(200);
    assertThat(read.body()).isEqualTo(moved.body());
    // The address it gave up is free again.
    createEndpoint(acct, vpcId, "OUTBOUND", a, freshIp()).expect(201);
  }

  @Test
  void newAddressesMustBeFreeAndValid() {
    Acct acct = account("ep-update-bad");
    Acct other = account("ep-update-other");
    String vpcId = vpc(acct, "us-east-1");
    String a = freshIp();
    String b = freshIp();
    String taken = freshIp();
    String id = createEndpoint(acct, vpcId, "OUTBOUND", a, b).expect(201).text("/id");
    createEndpoint(other, vpc(other, "us-east-1"), "OUTBOUND", taken, freshIp()).expect(201);
    String path = "/v1/resolver/endpoints/" + id;

    assertThat(
            patch(path, acct.token(), "{\"ipAddresses\":" + addresses(a, taken) + "}")
                .problem(400, "InvalidRequest")
                .errorFields())
        .containsExactly("ipAddresses[1]");
    assertThat(
            patch(path, acct.token(), "{\"ipAddresses\":" + addresses(a) + "}")
                .problem(400, "InvalidInput")
                .errorFields())
        .containsExactly("ipAddresses");
    patch(path, acct.token(), "{\"ipAddresses\":[5,{\"ip\":\"x\"}]}").problem(400, "InvalidInput");
    patch(path, acct.token(), "{\"name\":\"\"}").problem(400, "InvalidInput");
    patch(path, other.token(), "{\"name\":\"mine\"}").problem(404, "ResourceNotFound");
    patch(path, OPERATOR, "{\"name\":\"mine\"}").problem(403, "AccessDenied");
    assertThat(get(path, acct.token()).expect(200).text("/ipAddresses/1/ip")).isEqualTo(b);
    // Keeping an address, or reordering them, is no conflict with itself.
    assertThat(
            patch(path, acct.token(), "{\"ipAddresses\":" + addresses(b, a) + "}")
                .expect(200)
                .text("/ipAddresses/0/ip"))
        .isEqualTo(b);
  }

  @Test
  void anInboundEndpointMayNotListenOnATargetOfARuleOfItsVpc() {
    Acct acct = account("ep-update-loop");
    String vpcId = vpc(acct, "us-east-1");
    String target = freshIp();
    String id =
        createEndpoint(acct, vpcId, "INBOUND", freshIp(), freshIp()).expect(201).text("/id");
    String rule = forwardRule(acct, "loop.example", outbound(acct, vpcId), target);
    associate(acct, rule, vpcId).expect(201);

    assertThat(
            patch(
                    "/v1/resolver/endpoints/" + id,
                    acct.token(),
                    "{\"ipAddresses\":" + addresses(freshIp(), target) + "}")
                .problem(400, "InvalidRequest")
                .errorFields())
        .containsExactly("ipAddresses[1]");
  }
}
