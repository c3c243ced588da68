package io.isthmus.config;

/**
 * How a record set takes part in answering its name and type (docs/spec/resolution.md section 4):
 * {@link Simple} alone, or one member of a routed group whose members share one policy — {@link
 * Failover} (one PRIMARY, one SECONDARY), {@link Weighted} (0..255) or {@link MultiValue}. Latency
 * routing has no policy here: Isthmus rejects it ({@link RoutingFields#LATENCY_NOT_SUPPORTED}). A
 * value of this type is always valid; the API's and the store's spelling of it is {@link
 * RoutingFields}. Immutable.
 */
public sealed interface RoutingPolicy
    permits RoutingPolicy.Simple,
        RoutingPolicy.Failover,
        RoutingPolicy.Weighted,
        RoutingPolicy.MultiValue {

  /** The largest weight of a weighted record set (Route 53: 0..255). */
  int MAX_WEIGHT = 255;

  Simple SIMPLE = new Simple();
  MultiValue MULTI_VALUE = new MultiValue();

  /**
   * The policy's name in messages about a group ("mixed routing policies at ...: failover,
   * weighted").
   */
  String kind();

  /** The one record set at its name and type; it has no set identifier. */
  record Simple() implements RoutingPolicy {
    @Override
    public String kind() {
      return "simple";
    }
  }

  /** Answers with the healthy PRIMARY, else the SECONDARY (docs/spec/resolution.md section 4). */
  record Failover(Role role) implements RoutingPolicy {
    public Failover {
      if (role == null) {
        throw new IllegalArgumentException("a failover record set needs a role");
      }
    }

    @Override
    public String kind() {
      return "failover";
    }
  }

  /** A failover record set's role in its group; the API spells it as the constant's name. */
  enum Role {
    PRIMARY,
    SECONDARY
  }

  /** One set of the group at random, in proportion to its weight (0..{@value #MAX_WEIGHT}). */
  record Weighted(int weight) implements RoutingPolicy {
    public Weighted {
      if (weight < 0 || weight > MAX_WEIGHT) {
        throw new IllegalArgumentException("weight must be within 0.." + MAX_WEIGHT);
      }
    }

    @Override
    public String kind() {
      return "weighted";
    }
  }

  /** The records of up to eight healthy sets of the group together. */
  record MultiValue() implements RoutingPolicy {
    @Override
    public String kind() {
      return "multivalue answer";
    }
  }
}
