package io.isthmus.server.store;

import com.zaxxer.hikari.HikariDataSource;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.server.app.IsthmusProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The configuration store: the embedded file database under the data dir by default, or the JDBC
 * URL of {@code isthmus.store.url} (PostgreSQL when several nodes share one configuration).
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

  @Bean(destroyMethod = "close")
  HikariDataSource configDataSource(IsthmusProperties properties) {
    IsthmusProperties.Store store = properties.store();
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("isthmus-store");
    if (store.url() == null || store.url().isBlank()) {
      try {
        Files.createDirectories(properties.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create data dir " + properties.dataDir(), e);
      }
      dataSource.setJdbcUrl(JdbcConfigStore.embeddedUrl(properties.dataDir().toAbsolutePath()));
    } else {
      dataSource.setJdbcUrl(store.url());
      dataSource.setUsername(store.username());
      dataSource.setPassword(store.password());
    }
    // Writes are rare and serialized; a small pool is plenty and keeps database load low.
    dataSource.setMaximumPoolSize(4);
    return dataSource;
  }

  @Bean(destroyMethod = "close")
  JdbcConfigStore configStore(DataSource configDataSource) {
    return JdbcConfigStore.open(configDataSource);
  }

  /** Node heartbeats, in the same database (migrated by the store) but outside its versioning. */
  @Bean
  NodeRegistry nodeRegistry(JdbcConfigStore store) {
    return store.nodeRegistry();
  }
}
