package io.isthmus.containers;

import static io.isthmus.containers.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node container started with bad input never half-starts silently: it exits with a non-zero code
 * and says why, or it stays up unhealthy (readiness not 200, so the engine's health check fails)
 * and says why in its log. Each container listens on its own 127.78.4.x address.
 */
class BadInputIT {
  /** The JVM starts, fails and exits; slow on a busy machine. */
  private static final Duration OUTCOME = Duration.ofMinutes(4);

  private final List<String> containers = new ArrayList<>();

  @BeforeAll
  static void images() throws Exception {
    Podman.assumeWorksAndBuildImages();
  }

  @AfterEach
  void remove() throws Exception {
    for (String name : containers) {
      Podman.tryPodman(Duration.ofMinutes(1), "rm", "-f", "--ignore", name);
    }
  }

  @Test
  void anUnwritableDataDirEndsInAnExitThatNamesTheFile() throws Exception {
    // Owned by root and not writable by the image's user (uid 10053).
    Path dataDir = Files.createTempDirectory("isthmus-readonly");
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("r-xr-xr-x"));
    String name = start("isthmus-it-readonly", "127.78.4.1", "-v", dataDir + ":/var/lib/isthmus");

    String exitCode = awaitExit(name);

    assertThat(exitCode).isNotEqualTo("0");
    assertThat(podman("logs", name)).contains("AccessDeniedException", "/var/lib/isthmus");
    Files.delete(dataDir);
  }

  @Test
  void anUnreachableStoreWithoutASnapshotIsUnhealthyAndSaysSo() throws Exception {
    String name =
        start(
            "isthmus-it-nostore",
            "127.78.4.2",
            "-e",
            "ISTHMUS_STORE_URL=jdbc:postgresql://127.78.4.99:1/isthmus",
            "-e",
            "ISTHMUS_STORE_USERNAME=isthmus",
            "-e",
            "ISTHMUS_STORE_PASSWORD=isthmus");

    Poll.until(
        OUTCOME,
        name + " logging that it cannot open the store",
        () -> podman("logs", name),
        log -> log.contains("Cannot open the configuration store"));
    assertThat(podman("logs", name)).contains("127.78.4.99:1");
    assertThat(Podman.tryPodman(Duration.ofSeconds(30), "healthcheck", "run", name).exitCode())
        .as("the health check of a node that serves no configuration")
        .isNotZero();
  }

  @Test
  void aTakenDnsPortEndsInAnExitOrAnUnhealthyNodeThatNamesTheAddress() throws Exception {
    InetAddress address = InetAddress.getByName("127.78.4.3");
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 8053));
        ServerSocket tcp = new ServerSocket(8053, 1, address)) {
      String name = start("isthmus-it-taken", "127.78.4.3");

      String outcome =
          Poll.until(
              OUTCOME,
              name + " exiting, or failing its health check, because 127.78.4.3:8053 is taken",
              () -> {
                String state = podman("inspect", "--format", "{{.State.Status}}", name);
                if (!state.equals("running")) {
                  return "exited " + podman("inspect", "--format", "{{.State.ExitCode}}", name);
                }
                return podman("logs", name).contains("127.78.4.3:8053") ? "logged" : "starting";
              },
              state -> !state.equals("starting"));

      if (outcome.startsWith("exited")) {
        assertThat(outcome).isNotEqualTo("exited 0");
      } else {
        assertThat(Podman.tryPodman(Duration.ofSeconds(30), "healthcheck", "run", name).exitCode())
            .isNotZero();
      }
      assertThat(podman("logs", name)).contains("127.78.4.3:8053");
      assertThat(udp.isBound() && tcp.isBound()).isTrue();
    }
  }

  private String start(String name, String address, String... options) throws Exception {
    podman("rm", "-f", "--ignore", name);
    containers.add(name);
    List<String> command =
        new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host"));
    command.addAll(List.of(options));
    command.addAll(
        List.of(
            "-e",
            "ISTHMUS_DNS_LISTEN=" + address + ":8053",
            "-e",
            "SERVER_ADDRESS=" + address,
            "-e",
            "ISTHMUS_DNS_DEFAULTUPSTREAMS=",
            NodeImageIT.IMAGE));
    podman(command.toArray(String[]::new));
    return name;
  }

  private static String awaitExit(String name) throws Exception {
    Poll.until(
        OUTCOME,
        name + " exiting",
        () -> podman("inspect", "--format", "{{.State.Status}}", name),
        state -> !state.equals("running"));
    return podman("inspect", "--format", "{{.State.ExitCode}}", name);
  }
}
