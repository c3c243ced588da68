package io.isthmus.health.alarm;

import static io.isthmus.health.Checks.alarm;
import static io.isthmus.health.Checks.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.InsufficientData;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import io.isthmus.health.check.CheckStatusTracker;
import io.isthmus.health.check.HealthStatus;
import io.isthmus.health.check.Observation;
import io.isthmus.health.metric.DataPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The metric alarm of docs/spec/health.md with a fixed now of 00:10:30: with 60 s periods the
 * current period [00:10, 00:11) does not count; the complete ones are [00:09, 00:10), [00:08,
 * 00:09), ...
 */
class AlarmEvaluatorTest {
  static final Instant NOW = Instant.parse("2024-01-01T00:10:30Z");
  static final Instant CURRENT_PERIOD = Instant.parse("2024-01-01T00:10:00Z");

  /** A point {@code periodsBack} complete periods before the current one, {@code offset} s in. */
  static DataPoint point(int periodsBack, int offsetSeconds, double value) {
    return new DataPoint(
        CURRENT_PERIOD.minusSeconds(60L * periodsBack).plusSeconds(offsetSeconds), value);
  }

  @ParameterizedTest(name = "{0} of 1,2,6 {1} {2} → {3}")
  @CsvSource({
    // Average 3, Sum 9, Minimum 1, Maximum 6, SampleCount 3; each at, above and below its value.
    "AVERAGE,      GREATER_THAN_THRESHOLD,             3,    OK",
    "AVERAGE,      GREATER_THAN_THRESHOLD,             2.99, ALARM",
    "AVERAGE,      GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3,    ALARM",
    "AVERAGE,      GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3.01, OK",
    "AVERAGE,      LESS_THAN_THRESHOLD,                3,    OK",
    "AVERAGE,      LESS_THAN_THRESHOLD,                3.01, ALARM",
    "AVERAGE,      LESS_THAN_OR_EQUAL_TO_THRESHOLD,    3,    ALARM",
    "AVERAGE,      LESS_THAN_OR_EQUAL_TO_THRESHOLD,    2.99, OK",
    "SUM,          GREATER_THAN_THRESHOLD,             8.9,  ALARM",
    "SUM,          GREATER_THAN_THRESHOLD,             9,    OK",
    "SUM,          GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 9,    ALARM",
    "SUM,          LESS_THAN_THRESHOLD,                9,    OK",
    "SUM,          LESS_THAN_OR_EQUAL_TO_THRESHOLD,    9,    ALARM",
    "SUM,          LESS_THAN_OR_EQUAL_TO_THRESHOLD,    8.9,  OK",
    "MINIMUM,      GREATER_THAN_THRESHOLD,             0.5,  ALARM",
    "MINIMUM,      GREATER_THAN_THRESHOLD,             1,    OK",
    "MINIMUM,      GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,    ALARM",
    "MINIMUM,      LESS_THAN_THRESHOLD,                1,    OK",
    "MINIMUM,      LESS_THAN_THRESHOLD,                1.5,  ALARM",
    "MINIMUM,      LESS_THAN_OR_EQUAL_TO_THRESHOLD,    1,    ALARM",
    "MAXIMUM,      GREATER_THAN_THRESHOLD,             5.9,  ALARM",
    "MAXIMUM,      GREATER_THAN_THRESHOLD,             6,    OK",
    "MAXIMUM,      GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 6,    ALARM",
    "MAXIMUM,      LESS_THAN_THRESHOLD,                6,    OK",
    "MAXIMUM,      LESS_THAN_OR_EQUAL_TO_THRESHOLD,    6,    ALARM",
    "MAXIMUM,      LESS_THAN_OR_EQUAL_TO_THRESHOLD,    5.9,  OK",
    "SAMPLE_COUNT, GREATER_THAN_THRESHOLD,             2,    ALARM",
    "SAMPLE_COUNT, GREATER_THAN_THRESHOLD,             3,    OK",
    "SAMPLE_COUNT, GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 3,    ALARM",
    "SAMPLE_COUNT, LESS_THAN_THRESHOLD,                3,    OK",
    "SAMPLE_COUNT, LESS_THAN_THRESHOLD,                4,    ALARM",
    "SAMPLE_COUNT, LESS_THAN_OR_EQUAL_TO_THRESHOLD,    3,    ALARM",
  })
  void everyStatisticWithEveryComparison(
      Statistic statistic, Comparison comparison, double threshold, AlarmState expected) {
    MetricAlarm alarm = alarm(statistic, 60, 1, 1, comparison, threshold);
    List<DataPoint> points = List.of(point(1, 5, 1), point(1, 20, 2), point(1, 59, 6));

    assertThat(AlarmEvaluator.evaluate(alarm, points, NOW).state()).isEqualTo(expected);
  }

