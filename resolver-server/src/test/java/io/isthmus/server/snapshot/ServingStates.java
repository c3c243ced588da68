package io.isthmus.server.snapshot;

import java.time.Clock;

/** {@link ServingState}s as the snapshot thread leaves them, for tests of other packages. */
public final class ServingStates {
  private ServingStates() {}

  /** Serving the last-snapshot file: the store was away at start. */
  public static ServingState fromFile(Clock clock) {
    ServingState state = new ServingState(clock);
    state.servingFromFile();
    return state;
  }
}
