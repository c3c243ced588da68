package io.isthmus.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.StoreException;
import io.isthmus.config.StoredMetricPoint;
import io.isthmus.health.metric.DataPoint;
import io.isthmus.health.metric.MetricStore;
import io.isthmus.health.metric.MetricValidationException;
import io.isthmus.health.metric.SeriesKey;
import io.isthmus.health.metric.SeriesLimitExceededException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedMetricsTest {
  static final String ACCOUNT = "111111111111";
  final TestClock clock = new TestClock("2024-01-01T12:00:00Z");
  final InMemoryMetricPointStore store = new InMemoryMetricPointStore();
  final MetricStore local = new MetricStore(clock, 2, 100);
  final SharedMetrics shared = new SharedMetrics(local, store, clock);

  List<DataPoint> series(MetricStore metrics, String name) {
    return metrics.points(
        new SeriesKey(ACCOUNT, "App", name, Map.of("Service", "web")),
        Instant.EPOCH,
        clock.instant().plusSeconds(60));
  }

  void push(String name, DataPoint... points) {
    shared.put(ACCOUNT, "App", name, Map.of("Service", "web"), List.of(points));
  }

  @Test
  void aPushIsStoredOnceAndVisibleHereAtOnce() {
    push("A", new DataPoint(null, 1), new DataPoint(clock.instant().minusSeconds(5), 2));

    assertThat(store.size()).isEqualTo(2);
    assertThat(series(local, "A"))
        .containsExactly(
            new DataPoint(clock.instant().minusSeconds(5), 2), new DataPoint(clock.instant(), 1));
    assertThat(shared.catchUp()).isZero(); // read once only
    assertThat(series(local, "A")).hasSize(2);
    assertThat(shared.lastId()).isEqualTo(2);
  }

  @Test
  void anotherNodeReadsThePointsAndSoDoesANodeStartingLater() {
    push("A", new DataPoint(null, 1));
    MetricStore elsewhere = new MetricStore(clock);
    SharedMetrics other = new SharedMetrics(elsewhere, store, clock);

    assertThat(other.catchUp()).isEqualTo(1);

    assertThat(series(elsewhere, "A")).containsExactly(new DataPoint(clock.instant(), 1));
  }

  @Test
  void anInvalidPushStoresNothingAnywhere() {
    assertThatThrownBy(() -> push("A", new DataPoint(null, Double.NaN)))
        .isInstanceOf(MetricValidationException.class);

    assertThat(store.size()).isZero();
    assertThat(local.seriesCount()).isZero();
  }

  @Test
  void aNewSeriesPastTheLimitThisNodeKnowsIsRefusedBeforeTheStore() {
    push("A", new DataPoint(null, 1));
    push("B", new DataPoint(null, 1));

    assertThatThrownBy(() -> push("C", new DataPoint(null, 1)))
        .isInstanceOf(SeriesLimitExceededException.class);
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void aStoreOutOfReachRefusesThePushAndKeepsNothing() {
    store.failing = true;

    assertThatThrownBy(() -> push("A", new DataPoint(null, 1))).isInstanceOf(StoreException.class);

    store.failing = false;
    assertThat(store.size()).isZero();
    assertThat(local.seriesCount()).isZero();
  }

  @Test
  void pointsAcceptedElsewhereBeyondThisNodesLimitAreSkippedNotRetried() {
    MetricStore roomy = new MetricStore(clock);
    SharedMetrics other = new SharedMetrics(roomy, store, clock);
    for (String name : List.of("A", "B", "C")) {
      other.put(ACCOUNT, "App", name, Map.of("Service", "web"), List.of(new DataPoint(null, 1)));
    }

    assertThat(shared.catchUp()).isEqualTo(3);

    assertThat(local.seriesCount()).isEqualTo(2);
    assertThat(series(local, "C")).isEmpty();
    assertThat(shared.lastId()).isEqualTo(3);
  }

  @Test
  void aLongBacklogIsReadInBoundedBatches() {
    List<StoredMetricPoint> backlog = new ArrayList<>();
    int total = SharedMetrics.BATCH * SharedMetrics.MAX_BATCHES + 1;
    for (int i = 0; i < total; i++) {
      backlog.add(
          new StoredMetricPoint(
              0, ACCOUNT, "App", "A", Map.of("Service", "web"), clock.instant(), i));
    }
    store.append(backlog);

    assertThat(shared.catchUp()).isEqualTo(total - 1);
    assertThat(shared.catchUp()).isEqualTo(1);
    assertThat(shared.catchUp()).isZero();
  }

  @Test
  void aBatchOfExactlyTheBatchSizeIsFollowedByAnotherRead() {
    List<StoredMetricPoint> backlog = new ArrayList<>();
    for (int i = 0; i < SharedMetrics.BATCH + 1; i++) {
      backlog.add(
          new StoredMetricPoint(
              0, ACCOUNT, "App", "A", Map.of("Service", "web"), clock.instant(), i));
    }
    store.append(backlog);

    assertThat(shared.catchUp()).isEqualTo(SharedMetrics.BATCH + 1);
  }

  @Test
  void expiredPointsAreDeletedFromTheStore() {
    store.append(
        List.of(
            new StoredMetricPoint(
                0,
                ACCOUNT,
                "App",
                "A",
                Map.of(),
                clock.instant().minus(MetricStore.MAX_RETENTION).minusMillis(1),
                1),
            new StoredMetricPoint(
                0,
                ACCOUNT,
                "App",
                "A",
                Map.of(),
                clock.instant().minus(MetricStore.MAX_RETENTION),
                1)));

    assertThat(shared.deleteExpired()).isEqualTo(1);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aPushWhoseReadBackFailsStillSucceeds() {
    InMemoryMetricPointStore flaky =
        new InMemoryMetricPointStore() {
          @Override
          public synchronized List<StoredMetricPoint> after(long afterId, int limit) {
            throw new StoreException("gone after the commit");
          }
        };
    SharedMetrics node = new SharedMetrics(local, flaky, clock);

    node.put(ACCOUNT, "App", "A", Map.of(), List.of(new DataPoint(null, 1)));

    assertThat(flaky.size()).isEqualTo(1);
  }
}
