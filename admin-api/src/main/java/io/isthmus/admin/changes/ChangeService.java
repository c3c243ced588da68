package io.isthmus.admin.changes;

import io.isthmus.admin.AppliedVersion;
import io.isthmus.admin.Ids;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Change;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.RegisteredNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Records changes and reports their status. A change belongs to the account on whose behalf it was
 * submitted: the account whose token made the request, whichever account owns the zone it touched.
 * So across accounts each side reads the changes it made itself: the VPC owner the association it
 * made with another account's zone, the zone owner (or the VPC owner) the disassociation it made.
 * The operator reads every change; a change made on behalf of no account (the operator's, or one
 * recorded before changes had owners) is the operator's alone. To anyone else a change does not
 * exist: the same {@code 404 NoSuchChange} as an id that names nothing (docs/spec/admin-api.md
 * "Conventions", {@link Visibility}), since its comment is the submitter's words and its time and
 * status tell when another account is working. Thread-safe.
 *
 * <p>A change is INSYNC once every running resolver node serves it (docs/spec/resolution.md section
 * 8): every node of the {@link NodeRegistry} seen within {@link RegisteredNode#LIVENESS_WINDOW}
 * must report a snapshot generation at or past the change's version; the others are its {@code
 * pendingNodes}. A node that stopped beating stops being waited for once the window has passed.
 * With no live node registered (a fresh single node before its first beat, or an application that
 * provides no registry) this node's {@link AppliedVersion} decides alone.
 */
@Service
public class ChangeService {
  private final ConfigReader store;
  private final AppliedVersion appliedVersion;
  private final Clock clock;
  private final ObjectProvider<NodeRegistry> nodes;

  public ChangeService(
      ConfigReader store,
      AppliedVersion appliedVersion,
      Clock clock,
      ObjectProvider<NodeRegistry> nodes) {
    this.store = store;
    this.appliedVersion = appliedVersion;
    this.clock = clock;
    this.nodes = nodes;
  }

  /**
   * Records a change made by {@code caller} in the running write transaction, owned by the caller's
   * account (by none for the operator). Times are kept to the millisecond, as Route 53 reports
   * them, so the stored and the returned time agree.
   */
  public ChangeInfo record(ConfigWriter writer, Caller caller, String comment) {
    String id = Ids.unique(Ids::changeId, candidate -> writer.change(candidate).isPresent());
    String owner = caller instanceof Caller.Member member ? member.account().id() : null;
    return info(
        writer.recordChange(id, clock.instant().truncatedTo(ChronoUnit.MILLIS), comment, owner));
  }

  /** The change if the caller may read it: its owner's or the operator's; 404 otherwise. */
  public ChangeInfo get(Caller caller, String changeId) {
    Change change =
        Visibility.readable(
            store.change(changeId),
            Change::ownerAccountId,
            caller,
            () -> ApiException.notFound("NoSuchChange", "No change with id " + changeId + "."));
    return info(change);
  }

  private ChangeInfo info(Change change) {
    List<RegisteredNode> live = liveNodes();
    List<String> pending;
    if (live.isEmpty()) {
      pending = List.of();
      if (appliedVersion.appliedVersion() < change.version()) {
        return info(change, ChangeInfo.Status.PENDING, pending);
      }
    } else {
      pending =
          live.stream()
              .filter(node -> node.snapshotGeneration() < change.version())
              .map(RegisteredNode::nodeId)
              .toList();
    }
    return info(
        change, pending.isEmpty() ? ChangeInfo.Status.INSYNC : ChangeInfo.Status.PENDING, pending);
  }

  private static ChangeInfo info(Change change, ChangeInfo.Status status, List<String> pending) {
    return new ChangeInfo(
        change.id(), status, change.submittedAt(), change.comment(), pending, List.of());
  }

  /** The registered nodes seen recently, in node id order; none without a registry. */
  private List<RegisteredNode> liveNodes() {
    NodeRegistry registry = nodes.getIfAvailable();
    if (registry == null) {
      return List.of();
    }
    Instant now = clock.instant();
    return registry.nodes().stream().filter(node -> node.isLive(now)).toList();
  }
}
