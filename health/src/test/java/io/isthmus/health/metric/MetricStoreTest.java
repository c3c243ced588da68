package io.isthmus.health.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.isthmus.config.FieldError;
import io.isthmus.health.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricStoreTest {
  static final String ACCOUNT = "111111111111";
  static final Map<String, String> WEB = Map.of("Service", "web");

  final FakeClock clock = FakeClock.at("2024-01-01T12:00:00Z");
  final MetricStore store = new MetricStore(clock, 3, 100);

  Instant ago(long seconds) {
    return clock.instant().minusSeconds(seconds);
  }

  SeriesKey key(String metric) {
    return new SeriesKey(ACCOUNT, "App", metric, WEB);
  }

  List<DataPoint> all(String metric) {
    return store.points(key(metric), Instant.EPOCH, clock.instant().plusSeconds(3600));
  }

  @Test
  void storesPointsSortedAndAnswersHalfOpenRanges() {
    store.put(
        ACCOUNT,
        "App",
        "Latency",
        WEB,
        List.of(
            new DataPoint(ago(30), 3),
            new DataPoint(ago(50), 1),
            new DataPoint(ago(40), 2),
            new DataPoint(ago(40), 2.5)));

    assertThat(all("Latency")).extracting(DataPoint::value).containsExactly(1.0, 2.0, 2.5, 3.0);
    assertThat(store.points(key("Latency"), ago(40), ago(30)))
        .extracting(DataPoint::value)
        .containsExactly(2.0, 2.5);
  }

  @Test
  void dimensionsInAnyOrderNameTheSameSeriesAndOtherAccountsSeeNothing() {
    Map<String, String> ab = new HashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    store.put(ACCOUNT, "App", "M", ab, List.of(new DataPoint(ago(1), 1)));
    store.put(ACCOUNT, "App", "M", Map.of("B", "2", "A", "1"), List.of(new DataPoint(ago(1), 2)));

    assertThat(store.seriesCount(ACCOUNT)).isEqualTo(1);
    assertThat(
            store.points(
                new SeriesKey(ACCOUNT, "App", "M", Map.of("A", "1", "B", "2")),
                Instant.EPOCH,
                clock.instant()))
        .hasSize(2);
    assertThat(
            store.points(
                new SeriesKey("222222222222", "App", "M", ab), Instant.EPOCH, clock.instant()))
        .isEmpty();
  }

  @Test
  void anAbsentTimestampMeansNow() {
    store.put(ACCOUNT, "App", "Latency", WEB, List.of(new DataPoint(null, 7)));

    assertThat(all("Latency")).containsExactly(new DataPoint(clock.instant(), 7));
  }

  @Test
  void pointsOlderThanTheRetentionAreDroppedAndNoLongerAnswered() {
    store.setRetention(Duration.ofMinutes(10));
    store.put(
        ACCOUNT,
        "App",
        "Latency",
        WEB,
        List.of(new DataPoint(ago(540), 1), new DataPoint(ago(60), 2)));

    clock.advanceSeconds(120); // the first point is now 11 minutes old

    assertThat(all("Latency")).extracting(DataPoint::value).containsExactly(2.0);
    assertThat(store.pointCount()).isEqualTo(2); // not yet evicted, but hidden

    assertThat(store.evictExpired()).isZero();
    assertThat(store.pointCount()).isEqualTo(1);

    clock.advanceSeconds(600);
    assertThat(store.evictExpired()).isEqualTo(1); // empty series are unlinked
    assertThat(store.seriesCount(ACCOUNT)).isZero();
  }

  @Test
  void theRetentionNeverExceeds24Hours() {
    store.setRetention(Duration.ofDays(3));

    assertThat(store.retention()).isEqualTo(Duration.ofHours(24));
    assertThatThrownBy(() -> store.setRetention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theOldestPointsGoFirstPastThePerSeriesCap() {
    List<DataPoint> points = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      points.add(new DataPoint(ago(1000 - i), i));
    }
    store.put(ACCOUNT, "App", "Latency", WEB, points);

    List<DataPoint> kept = all("Latency");
    assertThat(kept).hasSize(100);
    assertThat(kept.get(0).value()).isEqualTo(50);
    assertThat(kept.get(99).value()).isEqualTo(149);
  }

  @Test
  void aNewSeriesPastTheAccountsLimitIsRefusedAndNothingStored() {
    for (String metric : List.of("A", "B", "C")) {
      store.put(ACCOUNT, "App", metric, WEB, List.of(new DataPoint(ago(1), 1)));
    }

    SeriesLimitExceededException refused =
        catchThrowableOfType(
            SeriesLimitExceededException.class,
            () -> store.put(ACCOUNT, "App", "D", WEB, List.of(new DataPoint(ago(1), 1))));

    assertThat(refused.limit()).isEqualTo(3);
    assertThat(refused.accountId()).isEqualTo(ACCOUNT);
    assertThat(store.seriesCount(ACCOUNT)).isEqualTo(3);
    assertThat(all("D")).isEmpty();
    // Existing series still take points, and other accounts have their own limit.
    store.put(ACCOUNT, "App", "A", WEB, List.of(new DataPoint(ago(1), 2)));
    store.put("222222222222", "App", "D", WEB, List.of(new DataPoint(ago(1), 1)));
    assertThat(all("A")).hasSize(2);
    assertThat(store.seriesCount()).isEqualTo(4);
  }

  @Test
  void requireRoomRefusesOnlyANewSeriesOfAFullAccountAndStoresNothing() {
    store.requireRoom(key("A")); // an account never seen
    for (String metric : List.of("A", "B")) {
      store.put(ACCOUNT, "App", metric, WEB, List.of(new DataPoint(ago(1), 1)));
    }
    store.requireRoom(key("C")); // the last free place

    store.put(ACCOUNT, "App", "C", WEB, List.of(new DataPoint(ago(1), 1)));

    store.requireRoom(key("A")); // an existing series always has room
    SeriesLimitExceededException refused =
        catchThrowableOfType(SeriesLimitExceededException.class, () -> store.requireRoom(key("D")));
    assertThat(refused.limit()).isEqualTo(3);
    assertThat(refused.accountId()).isEqualTo(ACCOUNT);
    assertThat(store.seriesCount(ACCOUNT)).isEqualTo(3);
  }

  @Test
  void restoreTakesStoredPointsWithoutValidatingThemAgain() {
    // Later than the 5 minutes a push may be ahead: another node's clock may run ahead of ours.
    Instant ahead = clock.instant().plusSeconds(600);
    store.restore(key("A"), List.of(new DataPoint(ahead, 2), new DataPoint(ago(5), 1)));

    assertThat(all("A")).containsExactly(new DataPoint(ago(5), 1), new DataPoint(ahead, 2));
  }

  @Test
  void restoreDropsPointsPastTheRetentionAndCreatesNoSeriesForThem() {
    store.setRetention(Duration.ofMinutes(5));

    store.restore(key("A"), List.of(new DataPoint(ago(301), 1)));
    store.restore(key("B"), List.of(new DataPoint(ago(301), 1), new DataPoint(ago(300), 2)));

    assertThat(store.seriesCount(ACCOUNT)).isEqualTo(1);
    assertThat(all("B")).containsExactly(new DataPoint(ago(300), 2));
  }

  @Test
  void restoreKeepsTheSeriesLimitAndThePerSeriesCap() {
    for (String metric : List.of("A", "B", "C")) {
      store.restore(key(metric), List.of(new DataPoint(ago(1), 1)));
    }
    assertThatThrownBy(() -> store.restore(key("D"), List.of(new DataPoint(ago(1), 1))))
        .isInstanceOf(SeriesLimitExceededException.class);

    List<DataPoint> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add(new DataPoint(ago(200 - i), i));
    }
    store.restore(key("A"), many);
    assertThat(all("A")).hasSize(100);
    assertThat(all("D")).isEmpty();
  }

  @Test
  void restoreReadsAnAbsentTimestampAsNow() {
    store.restore(key("A"), List.of(new DataPoint(null, 4)));

    assertThat(all("A")).containsExactly(new DataPoint(clock.instant(), 4));
  }

  @Test
  void aSeriesFreedByEvictionMakesRoomUnderTheLimit() {
    store.setRetention(Duration.ofMinutes(5));
    for (String metric : List.of("A", "B", "C")) {
      store.put(ACCOUNT, "App", metric, WEB, List.of(new DataPoint(ago(1), 1)));
    }
    clock.advanceSeconds(600);
    store.evictExpired();

    store.put(ACCOUNT, "App", "D", WEB, List.of(new DataPoint(null, 1)));

    assertThat(all("D")).hasSize(1);
  }

  @Test
  void everyInvalidFieldIsNamedAndNothingIsStored() {
    List<DataPoint> points =
        List.of(
            new DataPoint(ago(10), 1), // fine
            new DataPoint(ago(10), Double.NaN),
            new DataPoint(ago(10), Double.POSITIVE_INFINITY),
            new DataPoint(clock.instant().plus(Duration.ofMinutes(6)), 1),
            new DataPoint(ago(25 * 3600), 1));

    MetricValidationException refused =
        catchThrowableOfType(
            MetricValidationException.class,
            () -> store.put(ACCOUNT, "App", "Latency", WEB, points));

    assertThat(refused.errors())
        .extracting(FieldError::field)
        .containsExactly(
            "points[1].value", "points[2].value", "points[3].timestamp", "points[4].timestamp");
    assertThat(refused.errors().get(3).message()).contains("older than the retention of 24 h");
    assertThat(store.seriesCount(ACCOUNT)).isZero();
    assertThat(store.pointCount()).isZero();
  }

  @Test
  void aBadPointDoesNotLetTheGoodOnesOfTheSamePushIntoAnExistingSeries() {
    store.put(ACCOUNT, "App", "Latency", WEB, List.of(new DataPoint(ago(10), 1)));

    assertThatThrownBy(
            () ->
                store.put(
                    ACCOUNT,
                    "App",
                    "Latency",
                    WEB,
                    List.of(new DataPoint(ago(5), 2), new DataPoint(ago(5), Double.NaN))))
        .isInstanceOf(MetricValidationException.class);

    assertThat(all("Latency")).extracting(DataPoint::value).containsExactly(1.0);
  }

  @Test
  void theRetentionBoundsWhatIsAcceptedAndFutureIsAllowedUpToFiveMinutes() {
    store.setRetention(Duration.ofMinutes(10));

    assertThat(
            store.validate(
                "App",
                "M",
                WEB,
                List.of(
                    new DataPoint(ago(599), 1),
                    new DataPoint(ago(601), 1),
                    new DataPoint(clock.instant().plusSeconds(300), 1),
                    new DataPoint(clock.instant().plusSeconds(301), 1)),
                clock.instant()))
        .extracting(FieldError::field)
        .containsExactly("points[1].timestamp", "points[3].timestamp");
  }

  @Test
  void namesAndDimensionsAreChecked() {
    Map<String, String> dimensions = new HashMap<>();
    dimensions.put("Service", "");
    dimensions.put("Long", "x".repeat(1025));
    dimensions.put("", "v");
    dimensions.put("Bad", "a\nb");

    List<FieldError> errors =
        store.validate(
            "", "x".repeat(256), dimensions, List.of(new DataPoint(null, 1)), clock.instant());

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "namespace",
            "metricName",
            "dimensions[Service]",
            "dimensions[Long]",
            "dimensions[]",
            "dimensions[Bad]");
  }

  @Test
  void tooManyDimensionsOrPointsAndNoPoints() {
    Map<String, String> dimensions = new HashMap<>();
    for (int i = 0; i < 31; i++) {
      dimensions.put("D" + i, "v");
    }
    List<DataPoint> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(new DataPoint(null, i));
    }

    assertThat(store.validate("App", "M", dimensions, many, clock.instant()))
        .extracting(FieldError::field)
        .containsExactly("dimensions", "points");
    assertThat(store.validate("App", "M", Map.of(), List.of(), clock.instant()))
        .extracting(FieldError::field)
        .containsExactly("points");
    List<DataPoint> withNull = new ArrayList<>();
    withNull.add(null);
    assertThat(store.validate("App", "M", null, withNull, clock.instant()))
        .extracting(FieldError::field)
        .containsExactly("points[0]");
  }

  @Test
  void everyLimitIsAcceptedExactlyAndRefusedOnePast() {
    Map<String, String> thirty = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      thirty.put("D" + i, "v".repeat(1_024));
    }
    thirty.put("k".repeat(255), "v");
    thirty.remove("D0");
    List<DataPoint> thousand = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      thousand.add(new DataPoint(null, i));
    }

    assertThat(store.validate("n".repeat(255), "m".repeat(255), thirty, thousand, clock.instant()))
        .isEmpty();

    thirty.put("k".repeat(256), "v");
    thousand.add(new DataPoint(null, 1));
    assertThat(store.validate("n".repeat(256), "m".repeat(256), thirty, thousand, clock.instant()))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "namespace",
            "metricName",
            "dimensions",
            "dimensions[" + "k".repeat(256) + "]",
            "points");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new MetricStore(clock, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MetricStore(clock, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);

    MetricStore smallest = new MetricStore(clock, 1, 1);
    smallest.put(
        ACCOUNT, "App", "M", WEB, List.of(new DataPoint(ago(2), 1), new DataPoint(ago(1), 2)));

    assertThat(smallest.maxSeriesPerAccount()).isEqualTo(1);
    assertThat(
            smallest.points(
                new SeriesKey(ACCOUNT, "App", "M", WEB), Instant.EPOCH, clock.instant()))
        .containsExactly(new DataPoint(ago(1), 2));
  }

  /**
   * Writers on many threads racing on one account's last free series: exactly the limit is created
   * and every accepted push is whole.
   */
  @Test
  void concurrentPushesRespectTheLimitExactly() throws Exception {
    MetricStore shared = new MetricStore(clock, 50, 10_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 200; t++) {
        String metric = "M" + t;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  try {
                    shared.put(
                        ACCOUNT,
                        "App",
                        metric,
                        WEB,
                        List.of(new DataPoint(ago(2), 1), new DataPoint(ago(1), 2)));
                    return true;
                  } catch (SeriesLimitExceededException e) {
                    return false;
                  }
                }));
      }
      go.countDown();
      int accepted = 0;
      for (Future<Boolean> result : results) {
        if (result.get(10, TimeUnit.SECONDS)) {
          accepted++;
        }
      }
      assertThat(accepted).isEqualTo(50);
      assertThat(shared.seriesCount(ACCOUNT)).isEqualTo(50);
      assertThat(shared.pointCount()).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }
}
