package io.isthmus.admin.limits;

/**
 * The limits of a zone file import ({@code POST /v1/hostedzones/{id}/import}, docs/api.md "Zone
 * files"), which replace the ordinary body limit ({@link AdminLimits#maxBodyBytes}) and the
 * 1,000-record limit of a change batch for that one endpoint. The application provides them from
 * its {@code isthmus.admin.import.*} keys; without them the defaults apply. Immutable.
 *
 * @param maxRecords the most resource records one file may hold
 * @param maxBodyBytes the largest zone file read
 */
public record ImportLimits(long maxRecords, long maxBodyBytes) {
  /** The target zone size: a million records in one import. */
  public static final long DEFAULT_MAX_RECORDS = 1_000_000;

  /**
   * 128 MiB: a million records as BIND writes them ({@code name TTL IN A address}, about 40 bytes a
   * line) measure some 40 MB; the limit leaves room for longer names and TXT data.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 128L * 1024 * 1024;

  public ImportLimits {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("max import records must be at least 1: " + maxRecords);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("max import body size must be positive: " + maxBodyBytes);
    }
  }

  public static ImportLimits defaults() {
    return new ImportLimits(DEFAULT_MAX_RECORDS, DEFAULT_MAX_BODY_BYTES);
  }
}
