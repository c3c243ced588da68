package io.isthmus.admin.web;

import io.isthmus.admin.auth.Caller;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the admin API in the OpenAPI document springdoc serves at {@code /v3/api-docs}: every
 * operation needs a bearer token, and the {@link Caller} argument resolved from it is not a request
 * parameter.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info = @Info(title = "Isthmus admin API", version = "v1"),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class OpenApiConfiguration {
  static {
    // springdoc's documented hook for arguments that resolvers, not the request, supply.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }
}
