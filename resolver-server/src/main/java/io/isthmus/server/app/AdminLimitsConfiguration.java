package io.isthmus.server.app;

import io.isthmus.admin.audit.AuditRetention;
import io.isthmus.admin.limits.AdminLimits;
import io.isthmus.admin.limits.ImportLimits;
import io.isthmus.admin.limits.RateLimit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's limits and audit trail from the {@code isthmus.admin.*} keys: rate limits and
 * body size ({@link AdminLimits}), the zone file import's ({@link ImportLimits}), and the audit
 * trail in the configuration store with its retention.
 */
@Configuration(proxyBeanMethods = false)
public class AdminLimitsConfiguration {

  @Bean
  AdminLimits adminLimits(IsthmusProperties properties) {
    IsthmusProperties.Admin admin = properties.admin();
    IsthmusProperties.RateLimit rate = admin.rateLimit();
    return new AdminLimits(
        new RateLimit(rate.requestsPerSecond(), rate.burst()),
        new RateLimit(rate.operatorRequestsPerSecond(), rate.operatorBurst()),
        new RateLimit(rate.unauthenticatedRequestsPerSecond(), rate.unauthenticatedBurst()),
        rate.maxClients(),
        admin.maxBodySize().toBytes());
  }

  @Bean
  ImportLimits importLimits(IsthmusProperties properties) {
    IsthmusProperties.Import limits = properties.admin().zoneImport();
    return new ImportLimits(limits.maxRecords(), limits.maxBodySize().toBytes());
  }

  @Bean
  AuditRetention auditRetention(IsthmusProperties properties) {
    IsthmusProperties.Audit audit = properties.admin().audit();
    return new AuditRetention(audit.retention(), audit.maxRecords());
  }
}
