package io.isthmus.admin.aws.cloudwatch;

import io.isthmus.admin.aws.AwsError;

/**
 * A request CloudWatch refuses, with the error to answer; thrown inside a store write it also rolls
 * the write back, which is how DeleteAlarms stays all-or-nothing.
 */
final class CloudWatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient AwsError error;

  CloudWatchException(AwsError error) {
    super(error.message());
    this.error = error;
  }

  static CloudWatchException sender(int status, String code, String message) {
    return new CloudWatchException(AwsError.sender(status, code, message));
  }

  static CloudWatchException invalid(String message) {
    return sender(400, "InvalidParameterValue", message);
  }

  AwsError error() {
    return error;
  }
}
