package io.isthmus.server.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Route 53 Resolver–style query logs (admin-api.md "Troubleshooting") as JSON lines, off the
 * query path.
 *
 * <p>On the query path ({@link #onQuery}) it does one volatile read of the {@link QueryLogRouting}
 * and, for a VPC that is logged, offers the event to a bounded lock-free queue ({@link MpscRing}).
 * A full queue drops the event and counts it ({@link #droppedQueueFull()}); nothing ever waits. One
 * writer thread formats each line once ({@link QueryLogFormat}) and appends it to every destination
 * of the VPC's configurations: {@code stdout}, or {@code <data dir>/query-logs/<owner
 * directory>/NAME.jsonl}, rotated by size ({@link RotatingFile}). Lines are flushed after each
 * batch. A failed write drops the line for that destination, counts it ({@link
 * #droppedWriteErrors()}), and the file is reopened for the next line.
 *
 * <p>Thread-safe: {@link #onQuery} may be called from any thread; everything else is confined to
 * the writer thread (or, when it is not started, to the one thread calling {@link #drain()}).
 */
public final class QueryLogWriter implements QueryObserver, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryLogWriter.class);

  /** Queued lines at most: about a second of a busy node's logged queries. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** A log file is rotated before it grows past this. */
  public static final long DEFAULT_ROTATE_BYTES = 100L * 1024 * 1024;

  /** Rotated files kept per log: NAME.jsonl.1 … NAME.jsonl.5. */
  public static final int DEFAULT_KEEP_FILES = 5;

  /** The directory under the data dir that holds every owner's log files. */
  public static final String DIRECTORY = "query-logs";

  private static final String STDOUT_KEY = "stdout";
  private static final int BATCH = 512;
  private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A logged query and the destinations it had when it was answered. Immutable. */
  private record Pending(QueryEvent event, List<QueryLogTarget> targets) {}

  /** Where lines go. */
  private interface Sink extends AutoCloseable {
    void write(byte[] line) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;
  }

  private final QueryLogRouting routing;
  private final QueryLogDirectory directory;
  private final Path root;
  private final String nodeId;
  private final MpscRing<Pending> queue;
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
  private final StringBuilder line = new StringBuilder(1024);
  private final List<Sink> touched = new ArrayList<>();
  private final Map<QueryLogTarget, String> keys = new HashMap<>();
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
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.queue = new MpscRing<>(queueCapacity);
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
   * On the query path: queues the event when its VPC is logged. Never blocks, never formats; one
   * small allocation per logged query.
   */
  @Override
  public void onQuery(QueryEvent event) {
    List<QueryLogTarget> targets = routing.targets(event.vpcId());
    if (targets == null) {
      return;
    }
    if (!queue.offer(new Pending(event, targets))) {
      droppedQueueFull.increment();
    }
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

  /** Events waiting to be written, roughly. */
  int queued() {
    return queue.size();
  }

  /**
   * Writes every queued event now, on the calling thread, and flushes. For tests and for {@link
   * #close()}: must not run while the writer thread does.
   *
   * @return the number of events taken from the queue
   */
  int drain() {
    int total = 0;
    List<Pending> batch = new ArrayList<>(BATCH);
    while (takeBatch(batch) > 0) {
      total += batch.size();
      write(batch);
      batch.clear();
    }
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
        log.warn("Query log writer did not stop in 5 s; {} lines may be lost", queue.size());
        return;
      }
    }
    drain();
    closeAll();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(BATCH);
    long park = MIN_IDLE_PARK_NANOS;
    while (!closing) {
      try {
        if (takeBatch(batch) == 0) {
          // No signal from producers (that would cost them): back off while idle.
          LockSupport.parkNanos(park);
          park = Math.min(MAX_IDLE_PARK_NANOS, park * 2);
          continue;
        }
        park = MIN_IDLE_PARK_NANOS;
        write(batch);
      } catch (RuntimeException bug) {
        log.error("Query log writer failed; {} lines lost", batch.size(), bug);
      } finally {
        batch.clear();
      }
    }
  }

  private int takeBatch(List<Pending> batch) {
    Pending next;
    while (batch.size() < BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    return batch.size();
  }

  private void write(List<Pending> batch) {
    closeUnusedSinks();
    for (Pending pending : batch) {
      QueryEvent event = pending.event();
      line.setLength(0);
      QueryLogFormat.append(
          line,
          event,
          directory.vpc(event.vpcId()),
          directory.inboundEndpointId(event.local()),
          nodeId);
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      List<QueryLogTarget> targets = pending.targets();
      for (int i = 0; i < targets.size(); i++) {
        String key = key(targets.get(i));
        if (key == null || alreadyWritten(targets, i, key)) {
          continue;
        }
        writeTo(key, targets.get(i), bytes);
      }
    }
    for (Sink sink : touched) {
      try {
        sink.flush();
      } catch (IOException e) {
        failed(keyOf(sink), e);
      }
    }
    touched.clear();
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

  private void writeTo(String key, QueryLogTarget target, byte[] bytes) {
    Sink sink = sinks.get(key);
    try {
      if (sink == null) {
        sink = open(key, target);
        sinks.put(key, sink);
      }
      sink.write(bytes);
      written.increment();
      if (!touched.contains(sink)) {
        touched.add(sink);
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
    Set<String> used = new HashSet<>();
    current.values().forEach(targets -> targets.forEach(t -> used.add(key(t))));
    sinks
        .entrySet()
        .removeIf(
            entry -> {
              if (used.contains(entry.getKey())) {
                return false;
              }
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
    public void write(byte[] line) throws IOException {
      // One call per line: a PrintStream writes it whole, between other writers' lines.
      out.write(line);
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
    public void write(byte[] line) throws IOException {
      file.write(line);
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
