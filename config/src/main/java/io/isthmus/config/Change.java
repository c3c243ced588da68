package io.isthmus.config;

import java.time.Instant;

/**
 * A committed configuration change. {@code version} is the configuration version the change
 * produced: a node whose snapshot was compiled from this version or later serves it. {@code
 * ownerAccountId} is the account on whose behalf the change was submitted, the one account that may
 * read it back; null for a change that only the operator may read (one submitted on behalf of no
 * account, or recorded before changes had owners). Immutable.
 */
public record Change(
    String id, long version, Instant submittedAt, String comment, String ownerAccountId) {}
