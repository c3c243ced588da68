package io.isthmus.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * The persistent configuration: accounts, VPCs, zones, record sets, associations, changes. The
 * embedded default and PostgreSQL implement it with the same schema. Thread-safe.
 */
public interface ConfigStore extends ConfigReader, AutoCloseable {

  /**
   * Runs {@code work} in one transaction that is serialized with every other write (across nodes
   * sharing the database), bumps the version by one and commits. If {@code work} throws, nothing is
   * written and the exception propagates. Listeners run after the commit.
   */
  <T> T write(Function<ConfigWriter, T> work);

  /** One consistent read of everything the data plane needs. */
  ConfigData load();

  /**
   * One consistent read of what changed after {@code version}, up to the current version: empty
   * when the change log cannot tell (it no longer reaches back that far, or the store is older than
   * {@code version}); then {@link #load} is the way.
   */
  Optional<ConfigChanges> changesSince(long version);

  /** Called after every committed write, on the writing thread. */
  void addListener(Runnable afterCommit);

  @Override
  void close();
}
