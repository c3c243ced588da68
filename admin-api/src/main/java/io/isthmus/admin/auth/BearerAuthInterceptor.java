package io.isthmus.admin.auth;

import io.isthmus.admin.limits.AdminThrottle;
import io.isthmus.admin.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires {@code Authorization: Bearer <token>} (RFC 6750) on every {@code /v1} call, charges the
 * call to its caller's rate limit and leaves the {@link Caller} in a request attribute. A call
 * without a known token is charged to its client address instead, so guessing tokens is as slow as
 * that limit. It throws {@link ApiException} so that a 401 or 429 is rendered as problem+json like
 * every other error.
 */
class BearerAuthInterceptor implements HandlerInterceptor {
  static final String CALLER_ATTRIBUTE = Caller.class.getName();
  private static final String SCHEME = "bearer ";

  private final Authenticator authenticator;
  private final AdminThrottle throttle;

  BearerAuthInterceptor(Authenticator authenticator, AdminThrottle throttle) {
    this.authenticator = authenticator;
    this.throttle = throttle;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    // The scheme name is case-insensitive (RFC 9110 section 11.1).
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
      throttle.admitUnauthenticated(request.getRemoteAddr());
      throw ApiException.unauthenticated("Send Authorization: Bearer <token>.");
    }
    String token = header.substring(SCHEME.length()).trim();
    Optional<Caller> caller = authenticator.authenticate(token);
    if (caller.isEmpty()) {
      throttle.admitUnauthenticated(request.getRemoteAddr());
      throw ApiException.unauthenticated("Unknown bearer token.");
    }
    request.setAttribute(CALLER_ATTRIBUTE, caller.get());
    if (caller.get().isOperator()) {
      throttle.admitOperator();
    } else {
      throttle.admitAccount(caller.get().account().id());
    }
    return true;
  }
}
