package io.isthmus.server.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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

  private static final String STDOUT_KEY = "stdout";
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

  /** Where lines go. */
  private interface Sink extends AutoCloseable {
    void write(byte[] line, int offset, int length) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;
  }

  private final QueryLogRouting routing;
  private final QueryLogDirectory directory;
  private final Path root;
  private final int queueCapacity;
  private final List<LoggedQueryRing> rings = new CopyOnWriteArrayList<>();
  private final ThreadLocal<LoggedQueryRing> ringOfThread = ThreadLocal.withInitial(this::newRing);
  private final long rotateBytes;
  private final int keepFiles;
  private final OutputStream stdout;
  private final LongAdder droppedQueueFull = new LongAdder();
  private final LongAdder droppedWriteErrors = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final Thread thread;
  private volatile boolean closing;
  private boolean started; // guarded by this

  // Writer-thread state.
  private final Map<String, Sink> sinks = new HashMap<>();
  private final Map<String, Long> writeFailures = new HashMap<>();
  private final QueryLogFormat format;
  private final LineBuffer line = new LineBuffer(1024);
  private final List<Sink> touched = new ArrayList<>();
  private long lastFlushNanos;
  private final Map<QueryLogTarget, String> keys = new HashMap<>();
  private final Map<List<QueryLogTarget>, String[]> destinations = new IdentityHashMap<>();
  private List<QueryLogTarget> lastTargets;
  private String[] lastKeys;
  private Sink lastTouched;
  private Map<String, List<QueryLogTarget>> routingSeen;

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
    this.directory = Objects.requireNonNull(directory, "directory");
    this.root = dataDir.resolve(DIRECTORY).toAbsolutePath().normalize();
    this.format = new QueryLogFormat(directory, nodeId);
    if (queueCapacity <= 0) {
      throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
    if (rotateBytes <= 0 || keepFiles < 0) {
      throw new IllegalArgumentException("rotateBytes must be positive, keepFiles not negative");
    }
    this.rotateBytes = rotateBytes;
    this.keepFiles = keepFiles;
    this.stdout = Objects.requireNonNull(stdout, "stdout");
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
    if (!ringOfThread.get().offer(event, targets)) {
      droppedQueueFull.increment();
    }
  }

  /** A query thread's first logged query: its ring, which the writer thread reads from then on. */
  private LoggedQueryRing newRing() {
    LoggedQueryRing ring = new LoggedQueryRing(queueCapacity);
    rings.add(ring);
    return ring;
  }

  /** Lines not logged because the queue was full. */
  public long droppedQueueFull() {
    return droppedQueueFull.sum();
  }

  /** Lines not logged to a destination because writing failed. */
  public long droppedWriteErrors() {
    return droppedWriteErrors.sum();
  }

  /** Lines written, one per destination. */
  public long written() {
    return written.sum();
  }

  /** Lines queued at most per query thread. */
  int queueCapacity() {
    return queueCapacity;
  }

  /** Events waiting to be written, roughly. */
  int queued() {
    int queued = 0;
    for (LoggedQueryRing ring : rings) {
      queued += ring.size();
    }
    return queued;
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
    closeAll();
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
    closeUnusedSinks();
    int total = 0;
    for (LoggedQueryRing ring : rings) {
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
    List<QueryLogTarget> targets = query.targets;
    String[] keys = destinations(targets);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        writeTo(keys[i], targets.get(i));
      }
    }
  }

  /**
   * The sink key of each target of a VPC's list, null for one not to write (invalid, or a file an
   * earlier target of the list already names). Kept per list: the routing hands out the same list
   * for every query of the VPC until it changes.
   */
  private String[] destinations(List<QueryLogTarget> targets) {
    if (targets == lastTargets) {
      return lastKeys;
    }
    String[] keys = destinations.get(targets);
    if (keys == null) {
      keys = new String[targets.size()];
      for (int i = 0; i < keys.length; i++) {
        String key = key(targets.get(i));
        keys[i] = key == null || alreadyWritten(targets, i, key) ? null : key;
      }
      destinations.put(targets, keys);
    }
    lastTargets = targets;
    lastKeys = keys;
    return keys;
  }

  /**
   * Flushes when the last flush is {@link #FLUSH_INTERVAL_MILLIS} old and something was written.
   *
   * @return nanoseconds until the next flush is due, or a long time when nothing waits
   */
  private long flushIfDue() {
    if (touched.isEmpty()) {
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
    // A copy: a failed sink is taken out of the touched list while this loop runs.
    for (Sink sink : touched.toArray(new Sink[0])) {
      try {
        sink.flush();
      } catch (IOException e) {
        failed(keyOf(sink), e);
      }
    }
    touched.clear();
    lastTouched = null;
  }

  /** Two configurations of a VPC naming the same file get one line, not two. */
  private boolean alreadyWritten(List<QueryLogTarget> targets, int index, String key) {
    for (int j = 0; j < index; j++) {
      if (key.equals(key(targets.get(j)))) {
        return true;
      }
    }
    return false;
  }

  private void writeTo(String key, QueryLogTarget target) {
    Sink sink = sinks.get(key);
    try {
      if (sink == null) {
        sink = open(key, target);
        sinks.put(key, sink);
      }
      sink.write(line.array(), 0, line.length());
      written.increment();
      if (sink != lastTouched) {
        if (!touched.contains(sink)) {
          touched.add(sink);
        }
        lastTouched = sink;
      }
    } catch (IOException | RuntimeException e) {
      droppedWriteErrors.increment();
      failed(key, e);
    }
  }

  private Sink open(String key, QueryLogTarget target) {
    if (STDOUT_KEY.equals(key)) {
      return new StreamSink(stdout);
    }
    return new FileSink(Path.of(key), rotateBytes, keepFiles);
  }

  /**
   * The sink key of a target: "stdout", or the absolute path of its file. Null (and logged) for a
   * path that would leave the log directory, which validated names cannot produce.
   */
  private String key(QueryLogTarget target) {
    if (target.isStdout()) {
      return STDOUT_KEY;
    }
    String key = keys.get(target);
    if (key == null && !keys.containsKey(target)) {
      key = fileKey(target);
      keys.put(target, key);
    }
    return key;
  }

  private String fileKey(QueryLogTarget target) {
    Path file =
        root.resolve(target.ownerDirectory()).resolve(target.fileName() + ".jsonl").normalize();
    if (!file.startsWith(root) || file.getParent().equals(root)) {
      log.warn("Query log destination of {} leaves {}; not written", target.configId(), root);
      return null;
    }
    return file.toString();
  }

  /** Closes the files of configurations no longer routed to, when the routing changed. */
  private void closeUnusedSinks() {
    Map<String, List<QueryLogTarget>> current = routing.current();
    if (current == routingSeen) {
      return;
    }
    routingSeen = current;
    keys.clear();
    destinations.clear();
    lastTargets = null;
    lastKeys = null;
    Set<String> used = new HashSet<>();
    current.values().forEach(targets -> targets.forEach(t -> used.add(key(t))));
    sinks
        .entrySet()
        .removeIf(
            entry -> {
              if (used.contains(entry.getKey())) {
                return false;
              }
              touched.remove(entry.getValue());
              lastTouched = null;
              closeQuietly(entry.getKey(), entry.getValue());
              return true;
            });
    writeFailures.keySet().retainAll(used);
  }

  /** Closes the failed sink, so the next line reopens it; logs the first failure, then fewer. */
  private void failed(String key, Exception e) {
    Sink sink = sinks.remove(key);
    if (sink != null) {
      touched.remove(sink);
      lastTouched = null;
      closeQuietly(key, sink);
    }
    long failures = writeFailures.merge(key, 1L, Long::sum);
    if (Long.bitCount(failures) == 1) {
      log.warn("Query log {}: write failed ({} failures so far): {}", key, failures, e.toString());
    }
  }

  private String keyOf(Sink sink) {
    for (Map.Entry<String, Sink> entry : sinks.entrySet()) {
      if (entry.getValue() == sink) {
        return entry.getKey();
      }
    }
    return STDOUT_KEY;
  }

  private void closeAll() {
    sinks.forEach(this::closeQuietly);
    sinks.clear();
  }

  private void closeQuietly(String key, Sink sink) {
    try {
      sink.close();
    } catch (IOException e) {
      log.warn("Query log {}: close failed: {}", key, e.toString());
    }
  }

  /** The node's standard output: flushed, never closed. */
  private static final class StreamSink implements Sink {
    private final OutputStream out;

    StreamSink(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte[] line, int offset, int length) throws IOException {
      // One call per line: a PrintStream writes it whole, between other writers' lines.
      out.write(line, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
      // A PrintStream swallows I/O errors; checkError() (which flushes too) reveals them.
      if (out instanceof PrintStream print && print.checkError()) {
        throw new IOException("standard output failed");
      }
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** A rotated log file. */
  private static final class FileSink implements Sink {
    private final RotatingFile file;

    FileSink(Path path, long rotateBytes, int keepFiles) {
      this.file = new RotatingFile(path, rotateBytes, keepFiles);
    }

    @Override
    public void write(byte[] line, int offset, int length) throws IOException {
      file.write(line, offset, length);
    }

    @Override
    public void flush() throws IOException {
      file.flush();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
