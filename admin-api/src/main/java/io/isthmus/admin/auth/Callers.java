package io.isthmus.admin.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/** Who made a request, for code outside the handler methods (the audit trail). Stateless. */
public final class Callers {
  private Callers() {}

  /** The caller a {@code /v1} request was authenticated as; empty if it was not (yet). */
  public static Optional<Caller> of(HttpServletRequest request) {
    return Optional.ofNullable(
        (Caller) request.getAttribute(BearerAuthInterceptor.CALLER_ATTRIBUTE));
  }
}
