package io.isthmus.server.health;

import io.isthmus.config.LeaseStore;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's hold on the cluster's health lease (docs/architecture.md "One health evaluator per
 * cluster"): taken or renewed at every tick for {@link #TTL}. The store keeps the expiry on the
 * database's clock; this node keeps its own, measured on its monotonic clock from before each
 * renewal, so it always believes the lease ends no later than the store does, and stops evaluating
 * before another node can start. If the store cannot be reached the node keeps the lead only until
 * that expiry passes.
 *
 * <p>There is no fencing token: a leader paused for longer than the TTL (a long GC pause) may save
 * one batch of statuses after another node took over; the new leader's next save replaces it.
 *
 * <p>Thread-safe.
 */
public final class HealthLease {
  private static final Logger log = LoggerFactory.getLogger(HealthLease.class);

  /**
   * The lease's name in the {@link LeaseStore}: {@code LeaseStore.holder(HealthLease.NAME)} is the
   * node that evaluates health checks ({@code healthLeader} of {@code GET /v1/nodes}).
   */
  public static final String NAME = LeaseStore.HEALTH_EVALUATION;

  /**
   * Five ticks: a leader survives four renewals lost in a row (a slow query, a short pause) without
   * a needless takeover, and a dead leader is replaced within TTL + one tick = 6 s, which is within
   * two evaluation intervals of every check evaluated every 3 s or more (probes run every 10 or 30
   * s; METRIC periods are usually 10 s or more). Checks with 1–2 s periods keep their statuses
   * while there is no leader; they do not flip.
   */
  public static final Duration TTL = Duration.ofSeconds(5);

  private final LeaseStore leases;
  private final String nodeId;
  private final LongSupplier nanoTime;
  private boolean held; // guarded by this
  private long heldUntil; // guarded by this; nanoTime value

  HealthLease(LeaseStore leases, String nodeId, LongSupplier nanoTime) {
    this.leases = leases;
    this.nodeId = nodeId;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes or renews the lease.
   *
   * @return whether this node holds it now
   */
  synchronized boolean renew() {
    long start = nanoTime.getAsLong();
    try {
      held = leases.acquire(NAME, nodeId, TTL);
      heldUntil = start + TTL.toNanos();
    } catch (RuntimeException e) { // StoreException among them
      log.debug("health lease not renewed: {}", e.toString());
    }
    return held();
  }

  /** Whether this node holds the lease, as far as it knows, at this moment. */
  synchronized boolean held() {
    if (held && nanoTime.getAsLong() - heldUntil >= 0) {
      held = false;
    }
    return held;
  }

  /** Gives the lease up so another node need not wait for it to expire (at shutdown). */
  synchronized void release() {
    held = false;
    try {
      leases.release(NAME, nodeId);
    } catch (RuntimeException e) {
      log.warn("health lease not released, it expires in {}: {}", TTL, e.toString());
    }
  }

  String nodeId() {
    return nodeId;
  }
}
