package io.isthmus.server.health;

import io.isthmus.config.HealthStatusStore;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoredHealthStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/** {@link HealthStatusStore} in memory, for tests; counts saves. */
final class InMemoryHealthStatusStore implements HealthStatusStore {
  private final TreeMap<String, StoredHealthStatus> statuses = new TreeMap<>();
  final List<List<StoredHealthStatus>> saves = new ArrayList<>();
  volatile boolean failing;

  @Override
  public synchronized void save(List<StoredHealthStatus> batch) {
    check();
    saves.add(List.copyOf(batch));
    for (StoredHealthStatus status : batch) {
      statuses.put(status.checkId(), status);
    }
  }

  @Override
  public synchronized List<StoredHealthStatus> statuses() {
    check();
    return List.copyOf(statuses.values());
  }

  @Override
  public synchronized void retainOnly(Collection<String> checkIds) {
    check();
    statuses.keySet().retainAll(checkIds);
  }

  synchronized StoredHealthStatus get(String checkId) {
    return statuses.get(checkId);
  }

  private void check() {
    if (failing) {
      throw new StoreException("store unreachable");
    }
  }
}
