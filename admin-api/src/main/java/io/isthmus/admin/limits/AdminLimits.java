package io.isthmus.admin.limits;

/**
 * The admin API's request limits (docs/api.md "Limits"). The application provides them from its
 * {@code isthmus.admin.*} keys; without them the defaults apply. Immutable.
 *
 * @param account each account's bucket: its token's requests
 * @param operator the operator token's bucket
 * @param unauthenticated each client address's bucket for requests without a known token
 * @param maxTrackedClients buckets kept per kind of caller; beyond, new callers share one bucket
 * @param maxBodyBytes the largest request body read
 */
public record AdminLimits(
    RateLimit account,
    RateLimit operator,
    RateLimit unauthenticated,
    int maxTrackedClients,
    long maxBodyBytes) {

  /**
   * Route 53 allows 5 requests per second per account; automation against a self-hosted server may
   * be busier, so an account gets ten times that with a burst of 100. The operator, one token that
   * manages every account, gets four times an account's. A client without a valid token gets a few
   * attempts a second: enough for a typo, too few to hammer the token look-up.
   */
  public static final RateLimit DEFAULT_ACCOUNT = new RateLimit(50, 100);

  public static final RateLimit DEFAULT_OPERATOR = new RateLimit(200, 400);
  public static final RateLimit DEFAULT_UNAUTHENTICATED = new RateLimit(5, 20);
  public static final int DEFAULT_MAX_TRACKED_CLIENTS = 10_000;

  /**
   * 1 MiB: a change batch of 1000 changes (the most records one batch may carry), each with a
   * 198-character name, and a 256-character comment measures 284 kB (LargestChangeBatchTest), so
   * the largest legitimate body fits more than three times over.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public AdminLimits {
    if (account == null || operator == null || unauthenticated == null) {
      throw new IllegalArgumentException("every rate limit is required");
    }
    if (maxTrackedClients < 1) {
      throw new IllegalArgumentException(
          "max tracked clients must be at least 1: " + maxTrackedClients);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("max body size must be positive: " + maxBodyBytes);
    }
  }

  public static AdminLimits defaults() {
    return new AdminLimits(
        DEFAULT_ACCOUNT,
        DEFAULT_OPERATOR,
        DEFAULT_UNAUTHENTICATED,
        DEFAULT_MAX_TRACKED_CLIENTS,
        DEFAULT_MAX_BODY_BYTES);
  }
}
