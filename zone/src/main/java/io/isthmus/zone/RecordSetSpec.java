package io.isthmus.zone;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingFields;
import java.util.List;

/**
 * A record set as a client sent it in a change: every field may be null or invalid, and its routing
 * policy is still in the API's spelling ({@link RoutingFields}). {@link ChangeBatch} validates it
 * and turns it into a {@link RecordSet}. Immutable.
 */
public record RecordSetSpec(
    String name,
    String type,
    Long ttl,
    List<String> records,
    String setIdentifier,
    RoutingFields routing,
    String healthCheckId,
    AliasTarget aliasTarget) {

  public RecordSetSpec {
    records = records == null ? List.of() : List.copyOf(records);
    routing = routing == null ? RoutingFields.NONE : routing;
  }

  /** The spec that a client repeats to delete or resend {@code rrset}. */
  public static RecordSetSpec of(RecordSet rrset) {
    return new RecordSetSpec(
        rrset.name(),
        rrset.type(),
        rrset.ttl(),
        rrset.records(),
        rrset.setIdentifier(),
        RoutingFields.of(rrset.routing()),
        rrset.healthCheckId(),
        rrset.aliasTarget());
  }

  RecordSetKey key() {
    return new RecordSetKey(name, type, setIdentifier);
  }

  /**
   * The record set this spec describes, once {@link ChangeBatch} found no error in it.
   *
   * @throws IllegalArgumentException if its routing fields do not spell one policy
   */
  RecordSet toRecordSet() {
    return new RecordSet(
        name, type, ttl, records, setIdentifier, routing.toPolicy(), healthCheckId, aliasTarget);
  }
}
