package io.isthmus.config;

import java.time.Instant;

/**
 * An AWS-style access key of an account, for the AWS-compatible API (docs/aws-api.md): the key id a
 * client signs with and its secret, sealed (encrypted by the node's secret-sealing key, never
 * stored in the clear). Immutable.
 *
 * @param sealedSecret the secret as sealed by the admin API; opaque to the store
 */
public record AwsAccessKey(
    String accessKeyId, String accountId, String sealedSecret, Instant createdAt) {
  @Override
  public String toString() {
    return "AwsAccessKey[accessKeyId="
        + accessKeyId
        + ", accountId="
        + accountId
        + ", createdAt="
        + createdAt
        + "]";
  }
}
