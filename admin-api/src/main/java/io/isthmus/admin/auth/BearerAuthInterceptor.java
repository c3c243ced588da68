package io.isthmus.admin.auth;

import io.isthmus.admin.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires {@code Authorization: Bearer <token>} (RFC 6750) on every {@code /v1} call and leaves
 * the {@link Caller} in a request attribute. It throws {@link ApiException} so that a 401 is
 * rendered as problem+json like every other error.
 */
class BearerAuthInterceptor implements HandlerInterceptor {
  static final String CALLER_ATTRIBUTE = Caller.class.getName();
  private static final String SCHEME = "bearer ";

  private final Authenticator authenticator;

  BearerAuthInterceptor(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    // The scheme name is case-insensitive (RFC 9110 section 11.1).
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
      throw ApiException.unauthenticated("Send Authorization: Bearer <token>.");
    }
    String token = header.substring(SCHEME.length()).trim();
    Caller caller =
        authenticator
            .authenticate(token)
            .orElseThrow(() -> ApiException.unauthenticated("Unknown bearer token."));
    request.setAttribute(CALLER_ATTRIBUTE, caller);
    return true;
  }
}
