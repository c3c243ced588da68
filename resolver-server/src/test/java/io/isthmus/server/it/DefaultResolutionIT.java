package io.isthmus.server.it;

import static io.isthmus.server.it.PrivateZonesIT.json;
import static io.isthmus.server.it.PrivateZonesIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Default resolution (docs/spec/resolution.md section 6): names that no zone or rule of the VPC
 * claims go to {@code isthmus.dns.default-upstreams} — here a real BIND playing the host's resolver
 * — while private zones still answer alone for their names.
 */
class DefaultResolutionIT {
  @RegisterExtension static final SharedNode shared = new SharedNode();
  static NamedServer bind;
  static RunningNode node;

  @BeforeAll
  static void start() throws Exception {
    bind =
        shared.closeAfterAll(
            NamedServer.startOrSkip(
                shared.folder("bind"), NamedServer.freePort(), List.of("127.0.0.1")));
    node = shared.start("--isthmus.dns.default-upstreams=127.0.0.1:" + bind.port());
    String token =
        json(ok(
                node.call("POST", "/v1/accounts", RunningNode.OPERATOR_TOKEN, "{\"name\":\"a\"}"),
                201))
            .get("token")
            .asString();
    String vpc =
        json(ok(
                node.call(
                    "POST",
                    "/v1/vpcs",
                    token,
                    "{\"name\":\"a\",\"region\":\"us-east-1\",\"cidrs\":[\"127.22.0.0/24\"]}"),
                201))
            .get("id")
            .asString();
    // A private zone inside the upstream's zone: it shadows the upstream for its names.
    ok(
        node.call(
            "POST",
            "/v1/hostedzones",
            token,
            "{\"name\":\"private.customer.local\",\"vpcId\":\"" + vpc + "\"}"),
        201);
  }

  @Test
  void unclaimedNamesGoToTheDefaultUpstreams() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.22.0.5", "dc2.customer.local");
    assertThat(dig.status()).as(dig.output).isEqualTo("NOERROR");
    assertThat(dig.answers("A")).containsExactly("10.10.0.2");
    assertThat(dig.flags()).contains("ra").doesNotContain("aa");
  }

  @Test
  void upstreamNegativeAnswersArePassedThrough() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.22.0.5", "nothing.customer.local");
    assertThat(dig.status()).isEqualTo("NXDOMAIN");
    assertThat(dig.section("AUTHORITY")).singleElement().asString().contains("SOA");
  }

  @Test
  void privateZonesStillAnswerAlone() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.22.0.5", "dc1.private.customer.local");
    assertThat(dig.status()).isEqualTo("NXDOMAIN");
    assertThat(dig.flags()).contains("aa");
  }

  @Test
  void sourcesOutsideEveryVpcAreStillRefused() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.99.0.9", "dc2.customer.local");
    assertThat(dig.status()).isEqualTo("REFUSED");
    assertThat(dig.output).contains("EDE: 18");
  }
}
