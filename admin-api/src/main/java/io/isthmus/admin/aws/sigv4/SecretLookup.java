package io.isthmus.admin.aws.sigv4;

import java.util.Optional;

/** Where the verifier finds the secret behind an access key id. Must be thread-safe. */
@FunctionalInterface
public interface SecretLookup {
  /** The credentials whose id is {@code accessKeyId}, or empty if there is no such (active) key. */
  Optional<Credentials> find(String accessKeyId);
}
