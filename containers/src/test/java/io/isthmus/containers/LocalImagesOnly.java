package io.isthmus.containers;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' pull policy for the run on podman (TESTCONTAINERS_PULL_POLICY): never pull. The
 * images are made locally (docker/local/images.sh) and no registry is reachable, so a missing image
 * fails at once with the engine's "no such image" instead of a pull that hangs until it times out.
 * Stateless.
 */
public final class LocalImagesOnly implements ImagePullPolicy {
  @Override
  public boolean shouldPull(DockerImageName imageName) {
    return false;
  }
}
