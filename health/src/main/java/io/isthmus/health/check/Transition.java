package io.isthmus.health.check;

import java.time.Instant;

/**
 * One entry of a check's history: at {@code at} the check became {@code status} because of {@code
 * reason}. The first entry of a check is its initial status. Immutable.
 */
public record Transition(Instant at, HealthStatus status, String reason) {}
