package io.isthmus.admin.limits;

import io.isthmus.admin.problem.RequestBodyTooLarge;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the request bodies of {@code /v1} calls to {@link AdminLimits#maxBodyBytes}, and those of
 * zone file imports to {@link ImportLimits#maxBodyBytes}. The body is not read here: the limit
 * applies when a handler reads it, after authentication, so an unauthenticated client gets its 401
 * without the server reading its body, and a 413 names the caller in the audit trail. A declared
 * Content-Length over the limit fails on the first read, before any byte is taken; an undeclared
 * (chunked) length fails as soon as the limit is passed, so the server never holds more than the
 * limit. 413 responses are counted. Thread-safe.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {
  /** A zone file import: the one endpoint with a limit of its own ({@link ImportLimits}). */
  private static final Pattern IMPORT = Pattern.compile("/v1/hostedzones/[^/]+/import");

  private final long maxBytes;
  private final long maxImportBytes;
  private final AdminMetrics metrics;

  public RequestBodyLimitFilter(long maxBytes, long maxImportBytes, AdminMetrics metrics) {
    this.maxBytes = maxBytes;
    this.maxImportBytes = maxImportBytes;
    this.metrics = metrics;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/v1/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      long limit = IMPORT.matcher(request.getRequestURI()).matches() ? maxImportBytes : maxBytes;
      chain.doFilter(new Limited(request, limit), response);
    } finally {
      if (response.getStatus() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) {
        metrics.tooLarge();
      }
    }
  }

  /** The request with its body behind the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream body;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (getContentLengthLong() > maxBytes) {
        throw new RequestBodyTooLarge(maxBytes);
      }
      if (body == null) {
        body = new LimitedInputStream(super.getInputStream(), maxBytes);
      }
      return body;
    }

    /** Spring reads JSON through the stream; a reader must not be a way around the limit. */
    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}
