package io.isthmus.config;

import java.time.Instant;
import java.util.List;

/**
 * The audit trail of the admin API, kept in the configuration database so that it survives a
 * restart and is shared by every node on the store.
 *
 * <p>Audit records are not configuration: appending or pruning them neither bumps the configuration
 * version, nor waits for configuration writers, nor wakes the store's listeners, so auditing never
 * causes a snapshot to be rebuilt. Thread-safe.
 */
public interface AuditStore {

  /**
   * Appends one record. Times are kept to the microsecond, and the times of {@link #find} and
   * {@link #prune} are compared at that precision.
   *
   * @throws StoreException if the database cannot be reached
   */
  void append(AuditEvent event);

  /**
   * Records in sequence order, after {@code afterSequence}, at or after {@code since} (null: any
   * time) and by {@code caller} (null: any caller), at most {@code limit} of them.
   *
   * @throws StoreException if the database cannot be reached
   */
  List<AuditRecord> find(long afterSequence, Instant since, String caller, int limit);

  /**
   * Deletes the records older than {@code olderThan} and all but the newest {@code keep}.
   *
   * @return how many records were deleted
   * @throws StoreException if the database cannot be reached
   */
  int prune(Instant olderThan, long keep);
}
