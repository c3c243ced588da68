package io.isthmus.server.snapshot;

import io.isthmus.config.ConfigChanges;
import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.route.Snapshot;
import io.isthmus.route.SnapshotCompiler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link SnapshotHolder} in step with the store, off the query path, on one thread. Local
 * writes ask for a refresh right after their commit; a cheap version poll picks up writes made by
 * other nodes sharing the database. Refresh requests coalesce: a burst of writes compiles once. If
 * loading or compiling fails the previous snapshot keeps serving (static stability); if the store
 * is away at start, the configuration of the last-snapshot file is served until it returns.
 *
 * <p>A refresh reads only what changed since the version served, from the store's change log
 * ({@link ConfigStore#changesSince}), and compiles only that ({@link SnapshotCompiler#apply}); it
 * loads and compiles everything at start, when the log does not reach back to the version served,
 * and when applying the changes fails (logged), so a half-applied change is never served.
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
  private final List<Consumer<ConfigData>> storeDataListeners = new CopyOnWriteArrayList<>();
  private final ServingState state;
  private volatile boolean storeAway;
  private volatile boolean started;
  private volatile Supplier<Optional<ConfigData>> lastSnapshot = Optional::empty;

  /** The configuration the served snapshot was compiled from; confined to the snapshot thread. */
  private ConfigData served;

  public SnapshotRefresher(ConfigStore store, SnapshotHolder holder, SnapshotCompiler compiler) {
    this(store, holder, compiler, new ServingState(Clock.systemUTC()));
  }

  public SnapshotRefresher(
      ConfigStore store, SnapshotHolder holder, SnapshotCompiler compiler, ServingState state) {
    this.store = store;
    this.holder = holder;
    this.compiler = compiler;
    this.state = state;
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
   * compiled (e.g. to give the health monitor the checks the new snapshot names); not for a
   * configuration in which only record sets changed. Register before {@link #start}.
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

  /**
   * Runs {@code listener} on the snapshot thread with each configuration loaded from the store once
   * it is published (e.g. to write the last-snapshot file); not for one read from that file.
   */
  public void onStoreDataPublished(Consumer<ConfigData> listener) {
    storeDataListeners.add(listener);
  }

  /**
   * Where the first configuration comes from when the store cannot be reached at start (the
   * last-snapshot file); none by default. Set before {@link #start}.
   */
  public void whenStoreAwayAtStart(Supplier<Optional<ConfigData>> lastSnapshot) {
    this.lastSnapshot = lastSnapshot;
  }

  /**
   * Compiles and publishes the first snapshot from the store, or, if the store cannot be reached,
   * from the last snapshot ({@link #whenStoreAwayAtStart}); then starts polling for foreign writes,
   * which also catches up with the store once it is back.
   */
  public void start(Duration pollInterval) throws Exception {
    started = true;
    try {
      executor.submit(this::refresh).get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof StoreUnavailableException unavailable)) {
        throw e;
      }
      executor.submit(() -> serveLastSnapshot(unavailable)).get();
    }
    store.addListener(this::requestRefresh);
    long millis = pollInterval.toMillis();
    executor.scheduleWithFixedDelay(this::refreshIfBehind, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Asks for a refresh soon; many requests before it runs make one refresh. Before {@link #start}
   * it does nothing: the start loads everything anyway, after its publish listeners are in place.
   */
  public void requestRefresh() {
    if (started && refreshQueued.compareAndSet(false, true)) {
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
      } else {
        refreshed();
      }
    } catch (RuntimeException e) {
      if (!storeAway) {
        log.warn(
            "Configuration store unreachable, serving snapshot version {}: {}",
            holder.version(),
            e.toString());
      }
      storeAway = true;
    }
  }

  private Void serveLastSnapshot(StoreUnavailableException cause) {
    storeAway = true;
    state.servingFromFile();
    Optional<ConfigData> data = lastSnapshot.get();
    if (data.isEmpty()) {
      log.warn(
          "Configuration store unreachable at start and no usable last-snapshot file: serving no"
              + " configuration until the store is back ({})",
          cause.getMessage());
      return null;
    }
    publish(data.get());
    log.warn(
        "Configuration store unreachable at start: serving stale configuration version {} from the"
            + " last-snapshot file until the store is back ({})",
        data.get().version(),
        cause.getMessage());
    return null;
  }

  /** The store answered and this node serves its current version. */
  private void refreshed() {
    storeAway = false;
    if (state.refreshed()) {
      log.info(
          "Caught up with the configuration store: serving configuration version {}",
          holder.version());
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
    Optional<ConfigChanges> changes =
        served == null ? Optional.empty() : store.changesSince(served.version());
    if (changes.isPresent() && changes.get().version() <= holder.version()) {
      refreshed();
      return null;
    }
    if (changes.isPresent()) {
      try {
        ConfigData data = changes.get().applyTo(served);
        publishChanges(data, changes.get());
        published(started, "applied");
        return null;
      } catch (RuntimeException e) {
        log.warn(
            "Configuration version {} could not be applied to version {}, loading it whole",
            changes.get().version(),
            served.version(),
            e);
      }
    }
    ConfigData data = store.load();
    if (data.version() <= holder.version()) {
      refreshed();
      return null;
    }
    publish(data);
    published(started, "compiled");
    return null;
  }

  /** After {@link #served} from the store was published: tells the listeners and logs it. */
  private void published(long started, String how) {
    Snapshot snapshot = holder.current();
    for (Consumer<ConfigData> listener : storeDataListeners) {
      try {
        listener.accept(served);
      } catch (RuntimeException e) {
        log.error("Snapshot data listener failed", e);
      }
    }
    refreshed();
    log.info(
        "Serving configuration version {} ({} VPCs, {} zones) {} in {} ms",
        snapshot.version(),
        snapshot.vpcsById().size(),
        served.zones().size(),
        how,
        (System.nanoTime() - started) / 1_000_000);
  }

  private void publish(ConfigData data) {
    for (Consumer<ConfigData> listener : loadListeners) {
      listener.accept(data);
    }
    published(data, compiler.compile(data));
  }

  /**
   * Publishes {@code data}, the served configuration with {@code changes} applied. The load
   * listeners read no record sets, so they hear only of changes to the structure.
   */
  private void publishChanges(ConfigData data, ConfigChanges changes) {
    if (!changes.recordSetsOnly()) {
      for (Consumer<ConfigData> listener : loadListeners) {
        listener.accept(data);
      }
    }
    published(data, compiler.apply(data, changes));
  }

  /**
   * Serves {@code snapshot}, compiled from {@code data}, and keeps the data in the form the
   * compiler shares with the snapshot's zones (held once, not twice).
   */
  private void published(ConfigData data, Snapshot snapshot) {
    holder.publish(snapshot);
    served = compiler.sharing(data);
    for (Consumer<Snapshot> listener : publishListeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        log.error("Snapshot publish listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
