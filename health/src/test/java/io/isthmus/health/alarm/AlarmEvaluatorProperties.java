package io.isthmus.health.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.metric.DataPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The evaluator against a literal reading of docs/spec/health.md, on random alarms and points. */
class AlarmEvaluatorProperties {
  static final long NOW_MILLIS = Instant.parse("2024-01-01T12:00:00Z").toEpochMilli();

  @Property
  void agreesWithTheDefinition(
      @ForAll("alarms") MetricAlarm alarm,
      @ForAll("points") List<DataPoint> points,
      @ForAll @LongRange(min = 0, max = 3_600_000) long nowOffsetMillis) {
    Instant now = Instant.ofEpochMilli(NOW_MILLIS + nowOffsetMillis);

    assertThat(AlarmEvaluator.evaluate(alarm, points, now).state())
        .isEqualTo(byTheBook(alarm, points, now));
  }

  @Property
  void theOrderOfPointsDoesNotMatter(
      @ForAll("alarms") MetricAlarm alarm,
      @ForAll("points") List<DataPoint> points,
      @ForAll long seed) {
    Instant now = Instant.ofEpochMilli(NOW_MILLIS);
    List<DataPoint> shuffled = new ArrayList<>(points);
    Collections.shuffle(shuffled, new Random(seed));

    assertThat(AlarmEvaluator.evaluate(alarm, shuffled, now))
        .isEqualTo(AlarmEvaluator.evaluate(alarm, points, now));
  }

  @Property
  void pointsOfTheCurrentPeriodNeverCount(
      @ForAll("alarms") MetricAlarm alarm,
      @ForAll("points") List<DataPoint> points,
      @ForAll @IntRange(min = 0, max = 1000) int valueSeed) {
    Instant now = Instant.ofEpochMilli(NOW_MILLIS + 1);
    AlarmEvaluator.Window window = AlarmEvaluator.window(alarm, now);
    List<DataPoint> more = new ArrayList<>(points);
    more.add(new DataPoint(window.to(), valueSeed));
    more.add(new DataPoint(now, -valueSeed));

    assertThat(AlarmEvaluator.evaluate(alarm, more, now))
        .isEqualTo(AlarmEvaluator.evaluate(alarm, points, now));
  }

  /**
   * docs/spec/health.md, read literally: one period at a time, no shared arithmetic with the
   * evaluator.
   */
  static AlarmState byTheBook(MetricAlarm alarm, List<DataPoint> points, Instant now) {
    long period = alarm.periodSeconds() * 1000L;
    long currentStart = now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), period);
    int n = alarm.evaluationPeriods();
    int m = alarm.datapointsToAlarm();
    int breaching = 0;
    int withData = 0;
    for (int k = 1; k <= n; k++) {
      long from = currentStart - k * period;
      long to = from + period;
      DoubleSummaryStatistics stats =
          points.stream()
              .filter(
                  p -> p.timestamp().toEpochMilli() >= from && p.timestamp().toEpochMilli() < to)
              .mapToDouble(DataPoint::value)
              .summaryStatistics();
      if (stats.getCount() == 0) {
        continue;
      }
      withData++;
      double value =
          Map.of(
                  Statistic.AVERAGE, stats.getAverage(),
                  Statistic.SUM, stats.getSum(),
                  Statistic.MINIMUM, stats.getMin(),
                  Statistic.MAXIMUM, stats.getMax(),
                  Statistic.SAMPLE_COUNT, (double) stats.getCount())
              .get(alarm.statistic());
      if (alarm.comparison().breaches(value, alarm.threshold())) {
        breaching++;
      }
    }
    if (breaching >= m) {
      return AlarmState.ALARM;
    }
    if (breaching + (n - withData) < m) {
      return AlarmState.OK;
    }
    return AlarmState.INSUFFICIENT_DATA;
  }

  @Provide
  Arbitrary<MetricAlarm> alarms() {
    Arbitrary<Integer> periods = Arbitraries.of(1, 10, 60, 300);
    Arbitrary<Integer> n = Arbitraries.integers().between(1, 5);
    return Combinators.combine(
            periods,
            n,
            Arbitraries.integers().between(1, 5),
            Arbitraries.of(Statistic.class),
            Arbitraries.of(Comparison.class),
            Arbitraries.integers().between(0, 10))
        .as(
            (period, evaluationPeriods, m, statistic, comparison, threshold) ->
                new MetricAlarm(
                    "App",
                    "M",
                    Map.of(),
                    statistic,
                    period,
                    evaluationPeriods,
                    Math.min(m, evaluationPeriods),
                    comparison,
                    threshold));
  }

  /** Values are small integers (exact sums), around now ± 30 min so that every period can fill. */
  @Provide
  Arbitrary<List<DataPoint>> points() {
    Arbitrary<DataPoint> point =
        Combinators.combine(
                Arbitraries.longs().between(-1_800_000, 3_600_000),
                Arbitraries.integers().between(0, 10))
            .as((offset, value) -> new DataPoint(Instant.ofEpochMilli(NOW_MILLIS + offset), value));
    return point.list().ofMaxSize(60);
  }
}
