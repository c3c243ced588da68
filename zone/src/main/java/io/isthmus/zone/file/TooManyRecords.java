package io.isthmus.zone.file;

/**
 * A master file holds more records than the reader was allowed to read; reading stopped there.
 * Immutable.
 */
public final class TooManyRecords extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long maxRecords;

  public TooManyRecords(long maxRecords) {
    // No stack trace: an expected outcome of a request.
    super("the zone file holds more than " + maxRecords + " records", null, false, false);
    this.maxRecords = maxRecords;
  }

  public long maxRecords() {
    return maxRecords;
  }
}