  /** Periods oldest to newest: B breaches (value 10 > 5), O does not (value 1), - has no point. */
  @ParameterizedTest(name = "{0} with M={1} of N=3 → {2}")
  @CsvSource({
    "BBB, 3, ALARM",
    "BBO, 3, OK", // 2 + 0 missing < 3
    "BB-, 3, INSUFFICIENT_DATA", // the missing one could complete the alarm
    "O--, 3, OK", // even two breaching missing periods could not make 3
    "BBO, 2, ALARM",
    "OBB, 2, ALARM",
    "BOB, 2, ALARM",
    "B-O, 2, INSUFFICIENT_DATA",
    "OO-, 2, OK",
    "OOO, 1, OK",
    "O-O, 1, INSUFFICIENT_DATA",
    "---, 1, INSUFFICIENT_DATA",
    "---, 3, INSUFFICIENT_DATA",
    "--B, 1, ALARM",
    "B--, 1, ALARM",
  })
  void datapointsToAlarmOfEvaluationPeriods(String periods, int m, AlarmState expected) {
    MetricAlarm alarm = alarm(Statistic.MAXIMUM, 60, 3, m, Comparison.GREATER_THAN_THRESHOLD, 5);

    AlarmEvaluation evaluation = AlarmEvaluator.evaluate(alarm, pattern(periods), NOW);

    assertThat(evaluation.state()).isEqualTo(expected);
    assertThat(evaluation.periods()).isEqualTo(3);
    assertThat(evaluation.breaching())
        .isEqualTo((int) periods.chars().filter(c -> c == 'B').count());
    assertThat(evaluation.withData())
        .isEqualTo((int) periods.chars().filter(c -> c != '-').count());
  }

  /** Points for a pattern, oldest period first; the newest is the last complete period. */
  static List<DataPoint> pattern(String periods) {
    List<DataPoint> points = new ArrayList<>();
    for (int i = 0; i < periods.length(); i++) {
      int periodsBack = periods.length() - i;
      switch (periods.charAt(i)) {
        case 'B' -> points.add(point(periodsBack, 30, 10));
        case 'O' -> points.add(point(periodsBack, 30, 1));
        default -> {}
      }
    }
    return points;
  }

  @Test
  void theCurrentIncompletePeriodDoesNotCount() {
    MetricAlarm alarm = alarm(Statistic.MAXIMUM, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 5);
    // 00:10:00 starts the current period; 00:10:29 is inside it.
    List<DataPoint> points =
        List.of(new DataPoint(CURRENT_PERIOD, 100), new DataPoint(NOW.minusSeconds(1), 100));

    AlarmEvaluation evaluation = AlarmEvaluator.evaluate(alarm, points, NOW);

    assertThat(evaluation.state()).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(evaluation.withData()).isZero();
  }

  @Test
  void periodsAreAlignedToTheEpochAndHalfOpen() {
    MetricAlarm alarm =
        alarm(Statistic.SAMPLE_COUNT, 60, 2, 2, Comparison.GREATER_THAN_THRESHOLD, 0);
    List<DataPoint> points =
        List.of(
            new DataPoint(Instant.parse("2024-01-01T00:07:59.999Z"), 1), // before the window
            new DataPoint(Instant.parse("2024-01-01T00:08:00Z"), 1), // first instant of it
            new DataPoint(Instant.parse("2024-01-01T00:09:59.999Z"), 1)); // last instant of it

    AlarmEvaluation evaluation = AlarmEvaluator.evaluate(alarm, points, NOW);

    assertThat(evaluation.state()).isEqualTo(AlarmState.ALARM);
    assertThat(evaluation.withData()).isEqualTo(2);
    assertThat(AlarmEvaluator.window(alarm, NOW))
        .isEqualTo(
            new AlarmEvaluator.Window(
                Instant.parse("2024-01-01T00:08:00Z"), Instant.parse("2024-01-01T00:10:00Z")));
    assertThat(AlarmEvaluator.nextBoundary(alarm, NOW))
        .isEqualTo(Instant.parse("2024-01-01T00:11:00Z"));
  }

