package io.isthmus.server.querylog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query log's destinations: {@code stdout}, or {@code <root>/<owner directory>/NAME.jsonl},
 * rotated by size ({@link RotatingFile}). Opens a sink on its first line, keeps the sinks of the
 * configurations still routed to, and closes the rest when the routing changes. A failed write
 * drops the line for that destination, counts it, and closes the sink so the next line reopens it.
 *
 * <p>Confined to the writer thread, but for the two counters, which any thread may read.
 */
final class QueryLogDestinations {

  // The writer's logger: the query log's warnings keep one name, however the code is split.
  private static final Logger log = LoggerFactory.getLogger(QueryLogWriter.class);

  private static final String STDOUT_KEY = "stdout";

  private final Path root;
  private final long rotateBytes;
  private final int keepFiles;
  private final OutputStream stdout;
  private final LongAdder droppedWriteErrors = new LongAdder();
  private final LongAdder written = new LongAdder();

  private final Map<String, QueryLogSink> sinks = new HashMap<>();
  private final Map<String, Long> writeFailures = new HashMap<>();
  private final List<QueryLogSink> touched = new ArrayList<>();
  private final Map<QueryLogTarget, String> keys = new HashMap<>();
  private final IdentityHashMap<List<QueryLogTarget>, String[]> destinations =
      new IdentityHashMap<>();
  private List<QueryLogTarget> lastTargets;
  private String[] lastKeys;
  private QueryLogSink lastTouched;
  private Map<String, List<QueryLogTarget>> routingSeen;

  /**
   * @param root the directory that holds every owner's log files
   * @param rotateBytes the size at which a log file is rotated
   * @param keepFiles how many rotated files are kept per log
   * @param stdout where the {@code stdout} destination writes
   */
  QueryLogDestinations(Path root, long rotateBytes, int keepFiles, OutputStream stdout) {
    this.root = root;
    if (rotateBytes <= 0 || keepFiles < 0) {
      throw new IllegalArgumentException("rotateBytes must be positive, keepFiles not negative");
    }
    this.rotateBytes = rotateBytes;
    this.keepFiles = keepFiles;
    this.stdout = Objects.requireNonNull(stdout, "stdout");
  }

  /** Lines not logged to a destination because writing failed. */
  long droppedWriteErrors() {
    return droppedWriteErrors.sum();
  }

  /** Lines written, one per destination. */
  long written() {
    return written.sum();
  }

  /** Appends the line to each destination of the VPC's targets (once per file). */
  void write(LineBuffer line, List<QueryLogTarget> targets) {
    String[] keys = destinations(targets);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        writeTo(keys[i], line);
      }
    }
  }

  /** True when a line was written since the last {@link #flush()}. */
  boolean hasUnflushed() {
    return !touched.isEmpty();
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

  void flush() {
    // A copy: a failed sink is taken out of the touched list while this loop runs.
    for (QueryLogSink sink : touched.toArray(new QueryLogSink[0])) {
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

  private void writeTo(String key, LineBuffer line) {
    QueryLogSink sink = sinks.get(key);
    try {
      if (sink == null) {
        sink = open(key);
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

  private QueryLogSink open(String key) {
    if (STDOUT_KEY.equals(key)) {
      return new QueryLogSink.StreamSink(stdout);
    }
    return new QueryLogSink.FileSink(Path.of(key), rotateBytes, keepFiles);
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
  void closeUnusedSinks(Map<String, List<QueryLogTarget>> current) {
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
    QueryLogSink sink = sinks.remove(key);
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

  private String keyOf(QueryLogSink sink) {
    for (Map.Entry<String, QueryLogSink> entry : sinks.entrySet()) {
      if (entry.getValue() == sink) {
        return entry.getKey();
      }
    }
    return STDOUT_KEY;
  }

  void closeAll() {
    sinks.forEach(this::closeQuietly);
    sinks.clear();
  }

  private void closeQuietly(String key, QueryLogSink sink) {
    try {
      sink.close();
    } catch (IOException e) {
      log.warn("Query log {}: close failed: {}", key, e.toString());
    }
  }
}
