package io.isthmus.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Named leases in the shared store, for the few jobs one node does for the cluster (the health
 * evaluation). A lease is a row with a holder and an expiry on the database's clock, so nodes'
 * clocks need not agree; there is no consensus protocol of our own: PostgreSQL serializes the
 * updates. Thread-safe.
 */
public interface LeaseStore {

  /** The lease of the node that evaluates the health checks for the whole cluster. */
  String HEALTH_EVALUATION = "health";

  /**
   * Takes the lease {@code name} for {@code holder} if it is free, expired or already held by
   * {@code holder} (then it is renewed), until {@code ttl} from now on the database's clock.
   *
   * @return whether {@code holder} holds the lease now
   * @throws StoreException if the database cannot be reached (the caller must then act as if it
   *     does not hold the lease once its last expiry has passed)
   */
  boolean acquire(String name, String holder, Duration ttl);

  /** The holder of an unexpired lease {@code name}, if any. */
  Optional<String> holder(String name);

  /** Gives the lease up at once if {@code holder} holds it, so another node need not wait. */
  void release(String name, String holder);
}
