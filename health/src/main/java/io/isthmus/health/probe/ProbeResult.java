package io.isthmus.health.probe;

/**
 * One probe's outcome, with what happened in words ("connection refused", "HTTP 503"). Immutable.
 */
public record ProbeResult(boolean success, String detail) {
  public static ProbeResult success(String detail) {
    return new ProbeResult(true, detail);
  }

  public static ProbeResult failure(String detail) {
    return new ProbeResult(false, detail);
  }
}
