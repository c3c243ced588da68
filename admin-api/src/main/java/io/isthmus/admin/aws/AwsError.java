package io.isthmus.admin.aws;

/**
 * An error of the AWS-compatible API as AWS reports it: HTTP status, {@code Code} and {@code
 * Message}, and whether the client (Sender) or the server (Receiver) is at fault. Written in each
 * protocol's own shape by the service that answers. Immutable.
 */
public record AwsError(int status, String code, String message, boolean sender) {
  public static AwsError sender(int status, String code, String message) {
    return new AwsError(status, code, message, true);
  }
}
