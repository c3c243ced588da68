package io.isthmus.zone;

import io.isthmus.config.RecordSet;

/**
 * One change of a change batch as the client sent it. {@code action} is "CREATE", "DELETE" or
 * "UPSERT"; it and {@code rrset} are validated by {@link ChangeBatch#apply}, so either may be null
 * or invalid here. Immutable.
 */
public record RecordChange(String action, RecordSetSpec rrset) {

  /** A change that sends a valid record set as it is. */
  public RecordChange(String action, RecordSet rrset) {
    this(action, rrset == null ? null : RecordSetSpec.of(rrset));
  }
}
