package io.isthmus.server.store;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigData;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.server.lastsnapshot.LastSnapshot;
import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last-snapshot file and the {@link AccountTokens} in step with what the node serves:
 * after each configuration published from the store it reads the account token hashes, and the file
 * is rewritten with the configuration, the tokens and the health statuses the node answers from; it
 * is rewritten too when those statuses change (compared every {@link #STATUS_CHECK}, so a burst of
 * changes makes one write). At a start without the store it reads the file back: the tokens are
 * accepted again and the statuses resumed before the configuration is served.
 *
 * <p>Writes run on the keeper's own thread, never on the snapshot thread nor the query path; a
 * write that fails leaves the previous file and is retried at the next check. Thread-safe: {@link
 * #published} and {@link #lastServed} run on the snapshot thread, the writes on the keeper's; what
 * they share is volatile.
 */
public final class LastSnapshotKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LastSnapshotKeeper.class);

  /** How often the health statuses are compared with the ones in the file. */
  public static final Duration STATUS_CHECK = Duration.ofSeconds(1);

  /** How many times as long as its last write took the keeper waits before the next one. */
  static final int REST_PER_WRITE = 4;

  /** How long {@link #close} waits for the last write (one fsync'd file, usually milliseconds). */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  /** Takes the file's configuration with the statuses it kept, before that configuration serves. */
  @FunctionalInterface
  public interface StatusResumer {
    void resume(ConfigData config, List<StoredHealthStatus> statuses);
  }

  private final LastSnapshotFile file;
  private final StoreConnection connection;
  private final AccountTokens tokens;
  private final Supplier<List<StoredHealthStatus>> statuses;
  private final StatusResumer resumer;
  private final ScheduledExecutorService writer;
  private final AtomicBoolean writeQueued = new AtomicBoolean();

  // What the node serves (null before the first configuration), and what the file holds.
  private volatile Served served;
  private volatile Written written;
  private boolean failing; // confined to the writer thread
  private volatile long restUntilNanos = System.nanoTime();

  /**
   * @param statuses the health statuses the node answers from now (thread-safe)
   * @param resumer called on a start from the file with what it kept
   */
  public LastSnapshotKeeper(
      LastSnapshotFile file,
      StoreConnection connection,
      AccountTokens tokens,
      Supplier<List<StoredHealthStatus>> statuses,
      StatusResumer resumer) {
    this.file = file;
    this.connection = connection;
    this.tokens = tokens;
    this.statuses = statuses;
    this.resumer = resumer;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "isthmus-last-snapshot");
              thread.setDaemon(true);
              return thread;
            });
    // close() writes what is due at once: a write still resting then has nothing left to do.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.writer = executor;
  }

  /** Starts comparing the health statuses with the file's every {@link #STATUS_CHECK}. */
  public void start() {
    long millis = STATUS_CHECK.toMillis();
    writer.scheduleWithFixedDelay(this::writeIfChanged, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** After {@code data} from the store was published: remember it and its tokens in the file. */
  public void published(ConfigData data) {
    Map<String, Account> current;
    try {
      current = connection.call(JdbcConfigStore::accountsByTokenHash);
      tokens.replace(current);
    } catch (StoreUnavailableException e) {
      // The configuration is newer than the tokens known; keep those rather than none.
      current = tokens.asOfSnapshot();
    }
    served = new Served(data, current);
    requestWrite();
  }

  /**
   * The configuration of the last-snapshot file, its tokens now accepted and its health statuses
   * resumed; empty if the file is unusable.
   */
  public Optional<ConfigData> lastServed() {
    Optional<LastSnapshot> last = file.read();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    LastSnapshot snapshot = last.get();
    tokens.replace(snapshot.accountsByTokenHash());
    resumer.resume(snapshot.config(), snapshot.healthStatuses());
    // Only now: a write before the statuses were resumed would drop them from the file.
    Served fromFile = new Served(snapshot.config(), snapshot.accountsByTokenHash());
    written = new Written(fromFile, decisions(snapshot.healthStatuses()));
    served = fromFile;
    log.info(
        "Last-snapshot file read: configuration version {}, {} health statuses",
        snapshot.config().version(),
        snapshot.healthStatuses().size());
    return Optional.of(snapshot.config());
  }

  /**
   * Writes on the keeper's thread, as soon as the last write's cost allows; requests before that
   * write make one. A file of a million records takes seconds to write: a node applying a change
   * every few milliseconds would otherwise spend a core rewriting it, so after each write the
   * keeper rests {@link #REST_PER_WRITE} times as long as the write took (a small configuration's
   * file, written in milliseconds, is written again at once).
   */
  private void requestWrite() {
    if (writeQueued.compareAndSet(false, true)) {
      long delay = Math.max(0, restUntilNanos - System.nanoTime());
      try {
        writer.schedule(
            () -> {
              writeQueued.set(false);
              writeIfChanged();
            },
            delay,
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        // Shutting down: the file keeps the previous snapshot.
      }
    }
  }

  /**
   * Rewrites the file if the configuration served or its health statuses differ from what it holds
   * (statuses compared without their save stamps). Never throws: it runs on a schedule.
   */
  void writeIfChanged() {
    Served now = served;
    if (now == null) {
      return; // nothing served yet: the file keeps what an earlier run left
    }
    try {
      List<StoredHealthStatus> current = statuses.get();
      Set<StoredHealthStatus> decisions = decisions(current);
      Written last = written;
      if (last != null && last.served() == now && last.decisions().equals(decisions)) {
        return;
      }
      long started = System.nanoTime();
      file.write(new LastSnapshot(now.config, now.accountsByTokenHash, current));
      restUntilNanos = restUntil(started, System.nanoTime());
      written = new Written(now, decisions);
      if (failing) {
        failing = false;
        log.info("Last-snapshot file written again");
      }
    } catch (RuntimeException e) { // UncheckedIOException from the file among them
      if (!failing) {
        failing = true; // logged once per streak of failures, not at every check
        log.error("Cannot write the last-snapshot file; the previous one stays, retrying", e);
      }
    }
  }

  /** When the keeper may write again after a write from {@code started} to {@code finished}. */
  static long restUntil(long started, long finished) {
    return finished + REST_PER_WRITE * (finished - started);
  }

  /** The statuses without who saved them when: what decides whether the file is out of date. */
  private static Set<StoredHealthStatus> decisions(List<StoredHealthStatus> statuses) {
    Set<StoredHealthStatus> decisions = new HashSet<>();
    for (StoredHealthStatus s : statuses) {
      decisions.add(
          new StoredHealthStatus(
              s.checkId(),
              s.healthy(),
              s.alarmState(),
              s.since(),
              s.reason(),
              s.history(),
              "",
              null));
    }
    return decisions;
  }

  /**
   * Writes what is still due (a queued write, statuses changed since the last check), then stops;
   * the file keeps the last snapshot written. Waits at most {@link #CLOSE_WAIT} for the write.
   */
  @Override
  public void close() {
    try {
      writer.execute(this::writeIfChanged);
    } catch (RejectedExecutionException alreadyClosed) {
      return;
    }
    writer.shutdown(); // the periodic check is cancelled; the writes queued still run
    try {
      if (!writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Last-snapshot file write still running at shutdown; the previous file stays");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.shutdownNow();
  }

  /**
   * A configuration served with the tokens known with it; compared by identity, so that checking
   * whether the file is out of date never compares whole configurations. Immutable.
   */
  private static final class Served {
    final ConfigData config;
    final Map<String, Account> accountsByTokenHash;

    Served(ConfigData config, Map<String, Account> accountsByTokenHash) {
      this.config = config;
      this.accountsByTokenHash = accountsByTokenHash;
    }
  }

  /** What the file holds: the configuration served then and the statuses' decisions. */
  private record Written(Served served, Set<StoredHealthStatus> decisions) {}
}
