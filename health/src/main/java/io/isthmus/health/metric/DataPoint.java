package io.isthmus.health.metric;

import java.time.Instant;

/**
 * One value of a metric at one instant. Immutable.
 *
 * @param timestamp when the value was observed; on input to {@link MetricStore#put} null means
 *     "now" (docs/spec/admin-api.md: an absent timestamp is the time of the call)
 */
public record DataPoint(Instant timestamp, double value) {}
