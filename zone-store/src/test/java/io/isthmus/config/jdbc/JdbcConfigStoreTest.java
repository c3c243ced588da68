package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.ConfigData;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded H2 file database, the default of a single node. */
class JdbcConfigStoreTest extends JdbcConfigStoreContract {
  @TempDir Path dataDir;

  @Override
  TestDatabase newDatabase() {
    return new TestDatabase() {
      @Override
      public DataSource open() {
        return JdbcConfigStore.embeddedDataSource(dataDir);
      }

      @Override
      public void release(DataSource dataSource) {
        // Disposing the last pool closes the database file, as a process exit would.
        ((JdbcConnectionPool) dataSource).dispose();
      }
    };
  }

  @Test
  void embeddedUrlIsAnH2FileInTheDataDirectory() {
    assertThat(JdbcConfigStore.embeddedUrl(dataDir))
        .startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("isthmus") + ";")
        .contains("MODE=PostgreSQL");
  }

  @Test
  void openEmbeddedCreatesTheDirectoryAndCloseReleasesTheDatabase() throws Exception {
    Path nested = dataDir.resolve("a/b");
    ConfigData written;
    try (JdbcConfigStore embedded = JdbcConfigStore.openEmbedded(nested)) {
      embedded.write(
          w -> {
            w.insertAccount(ACME, "hash-acme");
            w.insertVpc(NET);
            return null;
          });
      written = embedded.load();
    }
    assertThat(Files.list(nested)).anyMatch(file -> file.getFileName().toString().endsWith(".db"));

    // With the first store closed, H2 has closed the file: this reopens it from disk.
    try (JdbcConfigStore reopened = JdbcConfigStore.openEmbedded(nested)) {
      assertThat(reopened.load()).isEqualTo(written);
      assertThat(reopened.version()).isEqualTo(1);
    }
  }
}
