package io.isthmus.route;

import io.isthmus.config.ResolverRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * What a domain of a VPC's route table leads to (docs/spec/resolution.md section 2): a private
 * hosted zone (an automatic rule "answer from this zone"), a FORWARD rule or a SYSTEM rule.
 * Immutable.
 */
public sealed interface Route extends Precedence.Claim {

  /** The domain this route covers. */
  @Override
  Name domain();

  /** The id of the zone or rule, for logs and explanations. */
  String id();

  /**
   * Answer authoritatively from the zone; never fall through to a parent. The compiled zone itself
   * is the snapshot's ({@link Snapshot#zone}): a change to a zone's record sets then replaces one
   * entry there and leaves every VPC's route table as it was.
   *
   * @param id the zone's id
   * @param domain the zone's apex
   * @param slot where the snapshot keeps the compiled zone ({@link ZoneSlots}), the same for as
   *     long as the zone exists
   */
  record HostedZone(String id, Name domain, int slot) implements Route {

    @Override
    public RouteKind kind() {
      return RouteKind.HOSTED_ZONE;
    }
  }

  /**
   * Forward to the rule's targets from the outbound endpoint's addresses.
   *
   * @param sources the outbound endpoint's addresses, bound as source addresses
   */
  record Forward(
      ResolverRule rule, Name domain, List<InetSocketAddress> targets, List<InetAddress> sources)
      implements Route {
    public Forward {
      targets = List.copyOf(targets);
      sources = List.copyOf(sources);
    }

    @Override
    public String id() {
      return rule.id();
    }

    @Override
    public RouteKind kind() {
      return RouteKind.FORWARD;
    }
  }

  /** Resolve as if no FORWARD/SYSTEM rule existed: the most specific zone, else default. */
  record System(ResolverRule rule, Name domain) implements Route {
    @Override
    public String id() {
      return rule.id();
    }

    @Override
    public RouteKind kind() {
      return RouteKind.SYSTEM;
    }
  }
}
