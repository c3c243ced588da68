package io.isthmus.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.testsupport.Dig;
import io.isthmus.testsupport.NamedServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Every dig line the README and the demo log promise, checked against the real dig. */
@ResourceLock(DemoAddresses.LOCK)
class DemoIT {
  @RegisterExtension static final SharedNode shared = new SharedNode();
  static RunningNode node;

  @BeforeAll
  static void start() {
    node = shared.start("--isthmus.demo=true");
  }

  @Test
  void appVpcGetsItsOwnZone() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.1.10.5", "web.app1.aws.customer.local");
    assertThat(dig.status()).isEqualTo("NOERROR");
    assertThat(dig.flags()).contains("aa");
    assertThat(dig.answers("A")).containsExactly("10.1.0.10");
  }

  @Test
  void networkingVpcSeesAppZoneAcrossAccounts() throws Exception {
    assertThat(Dig.query(node.dnsPort, "127.0.10.5", "web.app1.aws.customer.local").answers("A"))
        .containsExactly("10.1.0.10");
    assertThat(Dig.query(node.dnsPort, "127.0.20.5", "web.app1.aws.customer.local").answers("A"))
        .containsExactly("10.1.0.10");
  }

  @Test
  void mostSpecificZoneWinsWithoutFallThrough() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.0.10.5", "host.app1.aws.customer.local");
    assertThat(dig.status()).isEqualTo("NXDOMAIN");
    assertThat(dig.section("AUTHORITY"))
        .singleElement()
        .asString()
        .startsWith("app1.aws.customer.local.")
        .contains("SOA");
    // app2's VPC has only the parent zone, which does hold that name.
    assertThat(Dig.query(node.dnsPort, "127.2.10.5", "host.app1.aws.customer.local").answers("A"))
        .containsExactly("10.0.0.99");
  }

  @Test
  void cnameIsChasedAcrossZones() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.0.10.5", "www.aws.customer.local");
    assertThat(dig.answers("CNAME")).containsExactly("web.app1.aws.customer.local.");
    assertThat(dig.answers("A")).containsExactly("10.1.0.10");
  }

  @Test
  void aaaaAndNodata() throws Exception {
    assertThat(
            Dig.query(node.dnsPort, "127.0.10.5", "api.app1.aws.customer.local", "AAAA")
                .answers("AAAA"))
        .containsExactly("fd00:1::11");
    Dig nodata = Dig.query(node.dnsPort, "127.0.10.5", "db.app1.aws.customer.local", "AAAA");
    assertThat(nodata.status()).isEqualTo("NOERROR");
    assertThat(nodata.section("ANSWER")).isEmpty();
    assertThat(nodata.section("AUTHORITY")).singleElement().asString().contains("SOA");
  }

  @Test
  void wildcardAndSrv() throws Exception {
    assertThat(
            Dig.query(node.dnsPort, "127.1.20.5", "anything.svc.app1.aws.customer.local")
                .answers("A"))
        .containsExactly("10.1.0.30");
    assertThat(
            Dig.query(node.dnsPort, "127.1.20.5", "_https._tcp.app1.aws.customer.local", "SRV")
                .answers("SRV"))
        .containsExactly("10 5 443 web.app1.aws.customer.local.");
  }

  @Test
  void inboundEndpointAnswersOnPremisesClients() throws Exception {
    Dig dig = Dig.queryAt("127.0.60.1", 8053, "127.0.0.5", "web.app1.aws.customer.local");
    assertThat(dig.answers("A")).as(dig.output).containsExactly("10.1.0.10");
    assertThat(Dig.queryAt("127.0.60.2", 8053, "127.9.9.9", "web.app1.aws.customer.local").status())
        .isEqualTo("REFUSED");
  }

  @Test
  void onPremisesNamesAreForwardedToTheDemoBind(@TempDir Path bindDir) throws Exception {
    // The demo's rule targets 127.0.0.1:5300, where docker/onprem/named.conf listens.
    try (NamedServer bind =
        NamedServer.startOrSkip(bindDir, 5300, List.of("127.0.50.1", "127.0.50.2"))) {
      Dig dig = Dig.query(node.dnsPort, "127.1.10.5", "dc1.customer.local");
      assertThat(dig.answers("A")).as(dig.output).containsExactly("10.10.0.1");
      // us-west-2 VPCs cannot use the us-east-1 rule: nothing covers the name there.
      assertThat(Dig.query(node.dnsPort, "127.1.20.5", "dc1.customer.local").status())
          .isEqualTo("REFUSED");
    }
  }

  @Test
  void unknownSourceIsRefusedWithExtendedError() throws Exception {
    Dig dig = Dig.query(node.dnsPort, "127.9.9.9", "web.app1.aws.customer.local");
    assertThat(dig.status()).isEqualTo("REFUSED");
    assertThat(dig.output).contains("EDE: 18");
  }
}
