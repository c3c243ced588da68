package io.isthmus.testsupport;

import java.time.Duration;

/**
 * One running {@code named} that a {@link NamedLauncher} started. Implementations are safe to call
 * from any thread (a shutdown hook may {@link #kill} while a test stops it).
 */
public interface NamedProcess {

  boolean isAlive();

  /** The exit status, once it is no longer {@link #isAlive alive}. */
  int exitValue();

  /**
   * Asks named to exit (SIGTERM: it logs "exiting" and closes its sockets), waits up to {@code
   * grace}, then kills it and waits up to {@code grace} again.
   */
  void stop(Duration grace) throws InterruptedException;

  /** Ends named at once (SIGKILL), without waiting. */
  void kill();

  /** What it is, for messages: a process id or a container id. */
  String description();
}
