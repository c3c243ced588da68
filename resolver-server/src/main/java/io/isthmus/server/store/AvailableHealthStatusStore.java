package io.isthmus.server.store;

import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.StoredHealthStatus;
import java.util.Collection;
import java.util.List;

/** The leader's health statuses through the {@link StoreConnection}: fails fast while away. */
final class AvailableHealthStatusStore implements HealthStatusStore {
  private final StoreConnection connection;

  AvailableHealthStatusStore(StoreConnection connection) {
    this.connection = connection;
  }

  @Override
  public void save(List<StoredHealthStatus> statuses) {
    connection.call(
        store -> {
          store.healthStatuses().save(statuses);
          return null;
        });
  }

  @Override
  public List<StoredHealthStatus> statuses() {
    return connection.call(store -> store.healthStatuses().statuses());
  }

  @Override
  public void retainOnly(Collection<String> checkIds) {
    connection.call(
        store -> {
          store.healthStatuses().retainOnly(checkIds);
          return null;
        });
  }
}
