package io.isthmus.server.node;

import io.isthmus.config.NodeRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the shared store that this node is alive and which configuration version it serves (spec
 * section 8: a change is INSYNC once every live node serves it; {@code GET /v1/nodes}). Beats once
 * a second and right after each new snapshot, so a change turns INSYNC as soon as it is served. A
 * store that is away is logged once per outage and otherwise ignored: the node keeps answering.
 * Thread-safe; beats run on one daemon thread.
 */
public final class NodeHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

  /** Well inside the registry's 10 s liveness window. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final NodeRegistry registry;
  private final String nodeId;
  private final List<String> regions;
  private final LongSupplier servedVersion;
  private final BooleanSupplier servingStale;
  private final Clock clock;
  private final Instant startedAt;
  private final ScheduledExecutorService executor;
  private volatile boolean storeAway;

  public NodeHeartbeat(
      NodeRegistry registry,
      String nodeId,
      List<String> regions,
      LongSupplier servedVersion,
      BooleanSupplier servingStale,
      Clock clock) {
    this.registry = registry;
    this.nodeId = nodeId;
    this.regions = List.copyOf(regions);
    this.servedVersion = servedVersion;
    this.servingStale = servingStale;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "isthmus-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  public void start() {
    long millis = INTERVAL.toMillis();
    executor.scheduleWithFixedDelay(this::beat, 0, millis, TimeUnit.MILLISECONDS);
  }

  /** Beats soon (after a new snapshot); many requests in a burst make a few beats. */
  public void beatSoon() {
    try {
      executor.execute(this::beat);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // Shutting down: the node is about to be forgotten anyway.
    }
  }

  private void beat() {
    try {
      registry.heartbeat(
          nodeId,
          regions,
          servedVersion.getAsLong(),
          startedAt,
          clock.instant(),
          servingStale.getAsBoolean());
      if (storeAway) {
        storeAway = false;
        log.info("Node {} heartbeat reaches the store again", nodeId);
      }
    } catch (RuntimeException e) { // StoreException among them: the database is away
      if (!storeAway) {
        storeAway = true;
        log.warn("Node {} heartbeat failed, still serving: {}", nodeId, e.toString());
      }
    }
  }

  /** Stops beating and removes this node from the registry, so it is not waited for. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      registry.forget(nodeId);
    } catch (RuntimeException e) {
      log.warn("Node {} could not leave the registry: {}", nodeId, e.toString());
    }
  }
}
