package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.HostedZone;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.config.ZoneData;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * VPC resolver addresses (docs/spec/resolution.md section 1): a query arriving on one resolves in
 * its VPC for sources inside that VPC's CIDRs, whatever other VPC holds the same CIDR; VPCs that
 * have them are never found by source address, so they may overlap the others.
 */
class VpcResolverAddressTest {
  private static final String SOA =
      "@ 900 SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60\n"
          + "@ 172800 NS ns-0.isthmus.internal.\n";
  private static final String OWNER = "111111111111";
  private static final String OTHER = "222222222222";
  private static final List<String> SAME_CIDR = List.of("10.0.0.0/16");

  private static final InetSocketAddress A_ADDRESS = socket("127.0.10.2", 5300);
  private static final InetSocketAddress B_ADDRESS = socket("127.0.11.2", 5300);

  static final Vpc A =
      new Vpc(
          "vpc-0000000000000000a",
          OWNER,
          "a",
          "us-east-1",
          SAME_CIDR,
          List.of(new TargetAddress("127.0.10.2", 5300)));
  static final Vpc B =
      new Vpc(
          "vpc-0000000000000000b",
          OTHER,
          "b",
          "us-east-1",
          SAME_CIDR,
          List.of(new TargetAddress("127.0.11.2", 5300)));

  /** Found by source address, overlapping both: allowed because they have resolver addresses. */
  static final Vpc BY_SOURCE =
      new Vpc("vpc-0000000000000000c", OWNER, "c", "us-east-1", List.of("10.0.0.0/8"));

  static final HostedZone IN_A = new HostedZone("ZAPPA0000000001", "app.internal.", OWNER, null);
  static final HostedZone IN_B = new HostedZone("ZAPPB0000000001", "app.internal.", OTHER, null);
  static final HostedZone IN_C = new HostedZone("ZAPPC0000000001", "app.internal.", OWNER, null);

  private static final Explainer.ForwardView NO_FORWARDING =
      new Explainer.ForwardView() {
        @Override
        public List<Explanation.Target> targets(List<InetSocketAddress> targets) {
          return List.of();
        }

        @Override
        public CacheStatus cache(String scope, Name name, int type) {
          return CacheStatus.MISS;
        }
      };

  private final Snapshot snapshot = compiler().compile(data(1, List.of(A, B, BY_SOURCE)));

  @Test
  void theListenerDecidesTheVpcAmongVpcsOfTheSameCidr() throws Exception {
    assertThat(answer(resolve("10.0.1.1", A_ADDRESS))).isEqualTo("10.0.0.1");
    assertThat(answer(resolve("10.0.1.1", B_ADDRESS))).isEqualTo("10.0.0.2");
    // The main listener (or any other address) finds the VPC by source, never A or B.
    assertThat(answer(resolve("10.0.1.1", null))).isEqualTo("10.0.0.3");
    assertThat(answer(resolve("10.0.1.1", socket("127.0.0.1", 5300)))).isEqualTo("10.0.0.3");
  }

  @Test
  void aResolverAddressAnswersOnlyTheVpcsOwnSources() throws Exception {
    // 10.200.0.1 is in BY_SOURCE's 10.0.0.0/8 but not in A's 10.0.0.0/16.
    Resolution refused = (Resolution) resolve("10.200.0.1", A_ADDRESS);
    assertThat(refused.rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.edeCode()).isEqualTo(ExtendedErrorCodeOption.PROHIBITED);
    assertThat(refused.edeText())
        .isEqualTo("source 10.200.0.1 is not allowed by resolver address of " + A.id());
  }

  @Test
  void vpcsWithResolverAddressesAreNotInTheSourceTable() throws Exception {
    assertThat(snapshot.vpcFor(InetAddress.getByName("10.0.1.1")).vpc()).isEqualTo(BY_SOURCE);
    Snapshot withoutC = compiler().compile(data(1, List.of(A, B)));
    assertThat(withoutC.vpcFor(InetAddress.getByName("10.0.1.1"))).isNull();
    assertThat(withoutC.listeners()).containsOnlyKeys(A_ADDRESS, B_ADDRESS);
    assertThat(withoutC.listeners().get(A_ADDRESS).kind()).isEqualTo(VpcListener.Kind.VPC_RESOLVER);
    assertThat(withoutC.listeners().get(A_ADDRESS).inboundEndpointId()).isNull();
  }

