package io.isthmus.admin.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The operator console (docs/console.md): static files under {@code classpath:/static/console/},
 * served on the admin API's port so that its calls to {@code /v1} are same-origin. The files need
 * no token (the bearer interceptor covers {@code /v1/**} only); every call the console makes to
 * {@code /v1} carries the token the user pasted.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {

  /**
   * The page holds a bearer token in its session storage: only its own scripts may run (no inline
   * script, nothing from another origin), it may not be framed, and it sends no referrer.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    // The static resource handler serves files, not folders: /console/ is the page itself.
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public boolean preHandle(
                  HttpServletRequest request, HttpServletResponse response, Object handler) {
                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("Referrer-Policy", "no-referrer");
                // A new release's modules are loaded at once, never mixed with cached old ones.
                response.setHeader("Cache-Control", "no-cache");
                return true;
              }
            })
        .addPathPatterns("/console", "/console/**");
  }
}
