package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * docs/spec/resolution.md sections 1–3 as a table: (source, name, type) → rcode, answer, authority.
 */
class ResolverTest {
  private static final String SOA =
      "@ 900 SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60\n"
          + "@ 172800 NS ns-0.isthmus.internal.\n";

  static final HostedZone AWS =
      new HostedZone("ZAWS0000000001", "aws.customer.local.", "111111111111", null);
  static final HostedZone APP1 =
      new HostedZone("ZAPP10000000001", "app1.aws.customer.local.", "222222222222", null);
  static final HostedZone LOOPS =
      new HostedZone("ZLOOPS000000001", "loops.test.", "111111111111", null);

  static final Vpc NET =
      new Vpc("vpc-00000000000000001", "111111111111", "net", "us-east-1", List.of("10.0.0.0/16"));
  static final Vpc NARROW =
      new Vpc(
          "vpc-00000000000000002", "111111111111", "narrow", "us-east-1", List.of("10.0.7.0/24"));
  static final Vpc APP2 =
      new Vpc("vpc-00000000000000003", "333333333333", "app2", "us-east-1", List.of("10.2.0.0/16"));

  static final Snapshot SNAPSHOT =
      new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
          .compile(
              ConfigData.ofZones(
                  7,
                  List.of(NET, NARROW, APP2),
                  List.of(
                      new ZoneData(
                          AWS,
                          ZoneText.parse(
                              AWS.name(),
                              SOA
                                  + "shared A 10.0.0.10\n"
                                  + "host.app1 A 10.0.0.99\n"
                                  + "www CNAME web.app1.aws.customer.local.\n"
                                  + "out CNAME somewhere.example.org.\n"
                                  + "gone CNAME nothing.app1.aws.customer.local.\n"),
                          List.of(NET.id(), APP2.id())),
                      new ZoneData(
                          APP1,
                          ZoneText.parse(
                              APP1.name(),
                              SOA
                                  + "web A 10.1.0.10\n"
                                  + "api A 10.1.0.11\n"
                                  + "api AAAA fd00:1::11\n"
                                  + "deep.ent A 10.1.0.12\n"
                                  + "*.svc A 10.1.0.30\n"
                                  + "explicit.svc A 10.1.0.31\n"
                                  + "back CNAME shared.aws.customer.local.\n"),
                          List.of(NET.id(), NARROW.id())),
                      new ZoneData(
                          LOOPS,
                          ZoneText.parse(
                              LOOPS.name(),
                              SOA
                                  + "a CNAME b\nb CNAME a\n"
                                  + "c1 CNAME c2\nc2 CNAME c3\nc3 CNAME c4\nc4 CNAME c5\n"
                                  + "c5 CNAME c6\nc6 CNAME c7\nc7 CNAME c8\nc8 CNAME c9\n"
                                  + "c9 CNAME c10\nc10 A 192.0.2.1\n"
                                  + "d2 CNAME c3\n"),
                          List.of(NET.id())))));

  static Stream<Arguments> table() {
    return Stream.of(
        // source, name, type, rcode, answer (type:rdata in order), authority zone (SOA owner)
        row("10.0.1.1", "web.app1.aws.customer.local", "A", "NOERROR", "A:10.1.0.10", null),
        row("10.0.1.1", "WEB.App1.AWS.customer.local", "A", "NOERROR", "A:10.1.0.10", null),
        row("10.0.1.1", "host.app1.aws.customer.local", "A", "NXDOMAIN", "", APP1.name()),
        row(
            "10.0.1.1",
            "api.app1.aws.customer.local",
            "AAAA",
            "NOERROR",
            "AAAA:fd00:1:0:0:0:0:0:11",
            null),
        row("10.0.1.1", "web.app1.aws.customer.local", "AAAA", "NOERROR", "", APP1.name()),
        row("10.0.1.1", "ent.app1.aws.customer.local", "A", "NOERROR", "", APP1.name()),
        row("10.0.1.1", "x.svc.app1.aws.customer.local", "A", "NOERROR", "A:10.1.0.30", null),
        row(
            "10.0.1.1",
            "explicit.svc.app1.aws.customer.local",
            "A",
            "NOERROR",
            "A:10.1.0.31",
            null),
        row("10.0.1.1", "shared.aws.customer.local", "A", "NOERROR", "A:10.0.0.10", null),
        row(
            "10.0.1.1",
            "www.aws.customer.local",
            "A",
            "NOERROR",
            "CNAME:web.app1.aws.customer.local.,A:10.1.0.10",
            null),
        row(
            "10.0.1.1",
            "back.app1.aws.customer.local",
            "A",
            "NOERROR",
            "CNAME:shared.aws.customer.local.,A:10.0.0.10",
            null),
        row(
            "10.0.1.1",
            "www.aws.customer.local",
            "CNAME",
            "NOERROR",
            "CNAME:web.app1.aws.customer.local.",
            null),
        row(
            "10.0.1.1",
            "gone.aws.customer.local",
            "A",
            "NXDOMAIN",
            "CNAME:nothing.app1.aws.customer.local.",
            APP1.name()),
        row(
            "10.0.1.1",
            "out.aws.customer.local",
            "A",
            "REFUSED",
            "CNAME:somewhere.example.org.",
            null),
        row(
            "10.0.1.1",
            "a.loops.test",
            "A",
            "SERVFAIL",
            "CNAME:b.loops.test.,CNAME:a.loops.test.",
            null),
        row(
            "10.0.1.1",
            "d2.loops.test",
            "A",
            "NOERROR",
            "CNAME:c3.loops.test.,CNAME:c4.loops.test.,CNAME:c5.loops.test.,CNAME:c6.loops.test.,"
                + "CNAME:c7.loops.test.,CNAME:c8.loops.test.,CNAME:c9.loops.test.,CNAME:c10.loops.test.,"
                + "A:192.0.2.1",
            null),
        row("10.0.1.1", "example.org", "A", "REFUSED", "", null),
        // The /24 VPC inside the /16 wins for its sources: it has no aws.customer.local zone.
        row("10.0.7.9", "shared.aws.customer.local", "A", "REFUSED", "", null),
        row("10.0.7.9", "web.app1.aws.customer.local", "A", "NOERROR", "A:10.1.0.10", null),
        // APP2 has only the parent zone: the app1 name is answered (NXDOMAIN) by the parent.
        row("10.2.3.4", "web.app1.aws.customer.local", "A", "NXDOMAIN", "", AWS.name()),
        row("10.2.3.4", "host.app1.aws.customer.local", "A", "NOERROR", "A:10.0.0.99", null),
        row("192.0.2.1", "web.app1.aws.customer.local", "A", "REFUSED", "", null));
  }

