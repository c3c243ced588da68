package io.isthmus.testsupport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a {@link NamedServer} runs BIND's {@code named}: as a child process of the test JVM (the
 * default) or elsewhere, e.g. in a container, so that the same configuration and the same tests run
 * on either. Implementations are stateless or safe to use from one thread at a time.
 */
@FunctionalInterface
public interface NamedLauncher {

  /**
   * Starts {@code named -g -c conf -n 1}: in the foreground, on the host's network (it listens on
   * 127.0.0.1 and must see each query's true source address, which {@code allow-query} checks),
   * with the directory of {@code conf} readable and writable at the same path (it holds the zone
   * and everything named writes), and its output (stdout and stderr) appended to {@code log}.
   * Returns as soon as named runs, before it answers.
   *
   * @throws IOException if named cannot be started at all
   */
  NamedProcess launch(Path conf, Path log) throws IOException;
}
