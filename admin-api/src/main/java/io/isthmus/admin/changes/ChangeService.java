package io.isthmus.admin.changes;

import io.isthmus.admin.AppliedVersion;
import io.isthmus.admin.Ids;
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
 * Records changes and reports their status. Any authenticated caller may read a change by id: the
 * store keeps no owner for it, and its random id, status, time and comment are all it reveals
 * (Route 53's GetChange likewise takes only the id). Thread-safe.
 *
 * <p>A change is INSYNC once every running resolver node serves it (resolution.md section 8): every
 * node of the {@link NodeRegistry} seen within {@link RegisteredNode#LIVENESS_WINDOW} must report a
 * snapshot generation at or past the change's version; the others are its {@code pendingNodes}. A
 * node that stopped beating stops being waited for once the window has passed. With no live node
 * registered (a fresh single node before its first beat, or an application that provides no
 * registry) this node's {@link AppliedVersion} decides alone.
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
   * Records a change in the running write transaction. Times are kept to the millisecond, as Route
   * 53 reports them, so the stored and the returned time agree.
   */
  public ChangeInfo record(ConfigWriter writer, String comment) {
    String id = Ids.unique(Ids::changeId, candidate -> writer.change(candidate).isPresent());
    return info(writer.recordChange(id, clock.instant().truncatedTo(ChronoUnit.MILLIS), comment));
  }

  public ChangeInfo get(String changeId) {
    return store
        .change(changeId)
        .map(this::info)
        .orElseThrow(
            () -> ApiException.notFound("NoSuchChange", "No change with id " + changeId + "."));
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
