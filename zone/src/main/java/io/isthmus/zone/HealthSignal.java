package io.isthmus.zone;

/**
 * The current health of one health check, as the query path reads it: one volatile read, never a
 * lock or a lookup (docs/style.md "State"). A compiled zone holds the signal of every check its
 * routed record sets name, so a health flip shows on the next query without recompiling anything.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface HealthSignal {
  /**
   * The signal of a record set without a health check: always healthy (docs/spec/resolution.md
   * section 4).
   */
  HealthSignal ALWAYS_HEALTHY = () -> true;

  boolean healthy();
}
