package io.isthmus.admin.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/resolver/explain}: parameter validation (every problem at once), who may see what
 * (own VPCs, the operator all; another account's VPC is not found, by id or by source address), and
 * the JSON shape. The explanation itself is the data plane's (see FakeExplainPort).
 */
class ExplainTest extends ApiTestSupport {
  private static final String EXPLAIN = "/v1/resolver/explain";

  private String firstAddress(String vpcId, String token) {
    String cidr = get("/v1/vpcs/" + vpcId, token).expect(200).text("/cidrs/0");
    return cidr.replace(".0/24", ".5");
  }

  @Test
  void everyProblemIsListedAtOnce() {
    Acct acct = account("explain-sloppy");

    Reply reply =
        get(EXPLAIN + "?vpcId=vpc-1&sourceIp=not-an-ip&name=a..b&type=BOGUS", acct.token())
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("sourceIp", "sourceIp", "name", "type");
    assertThat(reply.text("/errors/0/message"))
        .isEqualTo("give either vpcId or sourceIp, not both");
    assertThat(reply.text("/errors/1/message")).isEqualTo("must be an IPv4 or IPv6 address");
    assertThat(reply.text("/errors/2/message")).isEqualTo("must be a valid DNS name");
  }

  @Test
  void vpcOrSourceAndNameAreRequired() {
    Acct acct = account("explain-empty");

    Reply reply = get(EXPLAIN, acct.token()).problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("vpcId", "name");
    assertThat(reply.text("/errors/0/message")).isEqualTo("give vpcId or sourceIp");
  }

  @Test
  void metaTypesAndHostNamesAsSourceAreRefused() {
    Acct acct = account("explain-meta");

    Reply reply =
        get(EXPLAIN + "?sourceIp=localhost&name=example.org&type=AXFR", acct.token())
            .problem(400, "InvalidInput");

    assertThat(reply.errorFields()).containsExactly("sourceIp", "type");
  }

  @Test
  void aListenerIsReadAsIpPortAndGoesWithASourceOnly() {
    Acct acct = account("explain-listener");

    Reply reply =
        get(EXPLAIN + "?vpcId=vpc-1&listener=10.0.0.2:99999&name=x", acct.token())
            .problem(400, "InvalidInput");
    assertThat(reply.errorFields()).containsExactly("listener");
    assertThat(reply.text("/errors/0/message"))
        .isEqualTo("must be ip:port, [ipv6]:port or an ip (port 53)");
    Reply alone =
        get(EXPLAIN + "?vpcId=vpc-1&listener=10.0.0.2&name=x", acct.token())
            .problem(400, "InvalidInput");
    assertThat(alone.text("/errors/0/message"))
        .isEqualTo("goes with sourceIp: it decides the VPC instead");
    for (String bad : new String[] {"[fd00::2]", "[fd00::2]:x", "name:53", "10.0.0.2:0"}) {
      get(EXPLAIN + "?sourceIp=10.0.0.1&listener=" + bad + "&name=x", acct.token())
          .problem(400, "InvalidInput");
    }
  }

  @Test
  void aVpcResolverAddressOfAnotherAccountIsNotFound() {
    Acct owner = account("explain-resolver-owner");
    Acct stranger = account("explain-resolver-stranger");
    String body =
        "{\"name\":\"r\",\"region\":\"us-east-1\",\"cidrs\":[\"%s\"],\"resolverAddresses\":"
            + "[{\"ip\":\"fd00::53\",\"port\":5300},{\"ip\":\"127.0.77.9\",\"port\":5300},"
            + "{\"ip\":\"127.0.77.10\"},{\"ip\":\"fd00::54\"}]}";
    String vpcId =
        post("/v1/vpcs", owner.token(), body.formatted(freshCidr())).expect(201).text("/id");
    String query = EXPLAIN + "?sourceIp=10.0.0.1&listener=[fd00:0::53]:5300&name=x.example";

    for (String other :
        new String[] {"127.0.77.9:5300", "127.0.77.10", "127.0.77.10:53", "fd00::54"}) {
      assertThat(
              get(EXPLAIN + "?sourceIp=10.0.0.1&listener=" + other + "&name=x", owner.token())
                  .expect(200)
                  .text("/vpcId"))
          .isEqualTo(vpcId);
    }
    Reply own = get(query, owner.token()).expect(200);
    assertThat(own.text("/vpcId")).isEqualTo(vpcId);
    assertThat(own.text("/vpcReason"))
        .isEqualTo("source 10.0.0.1 on TargetAddress[ip=fd00:0:0:0:0:0:0:53, port=5300]");
    Reply hidden = get(query, stranger.token()).problem(404, "NoSuchVpc");
    assertThat(hidden.text("/detail"))
        .isEqualTo(
            "No VPC of yours listens on [fd00:0:0:0:0:0:0:53]:5300 for the source address 10.0.0.1.");
    assertThat(hidden.body().toString()).doesNotContain(vpcId);
  }

  @Test
  void needsAToken() {
    get(EXPLAIN + "?sourceIp=10.0.0.1&name=example.org", null).problem(401, "Unauthorized");
  }

  @Test
  void ownVpcIsExplainedWithTheNameNormalized() {
    Acct acct = account("explain-owner");
    String vpcId = vpc(acct, "us-east-1");

    Reply reply =
        get(EXPLAIN + "?vpcId=" + vpcId + "&name=WEB.Example.com&type=aaaa", acct.token())
            .expect(200);

    assertThat(reply.text("/vpcId")).isEqualTo(vpcId);
    assertThat(reply.text("/vpcReason")).isEqualTo("given vpcId");
    assertThat(reply.text("/decision/reason")).isEqualTo("fake: web.example.com. AAAA");
    assertThat(reply.text("/candidates/0/kind")).isEqualTo("DEFAULT");
    // The documented shape: rcode is present and null when the name is forwarded.
    assertThat(reply.body().has("rcode")).isTrue();
    assertThat(reply.body().get("rcode").isNull()).isTrue();
    assertThat(reply.text("/forward/cache")).isEqualTo("NONE");
    assertThat(reply.text("/forward/targets/0/state")).isEqualTo("UNKNOWN");
    assertThat(reply.body().get("recordSets").isArray()).isTrue();
  }

  @Test
  void typeDefaultsToA() {
    Acct acct = account("explain-default-type");
    String vpcId = vpc(acct, "us-east-1");

    assertThat(
            get(EXPLAIN + "?vpcId=" + vpcId + "&name=example.org", acct.token())
                .expect(200)
                .text("/decision/reason"))
        .isEqualTo("fake: example.org. A");
  }

  @Test
  void anotherAccountsVpcIsNotFound() {
    Acct owner = account("explain-vpc-owner");
    Acct stranger = account("explain-stranger");
    String vpcId = vpc(owner, "us-east-1");

    get(EXPLAIN + "?vpcId=" + vpcId + "&name=example.org", stranger.token())
        .problem(404, "NoSuchVpc");
    get(EXPLAIN + "?vpcId=vpc-00000000000000000&name=example.org", stranger.token())
        .problem(404, "NoSuchVpc");
  }

  @Test
  void sourceInsideAnotherAccountsVpcIsNotFoundEither() {
    Acct owner = account("explain-src-owner");
    Acct stranger = account("explain-src-stranger");
    String vpcId = vpc(owner, "us-east-1");
    String inside = firstAddress(vpcId, owner.token());

    get(EXPLAIN + "?sourceIp=" + inside + "&name=example.org", stranger.token())
        .problem(404, "NoSuchVpc");

    Reply own =
        get(EXPLAIN + "?sourceIp=" + inside + "&name=example.org", owner.token()).expect(200);
    assertThat(own.text("/vpcId")).isEqualTo(vpcId);
  }

  @Test
  void sourceInNoVpcIsExplainedAsRefused() {
    Acct acct = account("explain-nowhere");

    Reply reply = get(EXPLAIN + "?sourceIp=192.0.2.77&name=example.org", acct.token()).expect(200);

    assertThat(reply.body().get("vpcId").isNull()).isTrue();
    assertThat(reply.text("/vpcReason")).isEqualTo("source 192.0.2.77 is not in any VPC");
    assertThat(reply.text("/decision/kind")).isEqualTo("REFUSED");
    assertThat(reply.text("/rcode")).isEqualTo("REFUSED");
  }

  @Test
  void operatorSeesEveryVpc() {
    Acct owner = account("explain-op-owner");
    String vpcId = vpc(owner, "us-east-1");
    String inside = firstAddress(vpcId, owner.token());

    assertThat(
            get(EXPLAIN + "?vpcId=" + vpcId + "&name=example.org", OPERATOR)
                .expect(200)
                .text("/vpcId"))
        .isEqualTo(vpcId);
    assertThat(
            get(EXPLAIN + "?sourceIp=" + inside + "&name=example.org", OPERATOR)
                .expect(200)
                .text("/vpcId"))
        .isEqualTo(vpcId);
  }
}
