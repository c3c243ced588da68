package io.isthmus.admin.changes;

import io.isthmus.admin.AppliedVersion;
import io.isthmus.admin.Ids;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Change;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Service;

/**
 * Records changes and reports their status. Any authenticated caller may read a change by id: the
 * store keeps no owner for it, and its random id, status, time and comment are all it reveals
 * (Route 53's GetChange likewise takes only the id). Thread-safe.
 */
@Service
public class ChangeService {
  private final ConfigReader store;
  private final AppliedVersion appliedVersion;
  private final Clock clock;

  public ChangeService(ConfigReader store, AppliedVersion appliedVersion, Clock clock) {
    this.store = store;
    this.appliedVersion = appliedVersion;
    this.clock = clock;
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
    ChangeInfo.Status status =
        appliedVersion.appliedVersion() >= change.version()
            ? ChangeInfo.Status.INSYNC
            : ChangeInfo.Status.PENDING;
    return new ChangeInfo(change.id(), status, change.submittedAt(), change.comment());
  }
}
