package io.isthmus.server.onprem;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.isthmus.testsupport.NamedLauncher;
import io.isthmus.testsupport.NamedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs named in a BIND container with the files of {@link io.isthmus.testsupport.NamedServer}: the
 * work directory is mounted at its own path, so the same named.conf works unchanged, and the
 * container shares the host's network, so named listens on 127.0.0.1 and sees each query's true
 * source address ({@code allow-query}; a published port would hide it behind the engine's NAT, and
 * Docker publishes UDP poorly). That needs a Docker engine on Linux. named runs as the owner of the
 * work directory, so it can write there whatever the engine's user mapping. Immutable.
 */
final class BindContainerLauncher implements NamedLauncher {

  /** ISC's own image, the BIND 9.18 of the Debian package the local path runs. */
  static final String DEFAULT_IMAGE = "internetsystemsconsortium/bind9:9.18";

  private final DockerImageName image;

  BindContainerLauncher(String image) {
    this.image = DockerImageName.parse(image);
  }

  @Override
  public NamedProcess launch(Path conf, Path log) throws IOException {
    Path dir = conf.getParent();
    if (dir == null) {
      throw new IllegalArgumentException("named.conf outside a directory: " + conf);
    }
    String user = Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
    GenericContainer<?> container =
        new GenericContainer<>(image)
            .withNetworkMode("host")
            .withFileSystemBind(dir.toString(), dir.toString(), BindMode.READ_WRITE)
            .withCreateContainerCmdModifier(
                create -> create.withUser(user).withEntrypoint("/bin/sh"))
            // The shell only redirects: named replaces it, gets SIGTERM on stop and logs where
            // the local named logs.
            .withCommand(
                "-c",
                "exec /usr/sbin/named -g -c \"$0\" -n 1 >>\"$1\" 2>&1",
                conf.toString(),
                log.toString())
            // Started is enough: NamedServer waits for an answer, or reports named's exit and log.
            .withStartupCheckStrategy(new Started())
            .waitingFor(new NoWait());
    container.start();
    return new ContainerProcess(container);
  }

  private static final class Started extends StartupCheckStrategy {
    @Override
    public StartupStatus checkStartupState(DockerClient client, String containerId) {
      return StartupStatus.SUCCESSFUL;
    }
  }

  private static final class NoWait extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      // NamedServer polls with an SOA query.
    }
  }

  /** named in its container; the container is removed once named is stopped or killed. */
  private static final class ContainerProcess implements NamedProcess {
    private final GenericContainer<?> container;
    private final String id;

    ContainerProcess(GenericContainer<?> container) {
      this.container = container;
      this.id = container.getContainerId();
    }

    @Override
    public boolean isAlive() {
      return container.isRunning();
    }

    @Override
    public int exitValue() {
      Long code = container.getCurrentContainerInfo().getState().getExitCodeLong();
      if (code == null) {
        throw new IllegalStateException("container " + id + " has not exited");
      }
      return code.intValue();
    }

    /** docker stop: SIGTERM, the grace, SIGKILL; then the container is removed. */
    @Override
    public void stop(Duration grace) {
      try {
        container
            .getDockerClient()
            .stopContainerCmd(id)
            .withTimeout(Math.toIntExact(grace.toSeconds()))
            .exec();
      } catch (DockerException alreadyExited) {
        // nothing left to stop; the container is removed all the same
      }
      container.stop();
    }

    @Override
    public void kill() {
      container.stop();
    }

    @Override
    public String description() {
      return "container " + id.substring(0, Math.min(12, id.length()));
    }
  }
}
