package io.isthmus.admin.limits;

/**
 * A token bucket's shape: {@code requestsPerSecond} is the refill rate, {@code burst} how many
 * requests a full bucket admits at once. Immutable.
 */
public record RateLimit(double requestsPerSecond, int burst) {
  public RateLimit {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requests per second must be a positive number: " + requestsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
  }
}
