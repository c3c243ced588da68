package io.isthmus.server.query;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to observe the query path (docs/style.md "Observation goes through one observer
 * interface"): metrics and the query log both listen here, to the same events.
 *
 * <p>Implementations are called on Netty event loops and forwarder threads, concurrently, once per
 * query: they must be thread-safe, must not block, lock or format strings, and should not throw (a
 * throw is caught and logged by the caller, never seen by the client).
 */
public interface QueryObserver {

  /** Observes nothing. */
  QueryObserver NONE = event -> {};

  /** One query was answered or dropped. Called exactly once per query. */
  void onQuery(QueryEvent event);

  /**
   * A stage of the query pipeline threw: a bug; the query was answered SERVFAIL (docs/style.md
   * "Errors become RCODEs").
   */
  default void onInternalError() {}

  /** A listener socket or connection reported an error (an ICMP error, a reset connection…). */
  default void onListenerError(Transport transport) {}

  /** Several observers as one, called in order; one that throws does not keep the others out. */
  static QueryObserver composite(List<QueryObserver> observers) {
    List<QueryObserver> all = List.copyOf(observers);
    if (all.isEmpty()) {
      return NONE;
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    return new Composite(all.toArray(new QueryObserver[0]));
  }

  /** Thread-safe as far as its members are (the failure count is a {@link LongAdder}). */
  final class Composite implements QueryObserver {
    private static final Logger log = LoggerFactory.getLogger(QueryObserver.class);

    private final QueryObserver[] observers;
    private final LongAdder failures = new LongAdder();

    private Composite(QueryObserver[] observers) {
      this.observers = observers;
    }

    @Override
    public void onQuery(QueryEvent event) {
      // An indexed loop: no iterator allocated per query.
      for (int i = 0; i < observers.length; i++) {
        try {
          observers[i].onQuery(event);
        } catch (RuntimeException bug) {
          failed(observers[i], bug);
        }
      }
    }

    private void failed(QueryObserver observer, RuntimeException bug) {
      failures.increment();
      long count = failures.sum();
      // Powers of two only: an observer failing on every query must not flood the log.
      if (Long.bitCount(count) == 1) {
        log.warn("Query observer {} failed ({} failures so far)", observer, count, bug);
      }
    }

    @Override
    public void onInternalError() {
      for (int i = 0; i < observers.length; i++) {
        try {
          observers[i].onInternalError();
        } catch (RuntimeException bug) {
          failed(observers[i], bug);
        }
      }
    }

    @Override
    public void onListenerError(Transport transport) {
      for (int i = 0; i < observers.length; i++) {
        try {
          observers[i].onListenerError(transport);
        } catch (RuntimeException bug) {
          failed(observers[i], bug);
        }
      }
    }
  }
}
