package io.isthmus.containers;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.testcontainers.DockerClientFactory;

/**
 * Runs podman's Docker-compatible API service ({@code podman system service}) for the test JVM's
 * session, on the Unix socket named by the system property {@code isthmus.podman.socket}, so that
 * Testcontainers finds it through {@code DOCKER_HOST}; without that property (every other test run)
 * it does nothing. Where podman cannot run a container here it says so and starts nothing:
 * Testcontainers then finds no engine and reports its classes as skipped. Otherwise it makes the
 * local images first (docker/local/images.sh --bases-only), and on close it stops the service and
 * removes whatever container of this session a failed test left behind (there is no Ryuk). Used by
 * one launcher session at a time.
 */
public final class PodmanApiService implements LauncherSessionListener {
  static final String SOCKET_PROPERTY = "isthmus.podman.socket";
  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  private static volatile boolean running;

  private Process service;

  /** Whether the service of this JVM's session answers (podman works here). */
  static boolean running() {
    return running;
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String socket = System.getProperty(SOCKET_PROPERTY);
    if (socket == null || socket.isBlank()) {
      return;
    }
    try {
      start(Path.of(socket));
    } catch (Exception e) {
      throw new IllegalStateException("podman's API service did not start: " + e.getMessage(), e);
    }
  }

  private void start(Path socket) throws Exception {
    Podman.Result info = run(Duration.ofSeconds(60), "podman", "info");
    if (info.exitCode() != 0) {
      System.out.println(
          "Testcontainers on podman skipped: podman does not work here (Debian: apt-get install"
              + " podman runc debootstrap; runs as root): "
              + info.output().strip());
      return;
    }
    Podman.Result images =
        run(
            Duration.ofMinutes(15),
            Podman.repository().resolve("docker/local/images.sh").toString(),
            "--bases-only");
    if (images.exitCode() != 0) {
      throw new IOException("docker/local/images.sh --bases-only failed:\n" + images.output());
    }
    Files.createDirectories(socket.toAbsolutePath().getParent());
    Files.deleteIfExists(socket);
    Path log = socket.resolveSibling(socket.getFileName() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
            .directory(Podman.repository().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .putIfAbsent(
            "CONTAINERS_CONF",
            Podman.repository().resolve("docker/local/containers.conf").toString());
    Process started = builder.start();
    service = started;
    // A test JVM that exits without closing the session (System.exit, a fork timeout) stops it too.
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
    boolean listens =
        Poll.until(
            START_LIMIT,
            "listening on " + socket,
            () -> answers(socket) ? Boolean.TRUE : started.isAlive() ? null : Boolean.FALSE,
            outcome -> outcome != null);
    if (!listens) {
      stopService(socket);
      throw new IOException("podman system service exited:\n" + Files.readString(log));
    }
    running = true;
    System.out.println(
        "Testcontainers on podman: podman's API service listens on "
            + socket
            + " (log "
            + log
            + ")");
  }

  private static boolean answers(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (service == null) {
      return;
    }
    running = false;
    try {
      removeLeftContainers();
      stopService(Path.of(System.getProperty(SOCKET_PROPERTY)));
    } catch (Exception e) {
      throw new IllegalStateException("podman's API service did not stop: " + e.getMessage(), e);
    }
  }

  /** The containers a failed or interrupted test did not remove (Testcontainers labels them). */
  private static void removeLeftContainers() throws Exception {
    Podman.Result left =
        run(
            Duration.ofSeconds(30),
            "podman",
            "ps",
            "-aq",
            "--filter",
            "label=org.testcontainers.sessionId=" + DockerClientFactory.SESSION_ID);
    for (String id : left.output().strip().split("\\s+")) {
      if (!id.isEmpty()) {
        run(Duration.ofSeconds(60), "podman", "rm", "-f", id);
      }
    }
  }

  private void stopService(Path socket) throws IOException, InterruptedException {
    Process process = service;
    service = null;
    if (process == null) {
      return;
    }
    process.destroy();
    boolean stopped = process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    if (!stopped) {
      process.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(socket);
    if (!stopped) {
      throw new IOException("podman system service ignored SIGTERM for " + STOP_LIMIT);
    }
  }

  private static Podman.Result run(Duration limit, String... command) throws Exception {
    return Podman.tryRun(limit, List.of(command));
  }
}
