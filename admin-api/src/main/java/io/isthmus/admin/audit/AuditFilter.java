package io.isthmus.admin.audit;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Callers;
import io.isthmus.config.AuditEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records the {@code /v1} requests that {@link AuditPolicy} selects, after they completed: around
 * the whole chain, so that requests refused by authentication, a rate limit or the body limit are
 * seen with their final status like any other. The response is ended (its body closed) before the
 * record is written, so a slow or unreachable store does not hold back the answer. The caller is
 * named by account id, "operator" or "anonymous"; no header is ever read. Thread-safe.
 */
public final class AuditFilter extends OncePerRequestFilter {
  /** Paths and ids come from clients: kept bounded in the store. */
  static final int MAX_PATH_LENGTH = 512;

  static final int MAX_ID_LENGTH = 128;

  private final AuditTrail trail;

  public AuditFilter(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/v1/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean completed = false;
    try {
      chain.doFilter(request, response);
      completed = true;
    } finally {
      // An exception escaping the chain is answered 500 by the container.
      int status = completed ? response.getStatus() : 500;
      String path = request.getRequestURI();
      if (AuditPolicy.records(request.getMethod(), path, status)) {
        if (completed) {
          end(response);
        }
        trail.record(
            new AuditEvent(
                trail.now(),
                Callers.of(request).map(AuditFilter::name).orElse(AuditEvent.ANONYMOUS),
                request.getMethod(),
                bounded(path, MAX_PATH_LENGTH),
                bounded(AuditDetails.resourceId(request), MAX_ID_LENGTH),
                status,
                bounded(AuditDetails.changeId(request), MAX_ID_LENGTH),
                request.getRemoteAddr()));
      }
    }
  }

  private static String name(Caller caller) {
    return caller.isOperator() ? AuditEvent.OPERATOR : caller.account().id();
  }

  private static String bounded(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /**
   * Ends a response before its audit record is written (here and for the AWS-compatible API). A
   * flush is not enough: it commits a response of unknown length as chunked, whose last chunk is
   * sent only when the request ends, so the client would still wait for the store (on PostgreSQL a
   * commit, milliseconds per change). Closing the body makes the container send the rest and end
   * it; after a {@code sendError} the container ignores the close and renders the error itself.
   */
  public static void end(HttpServletResponse response) {
    try {
      try {
        response.getOutputStream().close();
      } catch (IllegalStateException writerInUse) {
        response.getWriter().close();
      }
    } catch (IOException e) {
      // The client went away; the request happened all the same and is recorded.
    }
  }
}
