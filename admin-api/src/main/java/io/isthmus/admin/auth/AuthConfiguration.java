package io.isthmus.admin.auth;

import io.isthmus.admin.limits.AdminThrottle;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer authentication and rate limits for {@code /v1/**} only: the OpenAPI document ({@code
 * /v3/api-docs}), its UI ({@code /swagger-ui/**}) and {@code /actuator/**} stay reachable without a
 * token.
 */
@Configuration(proxyBeanMethods = false)
public class AuthConfiguration implements WebMvcConfigurer {
  private final Authenticator authenticator;
  private final AdminThrottle throttle;

  public AuthConfiguration(Authenticator authenticator, AdminThrottle throttle) {
    this.authenticator = authenticator;
    this.throttle = throttle;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(new BearerAuthInterceptor(authenticator, throttle))
        .addPathPatterns("/v1/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerArgumentResolver());
  }
}
