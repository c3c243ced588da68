package io.isthmus.admin.problem;

import io.isthmus.config.StoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders every failure of an admin API call as {@code application/problem+json}. Limited to the
 * admin controllers so that actuator and the OpenAPI endpoints keep their own error handling.
 */
@RestControllerAdvice(basePackages = "io.isthmus.admin")
public class ProblemHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  /** How long a client should wait before retrying while the store is unreachable. */
  static final long STORE_RETRY_AFTER_SECONDS = 5;

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Problem> api(ApiException e, HttpServletRequest request) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
    if (e.status() == 401) {
      // RFC 6750 section 3: a 401 names the scheme the client should use.
      response.header("WWW-Authenticate", "Bearer");
    }
    if (e.retryAfterSeconds() > 0) {
      // RFC 9110 section 10.2.3, as RFC 6585 section 4 suggests for a 429.
      response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    Problem problem =
        new Problem(
            reasonPhrase(e.status()),
            e.status(),
            e.detail(),
            request.getRequestURI(),
            e.code(),
            e.errors());
    return response.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /**
   * The store is away (database down, unreachable, not open yet): 503, so that clients retry
   * instead of reporting a bug; nothing was written.
   */
  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<Problem> storeUnavailable(
      StoreUnavailableException e, HttpServletRequest request) {
    log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
    return api(
        ApiException.serviceUnavailable(
            "The configuration store is unreachable; nothing was changed. DNS keeps answering"
                + " from the configuration this node serves. Retry later.",
            STORE_RETRY_AFTER_SECONDS),
        request);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Problem> unreadable(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    RequestBodyTooLarge tooLarge = RequestBodyTooLarge.in(e);
    if (tooLarge != null) {
      return api(ApiException.requestTooLarge(tooLarge.maxBytes()), request);
    }
    return api(ApiException.invalidInput("", "request body is not valid JSON"), request);
  }

  /**
   * Spring MVC's own protocol errors (unsupported media type, unknown path) keep their status;
   * anything else is a bug, logged and answered with 500.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Problem> other(Exception e, HttpServletRequest request) {
    RequestBodyTooLarge tooLarge = RequestBodyTooLarge.in(e);
    if (tooLarge != null) { // a handler that reads the body itself
      return api(ApiException.requestTooLarge(tooLarge.maxBytes()), request);
    }
    if (e instanceof ErrorResponse response) {
      int status = response.getStatusCode().value();
      String code =
          switch (status) {
            case 400 -> "InvalidInput";
            case 404 -> "ResourceNotFound";
            default -> reasonPhrase(status).replace(" ", "");
          };
      return api(
          new ApiException(status, code, response.getBody().getDetail(), List.of()), request);
    }
    log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
    return api(
        new ApiException(
            500, "InternalError", "The request failed; see the server log.", List.of()),
        request);
  }

  private static String reasonPhrase(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "Error " + status : known.getReasonPhrase();
  }
}
