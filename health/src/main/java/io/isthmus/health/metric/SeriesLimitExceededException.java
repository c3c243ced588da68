package io.isthmus.health.metric;

/**
 * A push would create one series more than an account may hold (the API answers 400 {@code
 * LimitExceeded}). Thrown before anything of the push is stored.
 */
public final class SeriesLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String accountId;
  private final int limit;

  public SeriesLimitExceededException(String accountId, int limit) {
    super("account " + accountId + " already has the maximum of " + limit + " metric series");
    this.accountId = accountId;
    this.limit = limit;
  }

  public String accountId() {
    return accountId;
  }

  public int limit() {
    return limit;
  }
}
