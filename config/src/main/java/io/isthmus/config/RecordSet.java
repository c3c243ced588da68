package io.isthmus.config;

import java.util.List;

/**
 * One record set of a hosted zone as the API and the store see it. {@code name} is normalized
 * (absolute, lower case, trailing dot); {@code type} is the mnemonic in upper case ("A", "MX");
 * {@code records} hold RDATA in zone-file presentation format. A routed record set has a set
 * identifier and a policy other than {@link RoutingPolicy#SIMPLE}; a simple one has neither (the
 * constructor refuses anything else). Immutable.
 */
public record RecordSet(
    String name,
    String type,
    Long ttl,
    List<String> records,
    String setIdentifier,
    RoutingPolicy routing,
    String healthCheckId,
    AliasTarget aliasTarget) {

  /**
   * @throws IllegalArgumentException if {@code routing} is null, or if exactly one of a set
   *     identifier and a routing policy is given
   */
  public RecordSet {
    records = records == null ? List.of() : List.copyOf(records);
    if (routing == null) {
      throw new IllegalArgumentException("no routing policy (simple is one): " + name + " " + type);
    }
    if ((setIdentifier == null) != (routing instanceof RoutingPolicy.Simple)) {
      throw new IllegalArgumentException(
          "a routed record set needs a set identifier and one policy: "
              + new RecordSetKey(name, type, setIdentifier));
    }
  }

  /** A simple (non-routed) record set. */
  public static RecordSet simple(String name, String type, long ttl, List<String> records) {
    return new RecordSet(name, type, ttl, records, null, RoutingPolicy.SIMPLE, null, null);
  }

  /** A routed record set with records (not an alias). */
  public static RecordSet routed(
      String name,
      String type,
      long ttl,
      List<String> records,
      String setIdentifier,
      RoutingPolicy routing,
      String healthCheckId) {
    return new RecordSet(name, type, ttl, records, setIdentifier, routing, healthCheckId, null);
  }

  public RecordSetKey key() {
    return new RecordSetKey(name, type, setIdentifier);
  }

  /** True for a member of a routed group (it has a set identifier and a policy). */
  public boolean isRouted() {
    return setIdentifier != null;
  }
}
