package io.isthmus.admin.healthchecks;

/**
 * The metric store refuses points because a bound of the account would be exceeded. The API answers
 * 400 {@code LimitExceeded} with this message, so it should say which limit and its value.
 */
public class MetricLimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MetricLimitExceeded(String message) {
    super(message);
  }
}
