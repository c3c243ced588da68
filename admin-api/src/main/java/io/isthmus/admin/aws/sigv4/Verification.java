package io.isthmus.admin.aws.sigv4;

/** The outcome of {@link SigV4Verifier#verify}: the request is either verified or rejected. */
public sealed interface Verification {

  /**
   * The signature is valid: the request was made by the holder of {@code accessKeyId}'s secret.
   *
   * @param accountId the account of the access key
   * @param accessKeyId the access key that signed the request
   * @param region the region of the credential scope, such as {@code us-east-1}; the caller decides
   *     whether it is one it serves
   * @param service the service of the credential scope, such as {@code route53}; likewise
   */
  record Verified(String accountId, String accessKeyId, String region, String service)
      implements Verification {}

  /**
   * The request is not authenticated. The message is meant for the client and says what was wrong
   * without revealing the secret, the expected signature, or whether anything but the key id was
   * wrong when the key id is unknown.
   *
   * <p>The HTTP status is derived from the code rather than stored beside it, so the two cannot
   * disagree (AWS answers every SigV4 rejection with 403).
   *
   * @param code AWS's error code
   * @param message a human-readable explanation
   */
  record Rejected(RejectionCode code, String message) implements Verification {
    /** The HTTP status to answer with (403). */
    public int httpStatus() {
      return code.httpStatus();
    }
  }
}
