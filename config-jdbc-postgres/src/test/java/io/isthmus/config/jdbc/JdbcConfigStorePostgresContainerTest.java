package io.isthmus.config.jdbc;

import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL contract on a PostgreSQL container, the server as operators run it, where a Docker
 * engine exists (Testcontainers finds it as the Docker CLI would: DOCKER_HOST, the default socket,
 * ~/.testcontainers.properties). Without one, the class is reported as skipped and costs no more
 * than the look for an engine. The image is {@value #DEFAULT_IMAGE} unless the system property
 * {@code isthmus.postgres.image} names another that behaves like it (the official image's
 * environment and log lines).
 */
@Testcontainers(disabledWithoutDocker = true)
class JdbcConfigStorePostgresContainerTest extends PostgresStoreContract {
  static final String DEFAULT_IMAGE = "postgres:16-alpine";

  // The same throwaway settings as the embedded server: no test outlives the container.
  @Container
  private static final PostgreSQLContainer postgres =
      new PostgreSQLContainer(
              DockerImageName.parse(System.getProperty("isthmus.postgres.image", DEFAULT_IMAGE))
                  .asCompatibleSubstituteFor("postgres"))
          .withCommand("postgres", "-c", "fsync=off", "-c", "full_page_writes=off");

  private static PostgresServer server;

  /** Runs after the extension started the container. */
  @BeforeAll
  static void migrateTemplate() {
    String base =
        "jdbc:postgresql://"
            + postgres.getHost()
            + ":"
            + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    server =
        PostgresServer.withTemplate(
            database -> base + "/" + database, postgres.getUsername(), postgres.getPassword());
  }

  @Override
  PostgresServer server() {
    return server;
  }
}
