package io.isthmus.health.check;

/**
 * A CALCULATED check (docs/spec/health.md): healthy when at least {@code healthThreshold} of its
 * children are healthy; a threshold of 0 is always healthy, one above the number of children always
 * unhealthy. Pure function; thread-safe.
 */
public final class CalculatedRule {
  private CalculatedRule() {}

  public static Observation observe(int healthyChildren, int children, int healthThreshold) {
    if (healthThreshold <= 0) {
      return Observation.healthy("health threshold 0: always healthy");
    }
    if (healthThreshold > children) {
      return Observation.unhealthy(
          "health threshold "
              + healthThreshold
              + " exceeds the "
              + children
              + " child checks: always unhealthy");
    }
    String reason =
        healthyChildren
            + " of "
            + children
            + " child checks healthy (threshold "
            + healthThreshold
            + ")";
    return healthyChildren >= healthThreshold
        ? Observation.healthy(reason)
        : Observation.unhealthy(reason);
  }
}
