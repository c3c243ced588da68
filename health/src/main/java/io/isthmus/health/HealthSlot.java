package io.isthmus.health;

/**
 * The current health of one check as the query path reads it: one volatile boolean. The monitor
 * writes it once per status change; a compiled zone holds the slot object itself, so a flip shows
 * on the next query without a lookup or a rebuild (docs/style.md "State"). A slot not (yet) written
 * by a check is healthy, as a record set without a usable check is. Thread-safe.
 */
public final class HealthSlot {
  private volatile boolean healthy = true;

  public boolean healthy() {
    return healthy;
  }

  void set(boolean healthy) {
    this.healthy = healthy;
  }

  @Override
  public String toString() {
    return healthy ? "HealthSlot[healthy]" : "HealthSlot[unhealthy]";
  }
}
