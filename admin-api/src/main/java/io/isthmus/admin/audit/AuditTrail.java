package io.isthmus.admin.audit;

import io.isthmus.config.AuditEvent;
import io.isthmus.config.AuditStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the {@link AuditStore} and keeps it within its {@link AuditRetention}.
 * Recording never fails a request: if the store cannot take the record, the failure is logged (the
 * store's message, never the record's details beyond method and path) and counted in {@code
 * isthmus_admin_audit_records_total{outcome="failed"}}. Pruning piggybacks on recording, at most
 * once per {@link #PRUNE_INTERVAL} per node, so no scheduler is needed and an idle trail costs
 * nothing; it runs on a thread of its own, not on the request that happens to be due (at the cap of
 * a million records, finding the newest that are kept walks them: seconds). Thread-safe.
 */
public final class AuditTrail {
  static final Duration PRUNE_INTERVAL = Duration.ofHours(1);
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  /** Runs the prunes of every trail of the process, one at a time; a daemon, never shut down. */
  private static final Executor PRUNER =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "isthmus-audit-prune");
            thread.setDaemon(true);
            return thread;
          });

  private final AuditStore store;
  private final AuditRetention retention;
  private final Clock clock;
  private final AtomicLong nextPruneMillis = new AtomicLong(Long.MIN_VALUE);
  private final Counter written;
  private final Counter failed;
  private final Counter pruned;
  private final Executor pruner;

  public AuditTrail(
      AuditStore store, AuditRetention retention, Clock clock, MeterRegistry registry) {
    this(store, retention, clock, registry, PRUNER);
  }

  /** A trail whose prunes run on {@code pruner} (tests: the recording thread itself). */
  AuditTrail(
      AuditStore store,
      AuditRetention retention,
      Clock clock,
      MeterRegistry registry,
      Executor pruner) {
    this.pruner = pruner;
    this.store = store;
    this.retention = retention;
    this.clock = clock;
    this.written = outcome(registry, "written");
    this.failed = outcome(registry, "failed");
    this.pruned =
        Counter.builder("isthmus.admin.audit.pruned")
            .description("Audit records deleted by retention")
            .register(registry);
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("isthmus.admin.audit.records")
        .description("Admin API audit records appended, or lost because the store failed")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** The time stamp of a record made now. */
  public Instant now() {
    return clock.instant();
  }

  /** Appends {@code event}; never throws. */
  public void record(AuditEvent event) {
    try {
      store.append(event);
      written.increment();
    } catch (RuntimeException e) {
      failed.increment();
      log.warn(
          "Audit record of {} {} (status {}) lost: {}",
          event.method(),
          event.path(),
          event.status(),
          e.getMessage());
      return;
    }
    pruneIfDue(event.time());
  }

  private void pruneIfDue(Instant now) {
    long due = nextPruneMillis.get();
    if (now.toEpochMilli() < due
        || !nextPruneMillis.compareAndSet(due, now.plus(PRUNE_INTERVAL).toEpochMilli())) {
      return;
    }
    pruner.execute(
        () -> {
          try {
            pruned.increment(store.prune(now.minus(retention.maxAge()), retention.maxRecords()));
          } catch (RuntimeException e) {
            log.warn("Audit trail could not be pruned, will retry later: {}", e.getMessage());
          }
        });
  }
}
