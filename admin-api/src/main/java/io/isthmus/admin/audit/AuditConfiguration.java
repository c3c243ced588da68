package io.isthmus.admin.audit;

import io.isthmus.config.AuditStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail of the admin API over the application's {@link AuditStore}, with the {@link
 * AuditRetention} the application provides (the defaults without one).
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

  @Bean
  AuditTrail auditTrail(
      AuditStore store,
      ObjectProvider<AuditRetention> retention,
      Clock clock,
      MeterRegistry registry) {
    return new AuditTrail(
        store, retention.getIfAvailable(AuditRetention::defaults), clock, registry);
  }

  @Bean
  AuditFilter auditFilter(AuditTrail trail) {
    return new AuditFilter(trail);
  }
}
