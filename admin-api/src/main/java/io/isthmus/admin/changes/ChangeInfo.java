package io.isthmus.admin.changes;

import io.isthmus.admin.lint.LintWarning;
import java.time.Instant;
import java.util.List;

/**
 * A change as clients see it (Route 53's ChangeInfo): {@code INSYNC} once every running resolver
 * node serves the configuration version the change produced, {@code PENDING} before, with the ids
 * of the nodes that do not serve it yet in {@code pendingNodes} (see {@link ChangeService}). {@code
 * warnings} are the lint findings of the request that made the change, empty when it is read back
 * later. Immutable.
 */
public record ChangeInfo(
    String id,
    Status status,
    Instant submittedAt,
    String comment,
    List<String> pendingNodes,
    List<LintWarning> warnings) {
  public enum Status {
    PENDING,
    INSYNC
  }

  public ChangeInfo {
    pendingNodes = List.copyOf(pendingNodes);
    warnings = List.copyOf(warnings);
  }

  /** The same change with these warnings. */
  public ChangeInfo withWarnings(List<LintWarning> newWarnings) {
    return new ChangeInfo(id, status, submittedAt, comment, pendingNodes, newWarnings);
  }
}
