package io.isthmus.health.alarm;

import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.metric.DataPoint;
import java.time.Instant;
import java.util.List;

/**
 * Evaluates a metric alarm the way CloudWatch does (docs/spec/health.md "The metric alarm"): time
 * is cut into periods aligned to multiples of {@code periodSeconds} since the epoch; the current,
 * incomplete period does not count; each of the last N complete periods gets the statistic over its
 * points or is missing. With B breaching and D with data: ALARM when B ≥ M; OK when B + (N − D) < M
 * (even if every missing period breached, it could not alarm); otherwise INSUFFICIENT_DATA.
 *
 * <p>A pure function of (alarm, points, now): no state, no clock, thread-safe.
 */
public final class AlarmEvaluator {
  private AlarmEvaluator() {}

  /** The time range the alarm looks at, at {@code now}: the last N complete periods. */
  public static Window window(MetricAlarm alarm, Instant now) {
    long periodMillis = periodMillis(alarm);
    long end = Math.floorDiv(now.toEpochMilli(), periodMillis) * periodMillis;
    long start = end - periodMillis * periods(alarm);
    return new Window(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
  }

  /** When the period that contains {@code now} completes: the next time the alarm can change. */
  public static Instant nextBoundary(MetricAlarm alarm, Instant now) {
    long periodMillis = periodMillis(alarm);
    return Instant.ofEpochMilli(
        (Math.floorDiv(now.toEpochMilli(), periodMillis) + 1) * periodMillis);
  }

  /**
   * How far back an alarm needs points: its N periods plus the current, incomplete one (which
   * becomes the newest complete period at the next boundary).
   */
  public static long lookBackSeconds(MetricAlarm alarm) {
    return (long) alarm.periodSeconds() * (periods(alarm) + 1L);
  }

  /**
   * @param points any points of the alarm's series, in any order; those outside the window are
   *     ignored
   */
  public static AlarmEvaluation evaluate(MetricAlarm alarm, List<DataPoint> points, Instant now) {
    int n = periods(alarm);
    int m = datapointsToAlarm(alarm, n);
    long periodMillis = periodMillis(alarm);
    long end = Math.floorDiv(now.toEpochMilli(), periodMillis) * periodMillis;
    long start = end - periodMillis * n;

    // Index 0 is the newest complete period.
    int[] counts = new int[n];
    double[] sums = new double[n];
    double[] mins = new double[n];
    double[] maxs = new double[n];
    for (DataPoint point : points) {
      long t = point.timestamp().toEpochMilli();
      if (t < start || t >= end) {
        continue;
      }
      int i = (int) ((end - 1 - t) / periodMillis);
      double v = point.value();
      if (counts[i] == 0) {
        mins[i] = v;
        maxs[i] = v;
      } else {
        mins[i] = Math.min(mins[i], v);
        maxs[i] = Math.max(maxs[i], v);
      }
      counts[i]++;
      sums[i] += v;
    }

    int breaching = 0;
    int withData = 0;
    for (int i = 0; i < n; i++) {
      if (counts[i] == 0) {
        continue;
      }
      withData++;
      double value = statistic(alarm.statistic(), counts[i], sums[i], mins[i], maxs[i]);
      if (alarm.comparison().breaches(value, alarm.threshold())) {
        breaching++;
      }
    }
    int missing = n - withData;
    AlarmState state;
    if (breaching >= m) {
      state = AlarmState.ALARM;
    } else if (breaching + missing < m) {
      state = AlarmState.OK;
    } else {
      state = AlarmState.INSUFFICIENT_DATA;
    }
    return new AlarmEvaluation(
        state, breaching, withData, n, reason(alarm, breaching, n, m, missing));
  }

  static double statistic(Statistic statistic, int count, double sum, double min, double max) {
    return switch (statistic) {
      case AVERAGE -> sum / count;
      case SUM -> sum;
      case MINIMUM -> min;
      case MAXIMUM -> max;
      case SAMPLE_COUNT -> count;
    };
  }

  // String concatenation, not String.format: this runs for every METRIC check every period.
  private static String reason(MetricAlarm alarm, int breaching, int n, int m, int missing) {
    StringBuilder reason =
        new StringBuilder(64)
            .append(breaching)
            .append(" of ")
            .append(n)
            .append(n == 1 ? " period " : " periods ")
            .append(alarm.statistic().label())
            .append(' ')
            .append(alarm.comparison().symbol())
            .append(' ')
            .append(number(alarm.threshold()))
            .append(", ")
            .append(missing)
            .append(" missing");
    if (m != n) {
      reason.append(" (alarm at ").append(m).append(')');
    }
    return reason.toString();
  }

  /** 0.5 → "0.5", 80.0 → "80": thresholds read as the operator typed them. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static int periods(MetricAlarm alarm) {
    return Math.max(1, alarm.evaluationPeriods());
  }

  /**
   * M; 0 (or out of range) stands for the default, N (docs/spec/health.md). The API rejects M > N.
   */
  private static int datapointsToAlarm(MetricAlarm alarm, int n) {
    int m = alarm.datapointsToAlarm();
    return m < 1 ? n : Math.min(m, n);
  }

  private static long periodMillis(MetricAlarm alarm) {
    return Math.max(1, alarm.periodSeconds()) * 1000L;
  }

  /** A time range [from, to). Immutable. */
  public record Window(Instant from, Instant to) {}
}
