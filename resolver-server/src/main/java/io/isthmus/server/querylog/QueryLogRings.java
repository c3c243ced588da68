package io.isthmus.server.querylog;

import io.isthmus.server.query.QueryEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The query path's half of the query log: hands each logged event to the calling thread's own
 * bounded {@link LoggedQueryRing}, made on that thread's first logged query, so query threads never
 * contend with each other. A full ring drops the event and counts it; nothing ever waits.
 *
 * <p>Thread-safe: {@link #offer} from any thread; {@link #all()} is read by the one writer thread.
 */
final class QueryLogRings {
  private final int capacity;
  private final List<LoggedQueryRing> rings = new CopyOnWriteArrayList<>();
  private final ThreadLocal<LoggedQueryRing> ringOfThread = ThreadLocal.withInitial(this::newRing);
  private final LongAdder droppedQueueFull = new LongAdder();

  /**
   * @param capacity events queued at most per query thread
   */
  QueryLogRings(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("queueCapacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Copies the event into the calling thread's ring: no lock, no allocation (but the first). */
  void offer(QueryEvent event, List<QueryLogTarget> targets) {
    if (!ringOfThread.get().offer(event, targets)) {
      droppedQueueFull.increment();
    }
  }

  /** A query thread's first logged query: its ring, which the writer thread reads from then on. */
  private LoggedQueryRing newRing() {
    LoggedQueryRing ring = new LoggedQueryRing(capacity);
    rings.add(ring);
    return ring;
  }

  /** Every query thread's ring so far, for the writer thread. */
  List<LoggedQueryRing> all() {
    return rings;
  }

  /** Events queued at most per query thread. */
  int capacity() {
    return capacity;
  }

  /** Events waiting to be written, roughly. */
  int queued() {
    int queued = 0;
    for (LoggedQueryRing ring : rings) {
      queued += ring.size();
    }
    return queued;
  }

  /** Events not logged because their thread's ring was full. */
  long droppedQueueFull() {
    return droppedQueueFull.sum();
  }
}
