package io.isthmus.server.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The cluster's shared store: a real PostgreSQL server (zonky's embedded binaries) on a fixed
 * loopback port with its data directory in the test's folder, so that it can be stopped, as an
 * outage, and started again with the same data on the same port, where the nodes' JDBC URL still
 * points. Not thread-safe: driven by the test thread.
 */
final class SharedPostgres implements AutoCloseable {
  private final Path dataDirectory;
  private final int port;
  private EmbeddedPostgres server;

  private SharedPostgres(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** A new server on a free port, its data initialised in {@code dataDirectory}. */
  static SharedPostgres start(Path dataDirectory) throws IOException {
    SharedPostgres postgres = new SharedPostgres(dataDirectory, freeTcpPort());
    postgres.start();
    return postgres;
  }

  /** Starts the server again on its data directory and port; does nothing while it runs. */
  void start() throws IOException {
    if (server == null) {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              // A throwaway server: durability across a crash of the machine buys nothing here.
              .setServerConfig("fsync", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
    }
  }

  /** Stops the server (its open connections are cut); the data stays for {@link #start()}. */
  void stop() throws IOException {
    if (server != null) {
      EmbeddedPostgres running = server;
      server = null;
      running.close();
    }
  }

  boolean isRunning() {
    return server != null;
  }

  /** The nodes' {@code isthmus.store.url}: valid across stops and starts. */
  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** The user the embedded server trusts without a password. */
  static String user() {
    return "postgres";
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
