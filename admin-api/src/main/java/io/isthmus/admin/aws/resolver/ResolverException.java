package io.isthmus.admin.aws.resolver;

/**
 * A refusal of the Route 53 Resolver facade, named as the service model names its exceptions
 * ({@code InvalidRequestException}, {@code ResourceNotFoundException}, ...). Status 400 for the
 * client's errors, as AWS answers them. Immutable.
 */
final class ResolverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ResolverException(int status, String code, String message) {
    // No stack trace: an expected outcome of a request, not a bug to be located.
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ResolverException invalidParameter(String message) {
    return new ResolverException(400, "InvalidParameterException", message);
  }

  static ResolverException invalidRequest(String message) {
    return new ResolverException(400, "InvalidRequestException", message);
  }

  static ResolverException notFound(String message) {
    return new ResolverException(400, "ResourceNotFoundException", message);
  }

  static ResolverException exists(String message) {
    return new ResolverException(400, "ResourceExistsException", message);
  }

  static ResolverException accessDenied(String message) {
    return new ResolverException(400, "AccessDeniedException", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
