package io.isthmus.admin.healthchecks;

import java.time.Instant;

/**
 * One validated data point of a metric: a finite value at a time within the retention and not more
 * than the allowed skew ahead of the clock. Immutable.
 */
public record MetricPoint(Instant timestamp, double value) {}
