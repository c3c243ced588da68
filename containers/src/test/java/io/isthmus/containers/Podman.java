package io.isthmus.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman (and podman-compose) as an operator would, with the repository's podman settings
 * (docker/local/containers.conf through {@code CONTAINERS_CONF}), and makes the images once per
 * test JVM with docker/local/images.sh. Thread-safe: every call starts its own process.
 */
final class Podman {
  /** The slowest step: making the Debian base images with debootstrap on a fresh machine. */
  private static final Duration IMAGES_LIMIT = Duration.ofMinutes(15);

  private static boolean imagesBuilt;

  private Podman() {}

  /** The repository's root (set by the build; the working directory's parent otherwise). */
  static Path repository() {
    String configured = System.getProperty("isthmus.repository");
    Path root =
        configured == null || configured.isBlank()
            ? Path.of("").toAbsolutePath().getParent()
            : Path.of(configured);
    if (root == null || !Files.isRegularFile(root.resolve("docker/Dockerfile"))) {
      throw new AssertionError("no docker/Dockerfile in the repository root " + root);
    }
    return root;
  }

  /**
   * Skips the calling test class, with the reason, where podman cannot run a container here (not
   * installed, or no permission), then makes the images once: the Debian bases if missing, the node
   * image from the current jar.
   */
  static synchronized void assumeWorksAndBuildImages() throws Exception {
    Result info = tryRun(Duration.ofSeconds(60), List.of("podman", "info"));
    assumeTrue(
        info.exitCode() == 0,
        "Container tests skipped: podman does not work here (Debian: apt-get install podman runc"
            + " debootstrap podman-compose; runs as root): "
            + info.output().strip());
    assumeTrue(
        tryRun(Duration.ofSeconds(30), List.of("podman-compose", "--version")).exitCode() == 0,
        "Container tests skipped: podman-compose is not installed (apt-get install podman-compose)");
    if (!imagesBuilt) {
      Result images =
          tryRun(IMAGES_LIMIT, List.of(repository().resolve("docker/local/images.sh").toString()));
      if (images.exitCode() != 0) {
        throw new AssertionError("docker/local/images.sh failed:\n" + images.output());
      }
      imagesBuilt = true;
    }
  }

  /** {@code podman args…}, which must succeed; returns its output. */
  static String podman(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    Result result = tryRun(Duration.ofMinutes(2), command);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
    }
    return result.output().strip();
  }

  /** {@code podman args…}, whatever its exit code. */
  static Result tryPodman(Duration limit, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    return tryRun(limit, command);
  }

  /** Runs a command in the repository with the podman settings; output and error together. */
  static Result tryRun(Duration limit, List<String> command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(repository().toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.putIfAbsent(
        "CONTAINERS_CONF", repository().resolve("docker/local/containers.conf").toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(-1, command.get(0) + " cannot be started: " + e.getMessage());
    }
    // Read while it runs: a full pipe would block the process.
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try {
                output.append(
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                output.append("(output lost: ").append(e.getMessage()).append(')');
              }
            });
    reader.start();
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      reader.join();
      throw new AssertionError(command + " did not finish within " + limit + ":\n" + output);
    }
    reader.join();
    return new Result(process.exitValue(), output.toString());
  }

  /** A finished command. */
  record Result(int exitCode, String output) {}
}
