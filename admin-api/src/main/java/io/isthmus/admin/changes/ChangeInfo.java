package io.isthmus.admin.changes;

import java.time.Instant;

/**
 * A change as clients see it (Route 53's ChangeInfo): {@code INSYNC} once this node serves the
 * configuration version the change produced, {@code PENDING} before. Immutable.
 */
public record ChangeInfo(String id, Status status, Instant submittedAt, String comment) {
  public enum Status {
    PENDING,
    INSYNC
  }
}
