package io.isthmus.server.snapshot;

import io.isthmus.route.Snapshot;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place the data plane reads its configuration from: a single atomic reference to an
 * immutable {@link Snapshot}. A query reads it once; a new configuration is one write.
 */
public final class SnapshotHolder {
  private final AtomicReference<Snapshot> current = new AtomicReference<>();

  /** The snapshot being served, or null before the first one is compiled. */
  public Snapshot current() {
    return current.get();
  }

  /** The configuration version being served; -1 before the first snapshot. */
  public long version() {
    Snapshot snapshot = current.get();
    return snapshot == null ? -1 : snapshot.version();
  }

  /** Publishes {@code next} unless a newer snapshot is already published. */
  public void publish(Snapshot next) {
    current.accumulateAndGet(
        next,
        (previous, candidate) ->
            previous != null && previous.version() > candidate.version() ? previous : candidate);
  }
}
