package io.isthmus.admin;

import io.isthmus.admin.auth.OperatorToken;
import io.isthmus.admin.endpoints.EndpointStatuses;
import io.isthmus.admin.endpoints.EndpointStatuses.EndpointStatus;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.jdbc.JdbcConfigStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;

/**
 * The beans the application provides to the admin API, for tests: an in-memory H2 store, a fixed
 * clock, a known operator token, an applied version the tests move and endpoint statuses.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan("io.isthmus.admin")
public class TestAdminApplication {
  public static final String OPERATOR_TOKEN = "operator-token-for-tests";
  public static final Instant NOW = Instant.parse("2025-03-01T12:00:00.123Z");

  /** Addresses in this documentation block (TEST-NET-1) stand for ones no node can bind. */
  public static final String UNBINDABLE_PREFIX = "192.0.2.";

  /** All changes are INSYNC unless a test holds the version back. */
  public static final class MovableAppliedVersion implements AppliedVersion {
    private final AtomicLong version = new AtomicLong(Long.MAX_VALUE);

    @Override
    public long appliedVersion() {
      return version.get();
    }

    public void set(long value) {
      version.set(value);
    }
  }

  @Bean(destroyMethod = "close")
  ConfigStore configStore() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:admin-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    return JdbcConfigStore.open(dataSource);
  }

  @Bean
  MovableAppliedVersion appliedVersion() {
    return new MovableAppliedVersion();
  }

  @Bean
  OperatorToken operatorToken() {
    return new OperatorToken(OPERATOR_TOKEN);
  }

  @Bean
  EndpointStatuses endpointStatuses() {
    return endpoint ->
        endpoint.ipAddresses().stream()
            .filter(address -> address.ip().startsWith(UNBINDABLE_PREFIX))
            .findFirst()
            .map(address -> EndpointStatus.actionNeeded("cannot bind " + address.ip()))
            .orElse(EndpointStatus.operational());
  }

  @Bean
  Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