  @Test
  void aPeriodNotDividingAMinuteIsStillAlignedToTheEpoch() {
    MetricAlarm alarm = alarm(Statistic.SUM, 7, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 0);
    long nowSeconds = NOW.getEpochSecond();
    long end = nowSeconds / 7 * 7;

    assertThat(AlarmEvaluator.window(alarm, NOW))
        .isEqualTo(
            new AlarmEvaluator.Window(Instant.ofEpochSecond(end - 7), Instant.ofEpochSecond(end)));
  }

  @Test
  void theReasonGivesTheCountsInWords() {
    MetricAlarm alarm = alarm(Statistic.AVERAGE, 60, 3, 2, Comparison.LESS_THAN_THRESHOLD, 1.0);
    List<DataPoint> points = List.of(point(3, 1, 0.5), point(2, 1, 0.2), point(1, 1, 4));

    AlarmEvaluation evaluation = AlarmEvaluator.evaluate(alarm, points, NOW);

    assertThat(evaluation.state()).isEqualTo(AlarmState.ALARM);
    assertThat(evaluation.reason()).isEqualTo("2 of 3 periods Average < 1, 0 missing (alarm at 2)");
    assertThat(
            AlarmEvaluator.evaluate(
                    alarm(Statistic.MAXIMUM, 60, 3, 3, Comparison.GREATER_THAN_THRESHOLD, 0.5),
                    List.of(point(1, 1, 0.7)),
                    NOW)
                .reason())
        .isEqualTo("1 of 3 periods Maximum > 0.5, 2 missing");
  }

  @Test
  void lookBackCoversTheWindowAndTheCurrentPeriod() {
    assertThat(
            AlarmEvaluator.lookBackSeconds(
                alarm(Statistic.SUM, 60, 3, 3, Comparison.GREATER_THAN_THRESHOLD, 0)))
        .isEqualTo(240);
  }

  /**
   * What a check reports for its alarm, modifiers included (docs/spec/health.md "The metric alarm",
   * "Modifiers"), through the same tracker the monitor uses.
   */
  @Nested
  class CheckStatusFromTheAlarm {
    final MetricAlarm alarm =
        alarm(Statistic.AVERAGE, 60, 1, 1, Comparison.GREATER_THAN_THRESHOLD, 5);
    final List<DataPoint> ok = List.of(point(1, 0, 1));
    final List<DataPoint> breaching = List.of(point(1, 0, 9));
    final List<DataPoint> none = List.of();

    Observation observe(List<DataPoint> points) {
      return Observation.of(AlarmEvaluator.evaluate(alarm, points, NOW));
    }

    /** The status after each set of points in turn, as the tracker decides it. */
    HealthStatus statusAfter(HealthCheck check, List<List<DataPoint>> sequence) {
      CheckStatusTracker tracker = new CheckStatusTracker(check, observe(sequence.get(0)), NOW);
      for (List<DataPoint> points : sequence.subList(1, sequence.size())) {
        tracker.apply(observe(points), NOW);
      }
      return tracker.current().status();
    }

    HealthCheck check(InsufficientData insufficient, boolean inverted, boolean disabled) {
      return metric("hc", alarm, insufficient, inverted, disabled);
    }

