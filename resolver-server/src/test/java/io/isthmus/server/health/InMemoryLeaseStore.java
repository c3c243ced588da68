package io.isthmus.server.health;

import io.isthmus.config.LeaseStore;
import io.isthmus.config.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link LeaseStore} in memory, on the given clock (the "database's clock"), for tests. */
final class InMemoryLeaseStore implements LeaseStore {
  private record Lease(String holder, Instant expiry) {}

  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();
  volatile boolean failing;

  InMemoryLeaseStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean acquire(String name, String holder, Duration ttl) {
    check();
    Instant now = clock.instant();
    Lease lease = leases.get(name);
    if (lease == null || !now.isBefore(lease.expiry()) || lease.holder().equals(holder)) {
      leases.put(name, new Lease(holder, now.plus(ttl)));
      return true;
    }
    return false;
  }

  @Override
  public synchronized Optional<String> holder(String name) {
    check();
    Lease lease = leases.get(name);
    return lease == null || !clock.instant().isBefore(lease.expiry())
        ? Optional.empty()
        : Optional.of(lease.holder());
  }

  @Override
  public synchronized void release(String name, String holder) {
    check();
    Lease lease = leases.get(name);
    if (lease != null && lease.holder().equals(holder)) {
      leases.remove(name);
    }
  }

  private void check() {
    if (failing) {
      throw new StoreException("store unreachable");
    }
  }
}
