package io.isthmus.server.health;

import io.isthmus.health.HealthTable;
import io.isthmus.zone.HealthSignal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health table seen through the query path's {@link HealthSignal}: one adapter per check id,
 * the same object on every call, so the snapshot compiler sees an unchanged zone's signals as
 * unchanged and reuses the compiled zone. Thread-safe.
 */
public final class HealthSignals {
  private final HealthTable table;
  private final Map<String, HealthSignal> signals = new ConcurrentHashMap<>();

  public HealthSignals(HealthTable table) {
    this.table = table;
  }

  public HealthSignal signal(String checkId) {
    return signals.computeIfAbsent(checkId, id -> table.slot(id)::healthy);
  }

  /** Forgets the adapters of checks that no longer exist (health check ids are never reused). */
  void retainOnly(Set<String> checkIds) {
    signals.keySet().retainAll(checkIds);
  }
}
