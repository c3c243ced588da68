package io.isthmus.health;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link HealthSlot} per health check id, beside the configuration snapshot (docs/style.md
 * "State"). {@link #slot} returns the same object for an id for as long as the check exists, across
 * any number of configuration changes, and creates it on first use: the snapshot compiler may ask
 * for a check the monitor has not seen yet, and the monitor adopts that slot when the check
 * arrives. The monitor unlinks the slots of deleted checks; a zone still holding one (only until
 * its next compile) reads healthy. Thread-safe.
 */
public final class HealthTable {
  private final ConcurrentHashMap<String, HealthSlot> slots = new ConcurrentHashMap<>();

  public HealthSlot slot(String checkId) {
    return slots.computeIfAbsent(checkId, id -> new HealthSlot());
  }

  public int size() {
    return slots.size();
  }

  /** Unlinks every slot whose id is not in {@code ids}; the unlinked slots are reset to healthy. */
  void retainOnly(Set<String> ids) {
    slots
        .entrySet()
        .removeIf(
            entry -> {
              if (ids.contains(entry.getKey())) {
                return false;
              }
              entry.getValue().set(true);
              return true;
            });
  }
}
