package io.isthmus.config;

import java.util.Collection;
import java.util.List;

/**
 * The statuses the health leader decided, kept in the shared store so that every node answers
 * failover records from the same statuses, and a new leader starts from them instead of from
 * scratch (so a takeover never flips a status). Not configuration: saving neither bumps the
 * configuration version nor wakes the configuration's listeners. Thread-safe.
 */
public interface HealthStatusStore {

  /**
   * Inserts or replaces the given statuses in one transaction, then tells the other nodes (on
   * PostgreSQL, a NOTIFY on {@link #CHANNEL}). Statuses of checks not listed are left as they are.
   *
   * @throws StoreException if the database cannot be reached; nothing is saved
   */
  void save(List<StoredHealthStatus> statuses);

  /** Every saved status, in check id order. */
  List<StoredHealthStatus> statuses();

  /** Deletes the statuses of checks that no longer exist. */
  void retainOnly(Collection<String> checkIds);

  /** The PostgreSQL notification channel a save notifies. */
  String CHANNEL = "isthmus_health";
}
