package io.isthmus.admin.audit;

import java.time.Duration;

/**
 * How long the audit trail keeps records: none older than {@code maxAge}, at most {@code
 * maxRecords}. The application provides it from {@code isthmus.admin.audit.*}; without it the
 * defaults apply. Immutable.
 */
public record AuditRetention(Duration maxAge, long maxRecords) {
  /** CloudTrail's event history looks back 90 days; so does this trail by default. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(90);

  /** A million records of a few hundred bytes each: a few hundred MB at most. */
  public static final long DEFAULT_MAX_RECORDS = 1_000_000;

  public AuditRetention {
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the audit max age must be positive: " + maxAge);
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("the audit max records must be at least 1: " + maxRecords);
    }
  }

  public static AuditRetention defaults() {
    return new AuditRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_RECORDS);
  }
}
