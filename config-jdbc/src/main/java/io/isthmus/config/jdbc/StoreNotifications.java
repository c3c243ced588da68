package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the notifications the store sends on commit ({@link #CONFIG_CHANNEL} for a
 * configuration write, {@code HealthStatusStore.CHANNEL} for saved health statuses), so that a node
 * hears of a change at once instead of at its next poll. PostgreSQL only: on another database (H2)
 * it stops after its first connection and never calls back, and callers keep their poll, which
 * stays the safety net everywhere.
 *
 * <p>A daemon thread holds one connection of the DataSource for as long as it listens, waits on it
 * for notifications ({@code PGConnection.getNotifications}) and calls each notified channel's
 * callback once per batch of notifications (callbacks must therefore re-read the store, not count
 * calls). PostgreSQL delivers notifications only to a session that was listening when they were
 * sent, so whenever the thread starts listening (at first, and after every reconnect) it calls
 * every callback once: what was committed while it was not listening is then caught up. A lost
 * connection (an error while waiting, or a liveness check failing after a quiet spell) is closed
 * and opened again after a back-off of one second, doubling up to ten, without operator action.
 * Callbacks run on the listening thread, one at a time; one that throws is logged and does not stop
 * the others.
 *
 * <p>Thread-safe; {@link #close} stops the thread.
 */
public final class StoreNotifications implements AutoCloseable {
  /** The channel a committed configuration write notifies; the payload is the new version. */
  public static final String CONFIG_CHANNEL = "isthmus_config";

  /** How the listening session names itself in {@code pg_stat_activity}. */
  static final String APPLICATION_NAME = "isthmus-notifications";

  private static final Logger log = LoggerFactory.getLogger(StoreNotifications.class);

  /** Channels are written into LISTEN as identifiers, which cannot be bind parameters. */
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** How long one wait blocks: it bounds how long {@link #close} waits for the thread. */
  private static final int WAIT_MILLIS = 500;

  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LAST_RETRY = Duration.ofSeconds(10);

  /**
   * A connection that merely goes silent (a peer gone without a reset) shows no error while we
   * wait, so after this long without a notification the thread checks it with a round trip: one
   * query per node every half minute when idle.
   */
  private static final Duration LIVENESS_INTERVAL = Duration.ofSeconds(30);

  private static final int LIVENESS_TIMEOUT_SECONDS = 5;

  private final DataSource dataSource;
  private final Map<String, Runnable> callbacks;
  private final Duration firstRetry;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean listening;

  private StoreNotifications(
      DataSource dataSource, Map<String, Runnable> callbacks, Duration firstRetry) {
    this.dataSource = dataSource;
    this.callbacks = callbacks;
    this.firstRetry = firstRetry;
    this.thread = new Thread(this::run, "store-notifications");
    thread.setDaemon(true);
  }

  /**
   * Starts listening on {@code dataSource} for the channels of {@code callbacks} and returns at
   * once; the connection is made, and remade, on the listening thread, so this works while the
   * database is away too.
   *
   * @param callbacks by channel name (lower-case letters, digits and underscores), run on the
   *     listening thread in this map's iteration order when all are called
   * @throws IllegalArgumentException if there is no channel or one is not such a name
   */
  public static StoreNotifications listen(DataSource dataSource, Map<String, Runnable> callbacks) {
    return listen(dataSource, callbacks, FIRST_RETRY);
  }

  /** {@link #listen(DataSource, Map)} with another first back-off. */
  static StoreNotifications listen(
      DataSource dataSource, Map<String, Runnable> callbacks, Duration firstRetry) {
    if (callbacks.isEmpty()) {
      throw new IllegalArgumentException("no channel to listen on");
    }
    for (String channel : callbacks.keySet()) {
      if (!CHANNEL.matcher(channel).matches()) {
        throw new IllegalArgumentException("not a channel name: '" + channel + "'");
      }
    }
    StoreNotifications notifications =
        new StoreNotifications(
            dataSource, Collections.unmodifiableMap(new LinkedHashMap<>(callbacks)), firstRetry);
    notifications.thread.start();
    return notifications;
  }

  /**
   * Whether the thread is listening now: connected to PostgreSQL with every LISTEN done. False on
   * another database, while reconnecting and once closed.
   */
  public boolean listening() {
    return listening;
  }

  /** Whether the listening thread has ended: closed, or the database is not PostgreSQL. */
  boolean stopped() {
    return !thread.isAlive();
  }

  /** Stops listening and waits briefly for the thread to let its connection go. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt(); // ends a back-off sleep; a wait ends within WAIT_MILLIS
    try {
      thread.join(WAIT_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Duration retry = firstRetry;
    boolean reported = false;
    while (!closed) {
      try (Listener listener = new Listener(dataSource.getConnection())) {
        if (!NotifySender.isPostgresDatabase(listener.connection)) {
          log.info("The store is not PostgreSQL: nodes learn of changes by polling only");
          return;
        }
        listener.listen(callbacks.keySet());
        listening = true;
        retry = firstRetry;
        if (reported) {
          log.info("Listening for store notifications again");
          reported = false;
        }
        callAll();
        listener.receive();
      } catch (SQLException | RuntimeException e) {
        if (!closed && !reported) {
          log.warn("Not listening for store notifications, retrying: {}", e.toString());
          reported = true;
        }
      } finally {
        listening = false;
      }
      if (!sleep(retry)) {
        return;
      }
      Duration doubled = retry.multipliedBy(2);
      retry = doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
    }
  }

  /** Whether the sleep ran its course: false once closed. */
  private boolean sleep(Duration delay) {
    if (closed) {
      return false;
    }
    try {
      Thread.sleep(delay.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      return false; // only close() interrupts this private thread
    }
  }

  private void callAll() {
    callbacks.keySet().forEach(this::call);
  }

  private void call(String channel) {
    try {
      callbacks.get(channel).run(); // only channels of ours are listened to
    } catch (RuntimeException e) {
      log.warn("A store notification callback for {} failed", channel, e);
    }
  }

  /** The listening session on one connection; closing it gives the connection back clean. */
  private final class Listener implements AutoCloseable {
    private final Connection connection;
    private final boolean autoCommitBefore;
    private boolean listened;

    Listener(Connection connection) throws SQLException {
      this.connection = connection;
      this.autoCommitBefore = connection.getAutoCommit();
    }

    void listen(Set<String> channels) throws SQLException {
      // LISTEN takes effect on commit, and notifications reach only a session between
      // transactions: the session must not sit in an open one.
      listened = true;
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
        for (String channel : channels) {
          statement.execute("LISTEN " + channel);
        }
      }
    }

    /** Waits for notifications until closed; throws once the connection is lost. */
    void receive() throws SQLException {
      PGConnection postgres = connection.unwrap(PGConnection.class);
      long quietSince = System.nanoTime();
      while (!closed) {
        PGNotification[] received = postgres.getNotifications(WAIT_MILLIS);
        if (received != null && received.length > 0) {
          Set<String> channels = new LinkedHashSet<>();
          for (PGNotification notification : received) {
            channels.add(notification.getName());
          }
          channels.forEach(StoreNotifications.this::call);
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince >= LIVENESS_INTERVAL.toNanos()) {
          if (!connection.isValid(LIVENESS_TIMEOUT_SECONDS)) {
            throw new SQLException("the listening connection no longer answers");
          }
          quietSince = System.nanoTime();
        }
      }
    }

    /**
     * A pooled connection goes back to the pool: it must stop listening, or the server would keep
     * queueing notifications to a session that never reads them. A lost one fails here; the pool
     * discards it.
     */
    @Override
    public void close() {
      try (connection) {
        if (listened) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            statement.execute("RESET application_name");
          }
          connection.setAutoCommit(autoCommitBefore);
        }
      } catch (SQLException | RuntimeException e) {
        log.debug("Could not reset the listening connection", e);
      }
    }
  }
}
