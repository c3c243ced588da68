package io.isthmus.admin.aws.sigv4;

/**
 * An access key: its id, its secret, and the account it acts for.
 *
 * @param accessKeyId the public id, as it appears in a request's credential scope
 * @param secretAccessKey the shared secret the signing key is derived from
 * @param accountId the account a verified request is attributed to
 */
public record Credentials(String accessKeyId, String secretAccessKey, String accountId) {

  /** Without the secret, so that logging a credentials object cannot leak it. */
  @Override
  public String toString() {
    return "Credentials[accessKeyId=" + accessKeyId + ", accountId=" + accountId + "]";
  }
}
