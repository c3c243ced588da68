package io.isthmus.server.onprem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.testsupport.NamedLauncher;
import io.isthmus.testsupport.NamedServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The on-premises DNS of the end-to-end tests, BIND with the configuration of {@link NamedServer},
 * against real sockets, queried by dnsjava from bound sources. One subclass per way of running
 * named (a local binary, a container); each runs exactly these tests, so that what the end-to-end
 * tests rely on holds on both.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class OnPremDnsContract {

  private static final String ENDPOINT_1 = "127.0.50.1";
  private static final String ENDPOINT_2 = "127.0.50.2";
  private static final List<String> ENDPOINTS = List.of(ENDPOINT_1, ENDPOINT_2);

  private NamedServer named;

  /** How this class runs named; aborts (skips) when it cannot run here. */
  abstract NamedLauncher launcher();

  @BeforeAll
  void start(@TempDir Path workDir) {
    named = NamedServer.start(launcher(), workDir, NamedServer.freePort(), ENDPOINTS);
  }

  @AfterAll
  void stop() {
    if (named != null) {
      named.close();
    }
  }

  @Test
  void answersAllowedSourceAuthoritatively() throws IOException {
    Message answer = udp(named.port(), ENDPOINT_1, "dc1.customer.local.", Type.A);

    assertThat(answer.getRcode()).as(named.logTail()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answer.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            ARecord.class, a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("10.10.0.1"));
  }

  @Test
  void answersEveryOutboundEndpointAddress() throws IOException {
    Message answer = udp(named.port(), ENDPOINT_2, "dc2.customer.local.", Type.A);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            ARecord.class, a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("10.10.0.2"));
  }

  @Test
  void refusesOtherSources() throws IOException {
    Message answer = udp(named.port(), "127.0.0.77", "dc1.customer.local.", Type.A);

    assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(answer.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void followsTheCnameInTheZone() throws IOException {
    Message answer = udp(named.port(), ENDPOINT_1, "ldap.customer.local.", Type.A);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getSection(Section.ANSWER))
        .hasSize(2)
        .first()
        .isInstanceOfSatisfying(
            CNAMERecord.class,
            c -> assertThat(c.getTarget()).isEqualTo(name("dc1.customer.local.")));
  }

  @Test
  void bigTxtIsTruncatedOverUdp() throws IOException {
    SimpleResolver resolver = resolver(named.port(), ENDPOINT_1);
    resolver.setIgnoreTruncation(true);

    Message answer = resolver.send(query("big.customer.local.", Type.TXT));

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getHeader().getFlag(Flags.TC)).isTrue();
  }

  @Test
  void bigTxtIsCompleteOverTcp() throws IOException {
    SimpleResolver resolver = resolver(named.port(), ENDPOINT_1);
    resolver.setTCP(true);

    Message answer = resolver.send(query("big.customer.local.", Type.TXT));

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(answer.toWire().length).isGreaterThan(1232);
    assertThat(answer.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            TXTRecord.class,
            t -> {
              assertThat(t.getStrings()).hasSize(10);
              assertThat(String.join("", t.getStrings()).length()).isGreaterThan(1232);
            });
  }

  @Test
  void nxdomainCarriesTheSoaWithTheNegativeTtl() throws IOException {
    Message answer = udp(named.port(), ENDPOINT_1, "nothing.customer.local.", Type.A);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answer.getSection(Section.AUTHORITY))
        .singleElement()
        .isInstanceOfSatisfying(
            SOARecord.class,
            soa -> {
              assertThat(soa.getName()).isEqualTo(name("customer.local."));
              assertThat(soa.getMinimum()).isEqualTo(300);
              assertThat(soa.getTTL()).isEqualTo(300);
            });
  }

  @Test
  void wildcardAnswersAnyHost() throws IOException {
    Message answer = udp(named.port(), ENDPOINT_2, "build-42.hosts.customer.local.", Type.A);

    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getSection(Section.ANSWER))
        .singleElement()
        .satisfies(r -> assertThat(r.getName()).isEqualTo(name("build-42.hosts.customer.local.")))
        .isInstanceOfSatisfying(
            ARecord.class, a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("10.10.9.9"));
  }

  @Test
  void stoppedServerNoLongerAnswers(@TempDir Path ownDir) throws IOException {
    NamedServer own = NamedServer.start(launcher(), ownDir, NamedServer.freePort(), ENDPOINTS);
    int port = own.port();
    assertThat(udp(port, ENDPOINT_1, "dc1.customer.local.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    own.close();
    own.close(); // idempotent

    assertThat(own.logTail()).contains("exiting");
    assertThatThrownBy(() -> udp(port, ENDPOINT_1, "dc1.customer.local.", Type.A))
        .isInstanceOf(IOException.class);
    SimpleResolver tcp = resolver(port, ENDPOINT_1);
    tcp.setTCP(true);
    assertThatThrownBy(() -> tcp.send(query("dc1.customer.local.", Type.A)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void startFailureReportsTheLog(@TempDir Path ownDir) {
    // An undefined ACL name: named rejects its configuration and exits at once.
    assertThatThrownBy(
            () ->
                NamedServer.start(
                    launcher(), ownDir, NamedServer.freePort(), List.of(ENDPOINT_1, "no-such-acl")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited")
        .hasMessageContaining("no-such-acl");
  }

  private static Message udp(int port, String source, String qname, int type) throws IOException {
    return resolver(port, source).send(query(qname, type));
  }

  private static SimpleResolver resolver(int port, String source) {
    SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver;
  }

  private static Message query(String qname, int type) {
    return Message.newQuery(Record.newRecord(name(qname), type, DClass.IN));
  }

  private static Name name(String name) {
    return Name.fromConstantString(name);
  }
}
