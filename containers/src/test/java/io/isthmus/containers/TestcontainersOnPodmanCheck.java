package io.isthmus.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.DockerClientFactory;

/**
 * Runs beside the Testcontainers classes on podman (the containers module's
 * testcontainers-on-podman execution) and fails where podman works but those classes would be
 * reported as skipped: they are {@code @Testcontainers(disabledWithoutDocker = true)}, so
 * Testcontainers must find an engine, and their images must already be local (nothing is pulled).
 * Not named *IT: it belongs to that execution only.
 */
@EnabledIfSystemProperty(named = PodmanApiService.SOCKET_PROPERTY, matches = ".+")
class TestcontainersOnPodmanCheck {

  @BeforeEach
  void podmanWorks() {
    assumeTrue(
        PodmanApiService.running(),
        "Testcontainers on podman skipped: podman does not work here (see the line above)");
  }

  @Test
  void testcontainersFindsPodmansApiService() {
    assertThat(DockerClientFactory.instance().isDockerAvailable())
        .as("Testcontainers reaches podman's API service through DOCKER_HOST")
        .isTrue();
  }

  @Test
  void theContainerClassesImagesAreLocal() {
    for (String property : new String[] {"isthmus.postgres.image", "isthmus.bind.image"}) {
      String image = System.getProperty(property);
      assertThat(image).as(property).isNotBlank();
      assertThat(DockerClientFactory.lazyClient().inspectImageCmd(image).exec().getId())
          .as(image + " in podman's storage")
          .isNotBlank();
    }
  }
}
