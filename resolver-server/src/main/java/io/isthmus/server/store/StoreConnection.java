package io.isthmus.server.store;

import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.jdbc.JdbcConfigStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's way to its configuration store, which may be away: it opens (and migrates) the store
 * on a background thread and keeps trying until it succeeds, so that a node starts and serves DNS
 * without its database. Every use goes through {@link #call}, which fails fast with {@link
 * StoreUnavailableException} while the store is not open or cannot be reached, and remembers
 * whether the last use reached it.
 *
 * <p>Once a use finds the database unreachable, further uses fail at once for {@link
 * #RETRY_AFTER_FAILURE}, then one tries again: an admin write with the database away is answered
 * 503 in milliseconds instead of waiting out the pool's connection timeout, and the node's own
 * once-a-second work (heartbeat, version poll) is what notices the database's return. Thread-safe.
 */
public final class StoreConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreConnection.class);

  private final Supplier<JdbcConfigStore> opener;
  private final Duration retryInterval;
  private final ScheduledExecutorService executor;
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private final List<Consumer<JdbcConfigStore>> openListeners = new CopyOnWriteArrayList<>();
  private final LongSupplier nanoTime;
  private volatile JdbcConfigStore store;
  private volatile boolean reachable;
  private volatile long failedAtNanos;
  private volatile boolean closed;

  /** How long uses fail fast after one found the database unreachable. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private StoreConnection(
      Supplier<JdbcConfigStore> opener, Duration retryInterval, LongSupplier nanoTime) {
    this.opener = opener;
    this.retryInterval = retryInterval;
    this.nanoTime = nanoTime;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "isthmus-store-open");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts opening the store with {@code opener} (which migrates its schema), then every {@code
   * retryInterval} until it succeeds.
   */
  public static StoreConnection start(Supplier<JdbcConfigStore> opener, Duration retryInterval) {
    return start(opener, retryInterval, System::nanoTime);
  }

  /** As {@link #start(Supplier, Duration)}, with the monotonic clock the fail-fast window uses. */
  static StoreConnection start(
      Supplier<JdbcConfigStore> opener, Duration retryInterval, LongSupplier nanoTime) {
    StoreConnection connection = new StoreConnection(opener, retryInterval, nanoTime);
    connection.executor.execute(connection::tryOpen);
    return connection;
  }

  /**
   * Waits up to {@code timeout} for the first attempt to open the store to finish; true if the
   * store is open. A migration that takes longer goes on in the background.
   */
  public boolean awaitFirstAttempt(Duration timeout) throws InterruptedException {
    firstAttempt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return store != null;
  }

  /**
   * Runs {@code listener} with the store once it is open: at once (on this thread) if it already
   * is, else on the opening thread when it opens.
   */
  public void onOpen(Consumer<JdbcConfigStore> listener) {
    openListeners.add(listener);
    JdbcConfigStore open = store;
    if (open != null && openListeners.remove(listener)) {
      listener.accept(open);
    }
  }

  /**
   * Runs {@code work} on the store.
   *
   * @throws StoreUnavailableException if the store is not open, or {@code work} failed because the
   *     database could not be reached; other failures propagate unchanged
   */
  public <T> T call(Function<JdbcConfigStore, T> work) {
    JdbcConfigStore open = store;
    if (open == null) {
      throw new StoreUnavailableException(
          "the configuration store is unreachable (not opened since start; retrying)");
    }
    if (!reachable && nanoTime.getAsLong() - failedAtNanos < RETRY_AFTER_FAILURE.toNanos()) {
      throw new StoreUnavailableException(
          "the configuration store is unreachable (the last attempt failed; retrying)");
    }
    try {
      T result = work.apply(open);
      reachable = true;
      return result;
    } catch (RuntimeException e) {
      if (e instanceof StoreUnavailableException || StoreFailures.isUnreachable(e)) {
        if (reachable) {
          log.warn("Configuration store unreachable: {}", e.getMessage());
        }
        failedAtNanos = nanoTime.getAsLong();
        reachable = false;
        throw e instanceof StoreUnavailableException unavailable
            ? unavailable
            : new StoreUnavailableException(
                "the configuration store is unreachable: " + e.getMessage(), e);
      }
      reachable = true; // it answered, if only to refuse
      throw e;
    }
  }

  /** Whether the store is open and the last use reached it. */
  public boolean isUp() {
    return store != null && reachable;
  }

  /** The store if it is open (it may still be unreachable). */
  public Optional<JdbcConfigStore> opened() {
    return Optional.ofNullable(store);
  }

  private void tryOpen() {
    if (closed) {
      return;
    }
    JdbcConfigStore opened;
    try {
      opened = opener.get();
    } catch (RuntimeException e) {
      if (firstAttempt.getCount() > 0) {
        log.warn(
            "Cannot open the configuration store, retrying every {} s in the background: {}",
            retryInterval.toSeconds(),
            e.getMessage());
      } else {
        log.debug("Configuration store still unreachable: {}", e.getMessage());
      }
      firstAttempt.countDown();
      if (!closed) {
        executor.schedule(this::tryOpen, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
      }
      return;
    }
    reachable = true;
    store = opened;
    firstAttempt.countDown();
    log.info("Configuration store open (schema migrated)");
    // A copy-on-write list iterates over a snapshot; remove() makes each listener run once even
    // when onOpen() races with this.
    for (Consumer<JdbcConfigStore> listener : List.copyOf(openListeners)) {
      if (openListeners.remove(listener)) {
        try {
          listener.accept(opened);
        } catch (RuntimeException e) {
          log.error("A store-open listener failed", e);
        }
      }
    }
  }

  /** Stops trying and closes the store if it was opened. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    JdbcConfigStore open = store;
    if (open != null) {
      open.close();
    }
  }
}
