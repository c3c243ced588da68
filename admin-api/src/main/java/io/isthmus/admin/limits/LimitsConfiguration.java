package io.isthmus.admin.limits;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's rate and size limits. The application may provide {@link AdminLimits} and {@link
 * ImportLimits} (from its {@code isthmus.admin.*} keys) and a {@link NanoClock}; without them the
 * defaults and {@link System#nanoTime} apply.
 */
@Configuration(proxyBeanMethods = false)
public class LimitsConfiguration {

  @Bean
  AdminMetrics adminMetrics(MeterRegistry registry) {
    return new AdminMetrics(registry);
  }

  @Bean
  AdminThrottle adminThrottle(
      ObjectProvider<AdminLimits> limits,
      ObjectProvider<NanoClock> clock,
      AdminMetrics metrics,
      MeterRegistry registry) {
    NanoClock nanos = clock.getIfAvailable(() -> System::nanoTime);
    return new AdminThrottle(
        limits.getIfAvailable(AdminLimits::defaults), nanos::nanoTime, metrics, registry);
  }

  @Bean
  RequestBodyLimitFilter requestBodyLimitFilter(
      ObjectProvider<AdminLimits> limits,
      ObjectProvider<ImportLimits> importLimits,
      AdminMetrics metrics) {
    return new RequestBodyLimitFilter(
        limits.getIfAvailable(AdminLimits::defaults).maxBodyBytes(),
        importLimits.getIfAvailable(ImportLimits::defaults).maxBodyBytes(),
        metrics);
  }
}
