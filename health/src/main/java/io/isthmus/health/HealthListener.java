package io.isthmus.health;

import io.isthmus.health.check.HealthStatus;

/**
 * Told of every status change of every check, so the application can count them (Micrometer) and
 * flapping shows. Called on the thread that observed the change (the scheduler or a probe
 * callback), outside any lock of the monitor; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface HealthListener {
  HealthListener NONE = (checkId, from, to, reason) -> {};

  void onTransition(String checkId, HealthStatus from, HealthStatus to, String reason);
}