  private static Arguments row(
      String source, String name, String type, String rcode, String answer, String soaOwner) {
    return Arguments.of(source, name, type, rcode, answer, soaOwner);
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3} [{4}]")
  @MethodSource("table")
  void resolvesAsSpecified(
      String source, String name, String type, String rcode, String answer, String soaOwner)
      throws Exception {
    Resolution resolution = local(source, name + ".", Type.value(type));

    assertThat(Rcode.string(resolution.rcode())).isEqualTo(rcode);
    assertThat(render(resolution.answer())).isEqualTo(answer);
    if (soaOwner == null) {
      assertThat(resolution.authority()).isEmpty();
    } else {
      assertThat(resolution.authority()).hasSize(1);
      SOARecord soa = (SOARecord) resolution.authority().get(0);
      assertThat(soa.getName().toString()).isEqualTo(soaOwner);
      // RFC 2308: the negative TTL is min(SOA TTL, SOA MINIMUM).
      assertThat(soa.getTTL()).isEqualTo(60);
    }
    boolean fromZones = rcode.equals("NOERROR") || rcode.equals("NXDOMAIN");
    assertThat(resolution.authoritative()).isEqualTo(fromZones);
    assertThat(resolution.edeCode() == org.xbill.DNS.ExtendedErrorCodeOption.PROHIBITED)
        .isEqualTo(rcode.equals("REFUSED"));
  }

  @Test
  void unknownSourceIsRefusedWithReason() throws Exception {
    Resolution resolution = local("172.16.0.1", "web.app1.aws.customer.local.", Type.A);
    assertThat(resolution.rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(resolution.route()).isEqualTo(RouteKind.REFUSED);
    assertThat(resolution.edeText()).contains("172.16.0.1").contains("not in any VPC");
  }

  @Test
  void reportsTheDecidingZoneAndVpc() throws Exception {
    Resolution resolution = local("10.0.1.1", "www.aws.customer.local.", Type.A);
    assertThat(resolution.route()).isEqualTo(RouteKind.HOSTED_ZONE);
    assertThat(resolution.routeId()).isEqualTo(AWS.id());
    assertThat(resolution.vpcId()).isEqualTo(NET.id());
  }

  @Test
  void ninthCnameIsServfail() throws Exception {
    Resolution resolution = local("10.0.1.1", "c1.loops.test.", Type.A);
    assertThat(resolution.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(resolution.answer()).hasSize(9);
  }

  /** Resolves over the VPC resolver listener; the outcome must be local (no forwarding). */
  private static Resolution local(String source, String name, int type) throws Exception {
    Outcome outcome =
        new Resolver()
            .resolve(
                SNAPSHOT,
                new InetSocketAddress(InetAddress.getByName(source), 40000),
                null,
                Name.fromString(name),
                type);
    assertThat(outcome).isInstanceOf(Resolution.class);
    return (Resolution) outcome;
  }

  private static String render(List<Record> records) {
    return String.join(
        ",",
        records.stream().map(r -> Type.string(r.getType()) + ":" + r.rdataToString()).toList());
  }
}
