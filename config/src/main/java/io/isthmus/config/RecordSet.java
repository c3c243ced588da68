package io.isthmus.config;

import java.util.List;

/**
 * One record set of a hosted zone as the API and the store see it. {@code name} is normalized
 * (absolute, lower case, trailing dot); {@code type} is the mnemonic in upper case ("A", "MX");
 * {@code records} hold RDATA in zone-file presentation format. The routing fields are null for a
 * simple record set. Immutable.
 */
public record RecordSet(
    String name,
    String type,
    Long ttl,
    List<String> records,
    String setIdentifier,
    String failover,
    Integer weight,
    Boolean multiValueAnswer,
    String region,
    String healthCheckId,
    AliasTarget aliasTarget) {

  public RecordSet {
    records = records == null ? List.of() : List.copyOf(records);
  }

  /** A simple (non-routed) record set. */
  public static RecordSet simple(String name, String type, long ttl, List<String> records) {
    return new RecordSet(name, type, ttl, records, null, null, null, null, null, null, null);
  }

  public RecordSetKey key() {
    return new RecordSetKey(name, type, setIdentifier);
  }

  /** True when any routing field is set (failover, weight, multivalue, region). */
  public boolean isRouted() {
    return setIdentifier != null
        || failover != null
        || weight != null
        || multiValueAnswer != null
        || region != null;
  }
}
