package io.isthmus.admin.aws.sigv4;

/**
 * Why a request was rejected, as AWS names it in the {@code Code} element (or {@code __type} field)
 * of its error responses. AWS answers every one of these with HTTP 403, including a missing
 * signature: there is no 401 challenge in SigV4.
 */
public enum RejectionCode {
  /** Neither an {@code Authorization} header nor a presigned query string. */
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken"),
  /** The signature's parts are malformed or missing, or a header that must be signed is not. */
  INCOMPLETE_SIGNATURE("IncompleteSignature"),
  /** The access key id is not known. */
  INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId"),
  /** The signature, the payload hash, or the date in the credential scope does not match. */
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch"),
  /** The request's date is too far from the server's clock, or a presigned URL has expired. */
  REQUEST_EXPIRED("RequestExpired");

  private final String awsCode;

  RejectionCode(String awsCode) {
    this.awsCode = awsCode;
  }

  /** The code as AWS spells it, such as {@code SignatureDoesNotMatch}. */
  public String awsCode() {
    return awsCode;
  }

  /** The HTTP status AWS answers with: 403 for every code. */
  public int httpStatus() {
    return 403;
  }
}
