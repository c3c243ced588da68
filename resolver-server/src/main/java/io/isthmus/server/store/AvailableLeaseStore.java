package io.isthmus.server.store;

import io.isthmus.config.LeaseStore;
import java.time.Duration;
import java.util.Optional;

/** The cluster's leases through the {@link StoreConnection}: fails fast while the store is away. */
final class AvailableLeaseStore implements LeaseStore {
  private final StoreConnection connection;

  AvailableLeaseStore(StoreConnection connection) {
    this.connection = connection;
  }

  @Override
  public boolean acquire(String name, String holder, Duration ttl) {
    return connection.call(store -> store.leases().acquire(name, holder, ttl));
  }

  @Override
  public Optional<String> holder(String name) {
    return connection.call(store -> store.leases().holder(name));
  }

  @Override
  public void release(String name, String holder) {
    connection.call(
        store -> {
          store.leases().release(name, holder);
          return null;
        });
  }
}
