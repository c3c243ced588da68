package io.isthmus.admin.aws.resolver;

import io.isthmus.admin.problem.ApiException;
import java.util.stream.Collectors;

/**
 * The Route 53 Resolver exception for a {@code /v1} refusal (docs/spec/admin-api.md "Error codes
 * and success statuses"): the same checks, named as the service model names them. Anything not
 * found, another account's resource included, is ResourceNotFoundException. Stateless.
 */
final class ResolverErrors {
  private ResolverErrors() {}

  static ResolverException of(ApiException e) {
    String message = message(e);
    return switch (e.code()) {
      case "InvalidInput" -> ResolverException.invalidParameter(message);
      case "InvalidRequest" -> ResolverException.invalidRequest(message);
      case "ResourceExists" -> ResolverException.exists(message);
      case "ResourceInUse" -> new ResolverException(400, "ResourceInUseException", message);
      case "LimitExceeded" -> new ResolverException(400, "LimitExceededException", message);
      case "NotAuthorized", "AccessDenied" -> ResolverException.accessDenied(message);
      case "Throttling" -> new ResolverException(400, "ThrottlingException", message);
      case "ServiceUnavailable" ->
          new ResolverException(500, "InternalServiceErrorException", message);
      default ->
          e.status() == 404
              ? ResolverException.notFound(message)
              : ResolverException.invalidRequest(message);
    };
  }

  /** The detail, with each field problem when there are any. */
  private static String message(ApiException e) {
    if (e.errors().isEmpty()) {
      return e.detail();
    }
    return e.detail()
        + " ("
        + e.errors().stream()
            .map(error -> error.field() + ": " + error.message())
            .collect(Collectors.joining("; "))
        + ")";
  }
}
