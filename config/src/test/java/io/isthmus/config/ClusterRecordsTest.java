package io.isthmus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.StoredHealthStatus.Transition;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The records the cluster's shared-store ports exchange: what they refuse, what they copy, and a
 * node's liveness at the edge of its window.
 */
class ClusterRecordsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");

  private static RegisteredNode seenAt(Instant lastSeen) {
    return new RegisteredNode("node-a", List.of(), 1, Instant.EPOCH, lastSeen);
  }

  @Test
  void aNodeIsLiveUpToExactlyItsWindowAfterItsLastBeat() {
    Instant edge = NOW.minus(RegisteredNode.LIVENESS_WINDOW);
    assertThat(seenAt(NOW).isLive(NOW)).isTrue();
    assertThat(seenAt(edge).isLive(NOW)).isTrue();
    assertThat(seenAt(edge.minusNanos(1)).isLive(NOW)).isFalse();
    // A beat stamped ahead of this node's clock (skew between nodes) is live too.
    assertThat(seenAt(NOW.plusSeconds(5)).isLive(NOW)).isTrue();
    assertThat(RegisteredNode.LIVENESS_WINDOW).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aRegisteredNodeKeepsItsOwnCopyOfItsRegionsAndIsNotStaleUnlessSaid() {
    List<String> regions = new ArrayList<>(List.of("us-east-1"));
    RegisteredNode node = new RegisteredNode("node-a", regions, 3, Instant.EPOCH, NOW);
    regions.add("us-west-2");

    assertThat(node.regions()).containsExactly("us-east-1");
    assertThatThrownBy(() -> node.regions().add("eu-west-1"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(node.servingStale()).isFalse();
    assertThat(new RegisteredNode("node-a", List.of(), 3, Instant.EPOCH, NOW, true).servingStale())
        .isTrue();
  }

  /** The beat without {@code servingStale} reports a node serving what it loaded from the store. */
  @Test
  void theShortHeartbeatIsNotStale() {
    List<RegisteredNode> beats = new ArrayList<>();
    NodeRegistry registry =
        new NodeRegistry() {
          @Override
          public void heartbeat(
              String nodeId,
              List<String> regions,
              long snapshotGeneration,
              Instant startedAt,
              Instant now,
              boolean servingStale) {
            beats.add(
                new RegisteredNode(
                    nodeId, regions, snapshotGeneration, startedAt, now, servingStale));
          }

          @Override
          public List<RegisteredNode> nodes() {
            return List.copyOf(beats);
          }

          @Override
          public void forget(String nodeId) {}
        };

    registry.heartbeat("node-a", List.of("us-east-1"), 7, Instant.EPOCH, NOW);

    assertThat(registry.nodes())
        .containsExactly(
            new RegisteredNode("node-a", List.of("us-east-1"), 7, Instant.EPOCH, NOW, false));
  }

  @Test
  void aMetricPointKeepsItsDimensionsSortedAndItsOwn() {
    Map<String, String> dimensions = new HashMap<>(Map.of("z", "1", "a", "2", "m", "3"));
    StoredMetricPoint point =
        new StoredMetricPoint(0, "111111111111", "App", "Errors", dimensions, NOW, 1.5);
    dimensions.put("b", "4");

    assertThat(point.dimensions())
        .containsExactly(Map.entry("a", "2"), Map.entry("m", "3"), Map.entry("z", "1"));
    assertThatThrownBy(() -> point.dimensions().put("c", "5"))
        .isInstanceOf(UnsupportedOperationException.class);
    // Equal series compare equal whatever order their dimensions came in.
    assertThat(point)
        .isEqualTo(
            new StoredMetricPoint(
                0,
                "111111111111",
                "App",
                "Errors",
                Map.of("m", "3", "z", "1", "a", "2"),
                NOW,
                1.5));
  }

  @Test
  void aMetricPointNeedsItsSeriesAndTime() {
    Map<String, String> none = Map.of();
    assertThatThrownBy(() -> new StoredMetricPoint(0, null, "App", "E", none, NOW, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accountId");
    assertThatThrownBy(() -> new StoredMetricPoint(0, "1", null, "E", none, NOW, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("namespace");
    assertThatThrownBy(() -> new StoredMetricPoint(0, "1", "App", null, none, NOW, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metricName");
    assertThatThrownBy(() -> new StoredMetricPoint(0, "1", "App", "E", none, null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timestamp");
    assertThatThrownBy(() -> new StoredMetricPoint(0, "1", "App", "E", null, NOW, 1))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aHealthStatusKeepsItsOwnHistoryAndNeedsItsCheckTimeAndReason() {
    List<Transition> history = new ArrayList<>(List.of(new Transition(NOW, true, "up")));
    StoredHealthStatus status =
        new StoredHealthStatus("hc-a", true, null, NOW, "up", history, "node-a", NOW);
    history.add(new Transition(NOW, false, "down"));

    assertThat(status.history()).containsExactly(new Transition(NOW, true, "up"));
    assertThatThrownBy(() -> status.history().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    // The evaluator and time are the store's to insist on: a status being built may lack them.
    assertThat(new StoredHealthStatus("hc-a", true, null, NOW, "up", List.of(), null, null))
        .extracting(StoredHealthStatus::evaluatedBy, StoredHealthStatus::evaluatedAt)
        .containsOnlyNulls();

    List<Transition> none = List.of();
    assertThatThrownBy(() -> new StoredHealthStatus(null, true, null, NOW, "r", none, "n", NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("checkId");
    assertThatThrownBy(() -> new StoredHealthStatus("hc", true, null, null, "r", none, "n", NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("since");
    assertThatThrownBy(() -> new StoredHealthStatus("hc", true, null, NOW, null, none, "n", NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
    assertThatThrownBy(() -> new StoredHealthStatus("hc", true, null, NOW, "r", null, "n", NOW))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void anUnreachableStoreIsAStoreExceptionWithItsCause() {
    IOException refused = new IOException("connection refused");
    StoreException withCause = new StoreUnavailableException("store away", refused);
    assertThat(withCause).hasMessage("store away").hasCause(refused);
    assertThat(new StoreUnavailableException("not open yet"))
        .isInstanceOf(StoreException.class)
        .hasMessage("not open yet")
        .hasNoCause();
  }
}
