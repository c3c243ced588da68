package io.isthmus.admin.explain;

import io.isthmus.config.Cidr;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.Vpc;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The data plane's explain port for admin API tests: the VPC comes from the store (by id, or the
 * CIDR holding the source address, as the node's snapshot would say), and the explanation is a
 * canned default-resolution one whose decision reason echoes the query as the port received it
 * ({@code "fake: NAME TYPE"}). A source in no VPC is explained as REFUSED.
 */
public final class FakeExplainPort implements ExplainPort {
  private final ConfigStore store;

  public FakeExplainPort(ConfigStore store) {
    this.store = store;
  }

  @Override
  public ExplainResult explain(ExplainQuery query) {
    Optional<Vpc> vpc =
        query.vpcId() != null
            ? store.vpc(query.vpcId())
            : query.listener() != null
                ? store.vpcsWithResolverAddresses().stream()
                    .filter(v -> v.resolverAddresses().contains(query.listener()))
                    .findFirst()
                : holding(query.sourceIp());
    String echo = "fake: " + query.name() + " " + query.type();
    if (vpc.isEmpty()) {
      return new ExplainResult(
          null,
          new ExplainJson(
              null,
              "source " + query.sourceIp() + " is not in any VPC",
              List.of(),
              new ExplainJson.Decision("REFUSED", null, null, echo),
              List.of(),
              "REFUSED",
              List.of(),
              null));
    }
    return new ExplainResult(
        vpc.get().accountId(),
        new ExplainJson(
            vpc.get().id(),
            query.vpcId() != null
                ? "given vpcId"
                : "source " + query.sourceIp() + " on " + query.listener(),
            List.of(new ExplainJson.Candidate("DEFAULT", ".", null)),
            new ExplainJson.Decision("DEFAULT", null, ".", echo),
            List.of(),
            null,
            List.of(),
            new ExplainJson.Forward(
                query.name(),
                null,
                List.of(new ExplainJson.Target("192.0.2.53", 53, "UNKNOWN")),
                "NONE")));
  }

  private Optional<Vpc> holding(String sourceIp) {
    InetAddress source;
    try {
      source = InetAddress.getByName(sourceIp); // a validated literal: no look-up
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return store.vpcs().stream()
        .filter(v -> v.cidrs().stream().anyMatch(c -> Cidr.parse(c).orElseThrow().contains(source)))
        .findFirst();
  }
}
