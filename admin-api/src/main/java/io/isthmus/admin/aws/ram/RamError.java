package io.isthmus.admin.aws.ram;

/**
 * A RAM error as the service model names it (its shape's name is the code, {@code
 * x-amzn-ErrorType}); every one of them is a 400 but the server's own.
 */
final class RamError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  RamError(String code, String message) {
    // No stack trace: an expected answer to a request, not a bug.
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }

  static RamError invalidParameter(String message) {
    return new RamError("InvalidParameterException", message);
  }

  static RamError unknownResource(String message) {
    return new RamError("UnknownResourceException", message);
  }

  static RamError malformedArn(String arn) {
    return new RamError("MalformedArnException", "The ARN " + arn + " is malformed.");
  }

  static RamError operationNotPermitted(String message) {
    return new RamError("OperationNotPermittedException", message);
  }
}
