package io.isthmus.server.querylog;

import io.isthmus.server.query.QueryEvent;
import io.isthmus.server.query.QueryObserver;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Route 53 Resolver–style query logs (docs/spec/admin-api.md "Troubleshooting") as JSON
 * lines, off the query path.
 *
 * <p>On the query path ({@link #onQuery}) it does one volatile read of the {@link QueryLogRouting}
 * and, for a VPC that is logged, copies the event into the query thread's own bounded ring ({@link
 * LoggedQueryRing}): no lock, no compare-and-set shared with other query threads, no allocation. A
 * full ring drops the event and counts it ({@link #droppedQueueFull()}); nothing ever waits. One
 * writer thread formats each line once ({@link QueryLogFormat}) and appends it to every destination
 * of the VPC's configurations: {@code stdout}, or {@code <data dir>/query-logs/<owner
 * directory>/NAME.jsonl}, rotated by size ({@link RotatingFile}). Lines are written out when a
 * file's buffer fills and at least every {@link #FLUSH_INTERVAL_MILLIS} ms, so a line shows up in
 * its file within about that long, and a busy log costs few large writes. A failed write drops the
 * line for that destination, counts it ({@link #droppedWriteErrors()}), and the file is reopened
 * for the next line.
 *
 * <p>Three parts: the query threads' rings ({@link QueryLogRings}), this writer loop, and the
 * destinations ({@link QueryLogDestinations}).
 *
 * <p>Thread-safe: {@link #onQuery} may be called from any thread; everything else is confined to
 * the writer thread (or, when it is not started, to the one thread calling {@link #drain()}).
 */
public final class QueryLogWriter implements QueryObserver, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryLogWriter.class);

  /** Queued lines at most, per query thread. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** A log file is rotated before it grows past this. */
  public static final long DEFAULT_ROTATE_BYTES = 100L * 1024 * 1024;

  /** Rotated files kept per log: NAME.jsonl.1 … NAME.jsonl.5. */
  public static final int DEFAULT_KEEP_FILES = 5;

  /** The directory under the data dir that holds every owner's log files. */
  public static final String DIRECTORY = "query-logs";

  /** Buffered lines reach their destination within about this many milliseconds. */
  public static final long FLUSH_INTERVAL_MILLIS = 100;

  private static final int BATCH = 512;
  private static final long FLUSH_INTERVAL_NANOS =
      TimeUnit.MILLISECONDS.toNanos(FLUSH_INTERVAL_MILLIS);

  /**
   * The writer sleeps at least this long once the queue is empty. A wake-up costs tens of
   * microseconds of CPU (measured: about 37 ms of CPU a second at 1,000 wake-ups a second), so a
   * busy writer wakes 100 times a second, not 1,000; the default queue holds these 10 ms at up to a
   * million logged queries a second.
   */
  private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final QueryLogRouting routing;
  private final QueryLogRings rings;
  private final Thread thread;
  private volatile boolean closing;
  private boolean started; // guarded by this

  // Writer-thread state.
  private final QueryLogFormat format;
  private final LineBuffer line = new LineBuffer(1024);
  private final QueryLogDestinations destinations;
  private long lastFlushNanos;

  /** A writer with the default queue, rotation and {@link System#out}; see {@link #start()}. */
  public QueryLogWriter(
      QueryLogRouting routing, QueryLogDirectory directory, Path dataDir, String nodeId) {
    this(
        routing,
        directory,
        dataDir,
        nodeId,
        DEFAULT_QUEUE_CAPACITY,
        DEFAULT_ROTATE_BYTES,
        DEFAULT_KEEP_FILES,
        System.out);
  }

  /**
   * @param dataDir the node's data dir; files go under {@code <dataDir>/query-logs/}
   * @param nodeId the {@code node_id} of every line
   * @param queueCapacity lines queued at most before they are dropped
   * @param rotateBytes the size at which a log file is rotated
   * @param keepFiles how many rotated files are kept per log
   * @param stdout where the {@code stdout} destination writes
   */
  public QueryLogWriter(
      QueryLogRouting routing,
      QueryLogDirectory directory,
      Path dataDir,
      String nodeId,
      int queueCapacity,
      long rotateBytes,
      int keepFiles,
      OutputStream stdout) {
    this.routing = Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(directory, "directory");
    Path root = dataDir.resolve(DIRECTORY).toAbsolutePath().normalize();
    this.format = new QueryLogFormat(directory, nodeId);
    this.rings = new QueryLogRings(queueCapacity);
    this.destinations = new QueryLogDestinations(root, rotateBytes, keepFiles, stdout);
    this.thread = new Thread(this::run, "isthmus-querylog");
    thread.setDaemon(true);
  }

  /** Starts the writer thread (once). Until then, events queue up (and drop when it is full). */
  public synchronized QueryLogWriter start() {
    if (!started && !closing) {
      started = true;
      thread.start();
    }
    return this;
  }

  /**
   * On the query path: queues the event when its VPC is logged. Never blocks, never formats, does
   * not allocate (but for the thread's ring, on its first logged query).
   */
  @Override
  public void onQuery(QueryEvent event) {
    List<QueryLogTarget> targets = routing.targets(event.vpcId());
    if (targets == null) {
      return;
    }
    rings.offer(event, targets);
  }

  /** Lines not logged because the queue was full. */
  public long droppedQueueFull() {
    return rings.droppedQueueFull();
  }

  /** Lines not logged to a destination because writing failed. */
  public long droppedWriteErrors() {
    return destinations.droppedWriteErrors();
  }

  /** Lines written, one per destination. */
  public long written() {
    return destinations.written();
  }

  /** Lines queued at most per query thread. */
  public int queueCapacity() {
    return rings.capacity();
  }

  /** Events waiting to be written, roughly. */
  int queued() {
    return rings.queued();
  }

  /**
   * Writes every queued event now, on the calling thread, and flushes. For tests and for {@link
   * #close()}: must not run while the writer thread does.
   *
   * @return the number of events taken from the queue
   */
  int drain() {
    int total = 0;
    for (int written = writeSome(); written > 0; written = writeSome()) {
      total += written;
    }
    flush();
    return total;
  }

  /** Stops the writer thread, writes what is still queued and closes the files. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    if (thread.isAlive()) {
      LockSupport.unpark(thread);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        log.warn("Query log writer did not stop in 5 s; {} lines may be lost", queued());
        return;
      }
    }
    drain();
    destinations.closeAll();
  }

  private void run() {
    long park = MIN_IDLE_PARK_NANOS;
    lastFlushNanos = System.nanoTime();
    while (!closing) {
      try {
        if (writeSome() == 0) {
          long untilFlush = flushIfDue();
          // No signal from producers (that would cost them): back off while idle, but wake for
          // a pending flush.
          LockSupport.parkNanos(Math.min(park, untilFlush));
          park = Math.min(MAX_IDLE_PARK_NANOS, park * 2);
          continue;
        }
        park = MIN_IDLE_PARK_NANOS;
        flushIfDue();
      } catch (RuntimeException bug) {
        log.error("Query log writer failed; the line is lost", bug);
      }
    }
  }

  /**
   * Writes up to {@value #BATCH} queued queries of each query thread's ring.
   *
   * @return how many were taken
   */
  private int writeSome() {
    destinations.closeUnusedSinks(routing.current());
    int total = 0;
    for (LoggedQueryRing ring : rings.all()) {
      LoggedQuery query;
      for (int n = 0; n < BATCH && (query = ring.peek()) != null; n++) {
        total++;
        try {
          write(query);
        } finally {
          ring.release();
        }
      }
    }
    return total;
  }

  private void write(LoggedQuery query) {
    line.clear();
    format.append(line, query);
    destinations.write(line, query.targets);
  }

  /**
   * Flushes when the last flush is {@link #FLUSH_INTERVAL_MILLIS} old and something was written.
   *
   * @return nanoseconds until the next flush is due, or a long time when nothing waits
   */
  private long flushIfDue() {
    if (!destinations.hasUnflushed()) {
      return MAX_IDLE_PARK_NANOS;
    }
    long now = System.nanoTime();
    long due = lastFlushNanos + FLUSH_INTERVAL_NANOS - now;
    if (due > 0) {
      return due;
    }
    flush();
    return MAX_IDLE_PARK_NANOS;
  }

  private void flush() {
    lastFlushNanos = System.nanoTime();
    destinations.flush();
  }
}
