package io.isthmus.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverRule;
import io.isthmus.config.RuleAssociation;
import io.isthmus.config.TargetAddress;
import io.isthmus.config.Vpc;
import io.isthmus.route.SnapshotCompiler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which targets a snapshot can forward to: the forwarder keeps state for these only. */
class ForwardTargetsInUseTest {
  private static final String OWNER = "111111111111";
  private static final Vpc SERVED =
      new Vpc("vpc-0000000000000000a", OWNER, "a", "us-east-1", List.of("10.0.0.0/16"));
  private static final Vpc ELSEWHERE =
      new Vpc("vpc-0000000000000000b", OWNER, "b", "eu-west-1", List.of("10.1.0.0/16"));
  private static final ResolverEndpoint OUT =
      new ResolverEndpoint(
          "rslvr-out-00000000000000001",
          OWNER,
          "out",
          ResolverEndpoint.Direction.OUTBOUND,
          SERVED.id(),
          List.of(new TargetAddress("127.0.50.1", 53), new TargetAddress("127.0.50.2", 53)),
          List.of());

  private static ResolverRule forward(String id, String domain, TargetAddress... targets) {
    return new ResolverRule(
        id,
        OWNER,
        id,
        domain,
        ResolverRule.RuleType.FORWARD,
        List.of(targets),
        OUT.id(),
        "us-east-1");
  }

  @Test
  void associatedForwardRulesTargetsOfServedVpcsAndTheDefaultUpstreams() {
    ResolverRule shared =
        forward(
            "rslvr-rr-00000000000000001",
            "a.example.",
            new TargetAddress("192.0.2.1", 53),
            new TargetAddress("192.0.2.2", 5353));
    ResolverRule sameTarget =
        forward("rslvr-rr-00000000000000002", "b.example.", new TargetAddress("192.0.2.1", 53));
    ResolverRule unassociated =
        forward("rslvr-rr-00000000000000003", "c.example.", new TargetAddress("192.0.2.3", 53));
    ResolverRule otherRegionOnly =
        forward("rslvr-rr-00000000000000004", "d.example.", new TargetAddress("192.0.2.4", 53));
    ResolverRule system =
        new ResolverRule(
            "rslvr-rr-00000000000000005",
            OWNER,
            "s",
            "e.example.",
            ResolverRule.RuleType.SYSTEM,
            List.of(),
            null,
            "us-east-1");
    var snapshot =
        new SnapshotCompiler(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Set.of("us-east-1"))
            .compile(
                new ConfigData(
                    1,
                    List.of(SERVED, ELSEWHERE),
                    List.of(),
                    List.of(OUT),
                    List.of(shared, sameTarget, unassociated, otherRegionOnly, system),
                    List.of(
                        new RuleAssociation("assoc-1", shared.id(), SERVED.id()),
                        new RuleAssociation("assoc-2", sameTarget.id(), SERVED.id()),
                        new RuleAssociation("assoc-4", otherRegionOnly.id(), ELSEWHERE.id()),
                        new RuleAssociation("assoc-5", system.id(), SERVED.id()))));
    InetSocketAddress resolvConf = new InetSocketAddress("198.51.100.53", 53);

    assertThat(ForwardTargetsInUse.of(snapshot, List.of(resolvConf)))
        .containsExactlyInAnyOrder(
            new InetSocketAddress("192.0.2.1", 53),
            new InetSocketAddress("192.0.2.2", 5353),
            resolvConf);
    assertThat(ForwardTargetsInUse.of(snapshot, List.of())).hasSize(2);
  }
}
