package io.isthmus.server.snapshot;

import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigStore;
import io.isthmus.route.Snapshot;
import io.isthmus.route.SnapshotCompiler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SnapshotHolder} in step with the store, off the query path, on one thread. Local
 * writes ask for a refresh right after their commit; a cheap version poll picks up writes made by
 * other nodes sharing the database. Refresh requests coalesce: a burst of writes compiles once. If
 * loading or compiling fails the previous snapshot keeps serving (static stability).
 */
public final class SnapshotRefresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotRefresher.class);

  private final ConfigStore store;
  private final SnapshotHolder holder;
  private final SnapshotCompiler compiler;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private final List<Consumer<ConfigData>> loadListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Snapshot>> publishListeners = new CopyOnWriteArrayList<>();

  public SnapshotRefresher(ConfigStore store, SnapshotHolder holder, SnapshotCompiler compiler) {
    this.store = store;
    this.holder = holder;
    this.compiler = compiler;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "isthmus-snapshot");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs {@code listener} on the snapshot thread with each newer configuration loaded, before it is
   * compiled (e.g. to give the health monitor the checks the new snapshot names). Register before
   * {@link #start}.
   */
  public void onLoad(Consumer<ConfigData> listener) {
    loadListeners.add(listener);
  }

  /**
   * Runs {@code listener} on the snapshot thread after each publication (e.g. to open the listeners
   * of new inbound endpoints). Register before {@link #start}.
   */
  public void onPublish(Consumer<Snapshot> listener) {
    publishListeners.add(listener);
  }

  /** Compiles and publishes the first snapshot, then starts polling for foreign writes. */
  public void start(Duration pollInterval) throws Exception {
    executor.submit(this::refresh).get();
    store.addListener(this::requestRefresh);
    long millis = pollInterval.toMillis();
    executor.scheduleWithFixedDelay(this::refreshIfBehind, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Asks for a refresh soon; many requests before it runs make one refresh. */
  public void requestRefresh() {
    if (refreshQueued.compareAndSet(false, true)) {
      executor.execute(
          () -> {
            refreshQueued.set(false);
            refreshQuietly();
          });
    }
  }

  private void refreshIfBehind() {
    try {
      if (store.version() > holder.version()) {
        refreshQuietly();
      }
    } catch (RuntimeException e) {
      log.warn(
          "Configuration store unreachable, serving snapshot version {}: {}",
          holder.version(),
          e.toString());
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.error("Snapshot refresh failed, still serving version {}", holder.version(), e);
    }
  }

  private Void refresh() {
    long started = System.nanoTime();
    ConfigData data = store.load();
    if (data.version() <= holder.version()) {
      return null;
    }
    for (Consumer<ConfigData> listener : loadListeners) {
      listener.accept(data);
    }
    Snapshot snapshot = compiler.compile(data);
    holder.publish(snapshot);
    for (Consumer<Snapshot> listener : publishListeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        log.error("Snapshot publish listener failed", e);
      }
    }
    log.info(
        "Serving configuration version {} ({} VPCs, {} zones) compiled in {} ms",
        snapshot.version(),
        snapshot.vpcsById().size(),
        data.zones().size(),
        (System.nanoTime() - started) / 1_000_000);
    return null;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
