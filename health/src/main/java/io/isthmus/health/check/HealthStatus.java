package io.isthmus.health.check;

/** What a health check says about its target, as {@code status} in the API shows it. */
public enum HealthStatus {
  HEALTHY,
  UNHEALTHY;

  public static HealthStatus of(boolean healthy) {
    return healthy ? HEALTHY : UNHEALTHY;
  }

  public boolean healthy() {
    return this == HEALTHY;
  }

  public HealthStatus inverted() {
    return this == HEALTHY ? UNHEALTHY : HEALTHY;
  }

  /** "healthy" / "unhealthy", for reasons and log lines. */
  public String word() {
    return this == HEALTHY ? "healthy" : "unhealthy";
  }
}
