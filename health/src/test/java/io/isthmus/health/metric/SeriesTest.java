package io.isthmus.health.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The sorted point arrays of one series: appends, late inserts, trimming, cap and unlinking. */
class SeriesTest {
  static final long NO_CUTOFF = Long.MIN_VALUE;

  final Series series = new Series();

  boolean add(long time, double value, long cutoff, int cap) {
    return series.add(new long[] {time}, new double[] {value}, cutoff, cap);
  }

  List<Long> times() {
    return series.range(Long.MIN_VALUE, Long.MAX_VALUE).stream()
        .map(point -> point.timestamp().toEpochMilli())
        .toList();
  }

  List<Double> values() {
    return series.range(Long.MIN_VALUE, Long.MAX_VALUE).stream().map(DataPoint::value).toList();
  }

  @Test
  void aCappedSeriesKeepsTheNewestPointsAcrossManyAppends() {
    // Cap 4 with arrays of 8: the dropped front is reused by sliding, never lost or duplicated.
    for (long t = 1; t <= 40; t++) {
      assertThat(add(t, t * 10, NO_CUTOFF, 4)).isTrue();

      List<Long> newest = LongStream.rangeClosed(Math.max(1, t - 3), t).boxed().toList();
      assertThat(times()).as("after %d", t).isEqualTo(newest);
      assertThat(values()).as("after %d", t).isEqualTo(newest.stream().map(n -> n * 10.0).toList());
    }
  }

  @Test
  void aLatePointIsInsertedInOrderAfterEqualTimes() {
    series.add(new long[] {10, 30, 30, 50}, new double[] {1, 2, 3, 4}, NO_CUTOFF, 100);

    add(30, 5, NO_CUTOFF, 100);
    add(5, 6, NO_CUTOFF, 100);
    add(50, 7, NO_CUTOFF, 100);

    assertThat(times()).containsExactly(5L, 10L, 30L, 30L, 30L, 50L, 50L);
    assertThat(values()).containsExactly(6.0, 1.0, 2.0, 3.0, 5.0, 4.0, 7.0);
  }

  @Test
  void rangesAreHalfOpen() {
    series.add(new long[] {10, 20, 30}, new double[] {1, 2, 3}, NO_CUTOFF, 100);

    assertThat(series.range(10, 30)).extracting(DataPoint::value).containsExactly(1.0, 2.0);
    assertThat(series.range(11, 31)).extracting(DataPoint::value).containsExactly(2.0, 3.0);
    assertThat(series.range(20, 20)).isEmpty();
    assertThat(series.range(30, 10)).isEmpty();
  }

  @Test
  void addDropsPointsBeforeTheCutoffButKeepsOneExactlyAtIt() {
    series.add(new long[] {10, 20, 30}, new double[] {1, 2, 3}, 20, 100);

    assertThat(times()).containsExactly(20L, 30L);
  }

  @Test
  void trimTellsWhetherAnyPointIsLeft() {
    series.add(new long[] {10, 20}, new double[] {1, 2}, NO_CUTOFF, 100);

    assertThat(series.trim(20)).isFalse();
    assertThat(times()).containsExactly(20L);
    assertThat(series.trim(21)).isTrue();
    assertThat(series.size()).isZero();
  }

  @Test
  void aSeriesTrimmedEmptyAfterGrowingStillTakesPoints() {
    for (int t = 1; t <= 20; t++) {
      add(t, t, NO_CUTOFF, 100);
    }
    assertThat(series.trim(100)).isTrue();

    for (int t = 101; t <= 120; t++) {
      add(t, t, NO_CUTOFF, 100);
    }

    assertThat(series.size()).isEqualTo(20);
    assertThat(times()).startsWith(101L).endsWith(120L);
  }

  @Test
  void onlyAnEmptySeriesIsRemovedAndThenRefusesPoints() {
    add(10, 1, NO_CUTOFF, 100);
    assertThat(series.removeIfEmpty()).isFalse();

    series.trim(11);
    assertThat(series.removeIfEmpty()).isTrue();

    assertThat(add(20, 2, NO_CUTOFF, 100)).isFalse();
    assertThat(series.size()).isZero();
  }

  @Test
  void toStringListsTheLiveTimes() {
    series.add(new long[] {10, 20}, new double[] {1, 2}, 15, 100);

    assertThat(series).hasToString("Series[20]");
  }
}
