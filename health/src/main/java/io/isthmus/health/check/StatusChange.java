package io.isthmus.health.check;

import java.time.Instant;

/** A check went from one status to the other. Immutable. */
public record StatusChange(
    String checkId, HealthStatus from, HealthStatus to, String reason, Instant at) {}
