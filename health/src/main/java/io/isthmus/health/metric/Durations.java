package io.isthmus.health.metric;

import java.time.Duration;

/** Durations as reasons and error messages show them ("24 h", "5 min", "90 s"). */
public final class Durations {
  private Durations() {}

  public static String words(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds >= 3600 && seconds % 3600 == 0) {
      return seconds / 3600 + " h";
    }
    if (seconds >= 60 && seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }
}
