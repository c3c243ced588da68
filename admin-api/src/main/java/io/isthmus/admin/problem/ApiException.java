package io.isthmus.admin.problem;

import io.isthmus.config.FieldError;
import java.util.List;

/**
 * A request the API refuses, in terms any front end can render: an HTTP-style status number, a
 * stable error code from docs/spec/admin-api.md ("InvalidInput", "NoSuchHostedZone", ...), a
 * human-readable detail and, for validation, every field problem found. The services throw it; the
 * REST layer renders it as RFC 9457 problem+json, a future AWS-compatible facade as Route 53 XML
 * errors. Immutable.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient List<FieldError> errors;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String detail, List<FieldError> errors) {
    this(status, code, detail, errors, 0);
  }

  private ApiException(
      int status, String code, String detail, List<FieldError> errors, long retryAfterSeconds) {
    // No stack trace: this is an expected outcome of a request, not a bug to be located.
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException invalidInput(List<FieldError> errors) {
    return new ApiException(400, "InvalidInput", describe(errors), errors);
  }

  public static ApiException invalidInput(String field, String message) {
    return invalidInput(List.of(new FieldError(field, message)));
  }

  public static ApiException invalidRequest(String detail, List<FieldError> errors) {
    return new ApiException(400, "InvalidRequest", detail, errors);
  }

  /** No or an unknown bearer token. */
  public static ApiException unauthenticated(String detail) {
    return new ApiException(401, "Unauthorized", detail, List.of());
  }

  /** The caller may see the resource but may not do this to it. */
  public static ApiException notAuthorized(String detail) {
    return new ApiException(403, "NotAuthorized", detail, List.of());
  }

  /** The caller's kind (operator or account) may not call this at all. */
  public static ApiException accessDenied(String detail) {
    return new ApiException(403, "AccessDenied", detail, List.of());
  }

  public static ApiException notFound(String code, String detail) {
    return new ApiException(404, code, detail, List.of());
  }

  public static ApiException conflict(String code, String detail) {
    return new ApiException(409, code, detail, List.of());
  }

  /** The request body is longer than the admin API reads. */
  public static ApiException requestTooLarge(long maxBytes) {
    return new ApiException(
        413,
        "RequestTooLarge",
        "The request body is larger than " + maxBytes + " bytes.",
        List.of());
  }

  /**
   * The caller sent more requests than its rate limit allows.
   *
   * @param retryAfterSeconds when a request would be admitted again, at least 1
   */
  public static ApiException throttled(long retryAfterSeconds) {
    return new ApiException(
        429,
        "Throttling",
        "Rate exceeded; retry after " + retryAfterSeconds + " s.",
        List.of(),
        retryAfterSeconds);
  }

  /**
   * The configuration store cannot be reached: nothing was changed, the same request may succeed
   * later. DNS keeps answering from the configuration the node already serves.
   *
   * @param retryAfterSeconds for the Retry-After header (RFC 9110 section 10.2.3), at least 1
   */
  public static ApiException serviceUnavailable(String detail, long retryAfterSeconds) {
    return new ApiException(503, "ServiceUnavailable", detail, List.of(), retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** Seconds for the Retry-After header, or 0 when the response carries none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  private static String describe(List<FieldError> errors) {
    return errors.size() == 1
        ? "Invalid input: " + errors.get(0).field() + ": " + errors.get(0).message()
        : "Invalid input: " + errors.size() + " problems, see errors";
  }
}
