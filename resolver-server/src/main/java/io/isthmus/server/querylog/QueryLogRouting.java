package io.isthmus.server.querylog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which VPCs' queries are logged where: VPC id → the query-log configurations associated with it.
 * Replaced as a whole by {@link #update} whenever the configuration changes (off the query path);
 * read on the query path with one volatile read and one hash lookup. A VPC without a configuration
 * logs nothing.
 *
 * <p>Thread-safe: the map is immutable and published through a volatile field.
 */
public final class QueryLogRouting {

  private volatile Map<String, List<QueryLogTarget>> byVpc = Map.of();

  /**
   * Replaces the routing.
   *
   * @param byVpc VPC id → the destinations of the configurations associated with it; VPCs absent or
   *     mapped to an empty list log nothing. Copied: later changes to the argument have no effect.
   */
  public void update(Map<String, List<QueryLogTarget>> byVpc) {
    Map<String, List<QueryLogTarget>> copy = new HashMap<>();
    byVpc.forEach(
        (vpcId, targets) -> {
          Objects.requireNonNull(vpcId, "vpcId");
          if (targets != null && !targets.isEmpty()) {
            copy.put(vpcId, List.copyOf(targets));
          }
        });
    this.byVpc = Map.copyOf(copy);
  }

  /** The destinations of {@code vpcId}'s queries, or null when they are not logged. */
  public List<QueryLogTarget> targets(String vpcId) {
    return vpcId == null ? null : byVpc.get(vpcId);
  }

  /** The whole routing now, for the writer to close destinations no longer used. */
  Map<String, List<QueryLogTarget>> current() {
    return byVpc;
  }
}
