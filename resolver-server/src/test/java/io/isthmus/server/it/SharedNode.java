package io.isthmus.server.it;

import io.isthmus.testsupport.Dig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RunningNode} shared by the tests of an IT class, with what the class starts next to it
 * (a real named, fake upstreams): registered as a static {@code @RegisterExtension} field, it needs
 * dig (the class is skipped without it), gives the class a fresh folder, and after all tests closes
 * what was started, last first, and deletes the folder. Not thread-safe: one per class.
 */
final class SharedNode implements BeforeAllCallback, AfterAllCallback {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private Path folder;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Dig.assumeInstalled();
    folder = Files.createTempDirectory("isthmus-it-");
  }

  /** Starts the node with its data in this class's folder; see {@link RunningNode#start}. */
  RunningNode start(String... args) {
    return closeAfterAll(RunningNode.start(folder("data"), args));
  }

  /** A folder of this class's own, e.g. the work directory of a named. */
  Path folder(String name) {
    return folder.resolve(name);
  }

  /** Closes {@code resource} after all tests of the class, before what was started earlier. */
  <T extends AutoCloseable> T closeAfterAll(T resource) {
    started.push(resource);
    return resource;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (folder != null) {
      delete(folder);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(SharedNode::deleteOne);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