    @Test
    void okIsHealthyAndAlarmUnhealthy() {
      HealthCheck check = check(InsufficientData.LAST_KNOWN_STATUS, false, false);
      assertThat(statusAfter(check, List.of(ok))).isEqualTo(HealthStatus.HEALTHY);
      assertThat(statusAfter(check, List.of(breaching))).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @ParameterizedTest(name = "no data with {0}, inverted={1} → {2}")
    @CsvSource({
      "HEALTHY,           false, HEALTHY",
      "UNHEALTHY,         false, UNHEALTHY",
      "LAST_KNOWN_STATUS, false, HEALTHY", // none known yet: healthy
      "HEALTHY,           true,  UNHEALTHY",
      "UNHEALTHY,         true,  HEALTHY",
      "LAST_KNOWN_STATUS, true,  UNHEALTHY", // a new inverted check with no data is unhealthy
    })
    void missingDataAtEachSetting(
        InsufficientData insufficient, boolean inverted, HealthStatus expected) {
      assertThat(statusAfter(check(insufficient, inverted, false), List.of(none)))
          .isEqualTo(expected);
    }

    @Test
    void insufficientDataSettingsOverrideWhatWasKnown() {
      assertThat(
              statusAfter(check(InsufficientData.HEALTHY, false, false), List.of(breaching, none)))
          .isEqualTo(HealthStatus.HEALTHY);
      assertThat(statusAfter(check(InsufficientData.UNHEALTHY, false, false), List.of(ok, none)))
          .isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void lastKnownStatusKeepsTheLastStatusDecidedWithData() {
      HealthCheck check = check(InsufficientData.LAST_KNOWN_STATUS, false, false);
      assertThat(statusAfter(check, List.of(breaching, none))).isEqualTo(HealthStatus.UNHEALTHY);
      assertThat(statusAfter(check, List.of(breaching, none, none)))
          .isEqualTo(HealthStatus.UNHEALTHY);
      assertThat(statusAfter(check, List.of(breaching, ok, none))).isEqualTo(HealthStatus.HEALTHY);
      assertThat(statusAfter(check, List.of(none, breaching, none)))
          .isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void lastKnownStatusIsRememberedBeforeInversion() {
      HealthCheck check = check(InsufficientData.LAST_KNOWN_STATUS, true, false);
      // ALARM (unhealthy, inverted → healthy); then no data: last known unhealthy, inverted again.
      assertThat(statusAfter(check, List.of(breaching, none))).isEqualTo(HealthStatus.HEALTHY);
      assertThat(statusAfter(check, List.of(ok, none))).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void invertedFlipsDecidedStatus() {
      HealthCheck check = check(InsufficientData.LAST_KNOWN_STATUS, true, false);
      assertThat(statusAfter(check, List.of(ok))).isEqualTo(HealthStatus.UNHEALTHY);
      assertThat(statusAfter(check, List.of(breaching))).isEqualTo(HealthStatus.HEALTHY);
    }

    @ParameterizedTest(name = "disabled, inverted={0}, data {1} → {2}")
    @CsvSource({
      "false, ok,        HEALTHY",
      "false, breaching, HEALTHY",
      "false, none,      HEALTHY",
      "true,  ok,        UNHEALTHY",
      "true,  breaching, UNHEALTHY",
      "true,  none,      UNHEALTHY",
    })
    void disabledIsHealthyAndInvertedDisabledUnhealthy(
        boolean inverted, String data, HealthStatus expected) {
      List<DataPoint> points =
          switch (data) {
            case "ok" -> ok;
            case "breaching" -> breaching;
            default -> none;
          };
      HealthCheck check = check(InsufficientData.UNHEALTHY, inverted, true);
      assertThat(statusAfter(check, List.of(points))).isEqualTo(expected);
      assertThat(new CheckStatusTracker(check, observe(points), NOW).current().reason())
          .startsWith("disabled");
    }

    @Test
    void historyRecordsTransitionsOnlyAndKeepsTheLatest() {
      HealthCheck check = check(InsufficientData.LAST_KNOWN_STATUS, false, false);
      CheckStatusTracker tracker = new CheckStatusTracker(check, observe(ok), NOW);
      Instant at = NOW;
      for (int i = 0; i < 30; i++) {
        at = at.plus(Duration.ofMinutes(1));
        tracker.apply(observe(breaching), at); // a change
        tracker.apply(observe(breaching), at); // no change
        at = at.plus(Duration.ofMinutes(1));
        tracker.apply(observe(ok), at);
      }

      assertThat(tracker.current().history()).hasSize(CheckStatusTracker.HISTORY);
      assertThat(tracker.current().history().get(CheckStatusTracker.HISTORY - 1).at())
          .isEqualTo(at);
      assertThat(tracker.current().since()).isEqualTo(at);
      assertThat(tracker.current().history())
          .extracting(t -> t.status())
          .containsSubsequence(HealthStatus.UNHEALTHY, HealthStatus.HEALTHY);
      assertThat(tracker.current().alarmState()).isEqualTo(AlarmState.OK);
    }
  }

  @Test
  void thresholdsReadAsTypedAndHugeOnesInScientificNotation() {
    assertThat(AlarmEvaluator.number(80)).isEqualTo("80");
    assertThat(AlarmEvaluator.number(0.5)).isEqualTo("0.5");
    assertThat(AlarmEvaluator.number(-3)).isEqualTo("-3");
    assertThat(AlarmEvaluator.number(999_999_999_999_999.0)).isEqualTo("999999999999999");
    assertThat(AlarmEvaluator.number(1e15)).isEqualTo("1.0E15");
  }
}
