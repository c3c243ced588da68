package io.isthmus.server.onprem;

import io.isthmus.testsupport.NamedLauncher;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The on-premises DNS contract on a BIND container ({@link BindContainerLauncher}), where a Docker
 * engine exists; without one, the class is reported as skipped and costs no more than the look for
 * an engine. The image is {@value BindContainerLauncher#DEFAULT_IMAGE} unless the system property
 * {@code isthmus.bind.image} names another with {@code /bin/sh} and {@code /usr/sbin/named}.
 */
@Testcontainers(disabledWithoutDocker = true)
class BindContainerIT extends OnPremDnsContract {

  private final NamedLauncher launcher =
      new BindContainerLauncher(
          System.getProperty("isthmus.bind.image", BindContainerLauncher.DEFAULT_IMAGE));

  @Override
  NamedLauncher launcher() {
    return launcher;
  }
}