  @Test
  void aVpcGainingOrLosingResolverAddressesLeavesOrJoinsTheSourceTable() throws Exception {
    Vpc plain = new Vpc(A.id(), OWNER, "a", "us-east-1", SAME_CIDR);
    SnapshotCompiler compiler = compiler();
    Snapshot first = compiler.compile(data(1, List.of(plain)));
    assertThat(first.vpcFor(InetAddress.getByName("10.0.1.1")).vpc()).isEqualTo(plain);
    assertThat(first.listeners()).isEmpty();

    Snapshot second = compiler.compile(data(2, List.of(A)));
    assertThat(second.vpcFor(InetAddress.getByName("10.0.1.1"))).isNull();
    assertThat(second.listeners().get(A_ADDRESS).vpc().vpc()).isEqualTo(A);

    Snapshot third = compiler.compile(data(3, List.of(plain)));
    assertThat(third.vpcFor(InetAddress.getByName("10.0.1.1")).vpc()).isEqualTo(plain);
    assertThat(third.listeners()).isEmpty();
  }

  @Test
  void aListenerWithoutAllowedSourcesAdmitsEverySource() throws Exception {
    VpcListener open =
        new VpcListener(
            VpcListener.Kind.INBOUND_ENDPOINT,
            "rslvr-in-1",
            snapshot.vpcsById().get(A.id()),
            List.of());
    assertThat(open.admits(InetAddress.getByName("192.0.2.1"))).isTrue();
    assertThat(open.inboundEndpointId()).isEqualTo("rslvr-in-1");
    assertThat(open.describe()).isEqualTo("inbound endpoint rslvr-in-1");
  }

  @Test
  void explainSaysWhichListenerDecidedTheVpc() throws Exception {
    Explainer explainer = new Explainer(new Resolver());
    Explanation onB =
        explainer.explainSource(
            snapshot,
            InetAddress.getByName("10.0.1.1"),
            B_ADDRESS,
            Name.fromString("www.app.internal."),
            Type.A,
            NO_FORWARDING);
    assertThat(onB.vpcId()).isEqualTo(B.id());
    assertThat(onB.vpcAccountId()).isEqualTo(OTHER);
    assertThat(onB.vpcReason())
        .isEqualTo(
            "arrived on 127.0.11.2:5300, the resolver address of "
                + B.id()
                + ", which admits source 10.0.1.1");
    assertThat(onB.answers()).containsExactly("www.app.internal. 60 IN A 10.0.0.2");

    Explanation outside =
        explainer.explainSource(
            snapshot,
            InetAddress.getByName("10.200.0.1"),
            B_ADDRESS,
            Name.fromString("www.app.internal."),
            Type.A,
            NO_FORWARDING);
    assertThat(outside.rcode()).isEqualTo("REFUSED");
    assertThat(outside.vpcId()).isNull();
    // The owner of the listener's VPC may read why; the admin API hides it from anyone else.
    assertThat(outside.vpcAccountId()).isEqualTo(OTHER);
    assertThat(outside.vpcReason())
        .isEqualTo(
            "source 10.200.0.1 is not allowed by the resolver address of "
                + B.id()
                + " (arrived on 127.0.11.2:5300, the resolver address of "
                + B.id()
                + ")");

    Explanation bySource =
        explainer.explainSource(
            snapshot,
            InetAddress.getByName("10.0.1.1"),
            null,
            Name.fromString("www.app.internal."),
            Type.A,
            NO_FORWARDING);
    assertThat(bySource.vpcId()).isEqualTo(BY_SOURCE.id());
  }

  private Outcome resolve(String source, InetSocketAddress local) throws Exception {
    return new Resolver()
        .resolve(
            snapshot,
            new InetSocketAddress(InetAddress.getByName(source), 40000),
            local,
            Name.fromString("www.app.internal."),
            Type.A);
  }

  private static String answer(Outcome outcome) {
    Resolution resolution = (Resolution) outcome;
    assertThat(resolution.rcode()).isEqualTo(Rcode.NOERROR);
    return resolution.answer().get(0).rdataToString();
  }

  private static SnapshotCompiler compiler() {
    return new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Set.of());
  }

  private static ConfigData data(long version, List<Vpc> vpcs) {
    List<ZoneData> zones =
        List.of(
            zone(IN_A, "10.0.0.1", A),
            zone(IN_B, "10.0.0.2", B),
            zone(IN_C, "10.0.0.3", BY_SOURCE));
    List<String> present = vpcs.stream().map(Vpc::id).toList();
    return new ConfigData(
        version,
        vpcs,
        zones.stream().filter(z -> present.containsAll(z.vpcIds())).toList(),
        List.of(),
        List.of(),
        List.of());
  }

  private static ZoneData zone(HostedZone zone, String address, Vpc vpc) {
    return new ZoneData(
        zone, ZoneText.parse(zone.name(), SOA + "www 60 A " + address + "\n"), List.of(vpc.id()));
  }

  private static InetSocketAddress socket(String ip, int port) {
    return new InetSocketAddress(new TargetAddress(ip, port).socketAddress().getAddress(), port);
  }
}
