package io.isthmus.server.health;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.health.HealthMonitor;
import io.isthmus.health.check.CheckStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One health evaluator per cluster (docs/architecture.md "One health evaluator per cluster"). At
 * every tick the node tails the shared metric points, then renews the {@link HealthLease}:
 *
 * <ul>
 *   <li>the <b>leader</b> runs the {@link HealthMonitor} (evaluations and probes), saves the
 *       statuses that changed to the {@link HealthStatusStore} and, once a minute, deletes metric
 *       points past the retention;
 *   <li>every <b>other</b> node applies the stored statuses to its monitor and health slots (on
 *       each tick, and at once when told a save happened: {@link #statusesChanged()}), so every
 *       node answers failover records from the same statuses.
 * </ul>
 *
 * A node taking the lead first reads the stored statuses and resumes its checks from them ({@link
 * HealthMonitor#adopt}), so a takeover never flips a status; a status of a check its configuration
 * does not hold yet is kept until it does ({@link #update}). A store that fails leaves every node
 * with its last statuses; a leader that cannot renew steps down once its lease's last expiry
 * passed. A node started from its last-snapshot file while the store is away begins with the
 * statuses the file kept, until the store's are read ({@link #resume}). No tick ever throws.
 *
 * <p>Thread-safe: {@link #tick()} and {@link #statusesChanged()} run on the health thread; {@link
 * #update} on the configuration's thread; what they share is volatile or guarded by this.
 */
final class ClusterHealth {
  private static final Logger log = LoggerFactory.getLogger(ClusterHealth.class);

  /** How often the leader deletes expired metric points from the shared store. */
  static final Duration RETENTION_SWEEP = Duration.ofMinutes(1);

  /**
   * Every this many ticks the leader saves every status, not only the changed ones (anti-entropy,
   * as Consul's): a save lost to a paused former leader or to an operator's hand is repaired.
   */
  static final int FULL_SAVE_TICKS = 60;

  private final HealthMonitor monitor;
  private final SharedMetrics metrics;
  private final HealthLease lease;
  private final HealthStatusStore store;
  private final Clock clock;

  private volatile boolean leading;
  // Follower: the statuses last read from the store, for checks the configuration brings later.
  private volatile List<CheckStatus> lastRead = List.of();
  // Leader: statuses taken over whose checks this node's configuration does not hold yet.
  private Map<String, CheckStatus> pending = Map.of(); // guarded by this
  private volatile boolean configured;
  // Whether statuses were read from the store since start: then the last-snapshot file's are old.
  private boolean heardFromStore; // guarded by this

  // Confined to the health thread.
  private final Map<String, CheckStatus> saved = new HashMap<>();
  private Set<String> retained;
  private Instant nextSweep;
  private long leaderTicks;
  private boolean storeAway;

  ClusterHealth(
      HealthMonitor monitor,
      SharedMetrics metrics,
      HealthLease lease,
      HealthStatusStore store,
      Clock clock) {
    this.monitor = monitor;
    this.metrics = metrics;
    this.lease = lease;
    this.store = store;
    this.clock = clock;
  }

  /** Whether this node evaluates the health checks of the cluster now. */
  boolean leading() {
    return leading;
  }

  /**
   * Gives the monitor the configuration's checks; a check new to this node starts from the status
   * the cluster holds for it (the leader's, or the one taken over), not from scratch.
   */
  synchronized void update(List<HealthCheck> checks) {
    Set<String> before = idsOf(monitor.statuses());
    monitor.update(checks);
    configured = true;
    List<CheckStatus> known = leading ? List.copyOf(pending.values()) : lastRead;
    List<CheckStatus> arrived = new ArrayList<>();
    for (CheckStatus status : known) {
      if (!before.contains(status.checkId())) {
        arrived.add(status);
      }
    }
    monitor.adopt(arrived);
    if (leading && !pending.isEmpty()) {
      Map<String, CheckStatus> left = new HashMap<>(pending);
      left.keySet().removeAll(idsOf(monitor.statuses()));
      pending = Map.copyOf(left);
    }
  }

  /**
   * At a start from the last-snapshot file, before its configuration is given to {@link #update}:
   * the statuses the file kept stand in for the store's, as a follower's last read ones do, so a
   * failover record answers as it did before the restart. Ignored once the store was read (its
   * statuses win); the store's, read at any later tick, replace them.
   */
  synchronized void resume(List<CheckStatus> kept) {
    if (heardFromStore) {
      log.info("health statuses of the last-snapshot file not used: the store's are known");
      return;
    }
    lastRead = kept; // adopted by update() as the configuration's checks arrive
  }

  /** One tick: tail the metric points, renew the lease, then lead or follow. Never throws. */
  void tick() {
    try {
      metrics.catchUp();
    } catch (RuntimeException e) {
      storeFailed("metric points not read", e);
    }
    try {
      boolean holds = lease.renew();
      if (holds && !leading) {
        takeOver();
      } else if (!holds && leading) {
        stepDown();
      }
      if (leading) {
        lead();
      } else {
        follow();
        monitor.maintain();
      }
    } catch (RuntimeException e) {
      // An exception would cancel the schedule: health would silently freeze on this node.
      log.error("health tick failed", e);
    }
  }

  /** A save happened somewhere (PostgreSQL NOTIFY): a follower applies it now, not next tick. */
  void statusesChanged() {
    try {
      if (!leading) {
        follow();
      }
    } catch (RuntimeException e) {
      log.error("health statuses not applied", e);
    }
  }

  /** Stops leading and gives the lease up, so another node takes over at once. */
  void stop() {
    leading = false;
    lease.release();
  }

  private void takeOver() {
    List<CheckStatus> stored;
    try {
      stored = read();
    } catch (RuntimeException e) {
      // Not leading until the statuses to resume from are known; the lease is retried next tick.
      storeFailed("health statuses not read, not taking the lead yet", e);
      return;
    }
    synchronized (this) {
      heardFromStore = true;
      Set<String> running = idsOf(monitor.statuses());
      monitor.adopt(stored);
      Map<String, CheckStatus> later = new HashMap<>();
      for (CheckStatus status : stored) {
        if (!running.contains(status.checkId())) {
          later.put(status.checkId(), status);
        }
      }
      pending = Map.copyOf(later);
      leading = true;
    }
    saved.clear();
    for (CheckStatus status : stored) {
      saved.put(status.checkId(), status);
    }
    retained = null;
    leaderTicks = 0;
    log.info(
        "node {} now evaluates the health checks ({} statuses resumed)",
        lease.nodeId(),
        stored.size());
  }

  private void stepDown() {
    synchronized (this) {
      leading = false;
      pending = Map.of();
    }
    saved.clear();
    log.warn(
        "node {} no longer holds the health lease; following the stored statuses", lease.nodeId());
  }

  private void lead() {
    monitor.tick(); // probes complete later; their results are saved at the next tick
    if (++leaderTicks % FULL_SAVE_TICKS == 0) {
      saved.clear();
    }
    save();
    sweepIfDue();
  }

  private void save() {
    List<CheckStatus> current = monitor.statuses();
    Instant now = clock.instant();
    List<StoredHealthStatus> changed = new ArrayList<>();
    for (CheckStatus status : current) {
      if (!status.equals(saved.get(status.checkId()))) {
        changed.add(StoredStatuses.toStored(status, lease.nodeId(), now));
      }
    }
    Set<String> ids = idsOf(current);
    try {
      if (!changed.isEmpty()) {
        store.save(changed);
        for (CheckStatus status : current) {
          saved.put(status.checkId(), status);
        }
      }
      // Until this node's configuration is loaded it does not know which checks exist.
      if (configured && !ids.equals(retained)) {
        store.retainOnly(ids);
        retained = ids;
        saved.keySet().retainAll(ids);
      }
      storeBack();
    } catch (RuntimeException e) {
      storeFailed("health statuses not saved, retried next tick", e);
    }
  }

  private void sweepIfDue() {
    Instant now = clock.instant();
    if (nextSweep != null && now.isBefore(nextSweep)) {
      return;
    }
    nextSweep = now.plus(RETENTION_SWEEP);
    try {
      int deleted = metrics.deleteExpired();
      log.debug("{} expired metric points deleted from the store", deleted);
    } catch (RuntimeException e) {
      storeFailed("expired metric points not deleted", e);
    }
  }

  private void follow() {
    List<CheckStatus> stored;
    try {
      stored = read();
    } catch (RuntimeException e) {
      storeFailed("health statuses not read, keeping the last ones", e);
      return;
    }
    synchronized (this) {
      heardFromStore = true;
      lastRead = stored;
      monitor.adopt(stored);
    }
    storeBack();
  }

  private List<CheckStatus> read() {
    List<CheckStatus> statuses = new ArrayList<>();
    for (StoredHealthStatus stored : store.statuses()) {
      statuses.add(StoredStatuses.fromStored(stored));
    }
    return List.copyOf(statuses);
  }

  private void storeFailed(String what, RuntimeException e) {
    if (!storeAway) {
      storeAway = true;
      log.warn("{}: {}", what, e.toString());
    } else {
      log.debug("{}: {}", what, e.toString());
    }
  }

  private void storeBack() {
    if (storeAway) {
      storeAway = false;
      log.info("health statuses reach the store again");
    }
  }

  private static Set<String> idsOf(List<CheckStatus> statuses) {
    Set<String> ids = new HashSet<>();
    for (CheckStatus status : statuses) {
      ids.add(status.checkId());
    }
    return ids;
  }
}
