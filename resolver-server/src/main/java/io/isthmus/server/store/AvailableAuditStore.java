package io.isthmus.server.store;

import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditRecord;
import io.isthmus.config.AuditStore;
import java.time.Instant;
import java.util.List;

/** The audit trail through the {@link StoreConnection}: fails fast while the store is away. */
final class AvailableAuditStore implements AuditStore {
  private final StoreConnection connection;

  AvailableAuditStore(StoreConnection connection) {
    this.connection = connection;
  }

  @Override
  public void append(AuditEvent event) {
    connection.call(
        store -> {
          store.auditStore().append(event);
          return null;
        });
  }

  @Override
  public List<AuditRecord> find(long afterSequence, Instant since, String caller, int limit) {
    return connection.call(store -> store.auditStore().find(afterSequence, since, caller, limit));
  }

  @Override
  public int prune(Instant olderThan, long keep) {
    return connection.call(store -> store.auditStore().prune(olderThan, keep));
  }
}
