package io.isthmus.config;

import java.time.Instant;

/**
 * A committed configuration change. {@code version} is the configuration version the change
 * produced: a node whose snapshot was compiled from this version or later serves it. Immutable.
 */
public record Change(String id, long version, Instant submittedAt, String comment) {}
