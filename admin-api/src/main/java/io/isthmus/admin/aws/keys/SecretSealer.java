package io.isthmus.admin.aws.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the secrets of AWS access keys for the store and opens them again: AES-256-GCM under the
 * nodes' secret-sealing key ({@code isthmus.aws.secret-key}), a random 96-bit nonce per secret
 * (NIST SP 800-38D section 8.2.2), the key id bound as additional authenticated data so that a
 * sealed secret moved to another key id does not open. The sealed form is {@code "v1:"} and the
 * base64 of nonce then ciphertext and tag. Thread-safe.
 */
public final class SecretSealer {
  private static final String FORMAT = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key 32 bytes
   */
  public SecretSealer(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the secret-sealing key has 32 bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public String seal(String accessKeyId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed =
        crypt(Cipher.ENCRYPT_MODE, nonce, accessKeyId, secret.getBytes(StandardCharsets.UTF_8));
    return FORMAT
        + Base64.getEncoder()
            .encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
  }

  /**
   * The secret sealed for {@code accessKeyId}.
   *
   * @throws IllegalStateException if it was sealed under another key or for another key id (the
   *     nodes do not share one secret-sealing key: docs/aws-api.md)
   */
  public String open(String accessKeyId, String sealed) {
    if (!sealed.startsWith(FORMAT)) {
      throw new IllegalStateException("the secret of " + accessKeyId + " is not in a known format");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealed.substring(FORMAT.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the secret of " + accessKeyId + " is not base64", e);
    }
    if (bytes.length <= NONCE_BYTES) {
      throw new IllegalStateException("the secret of " + accessKeyId + " is truncated");
    }
    byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
    byte[] sealedPart = java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
    return new String(
        crypt(Cipher.DECRYPT_MODE, nonce, accessKeyId, sealedPart), StandardCharsets.UTF_8);
  }

  private byte[] crypt(int mode, byte[] nonce, String accessKeyId, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // Only a wrong key or altered data fails here: AES-GCM is in every Java runtime.
      throw new IllegalStateException(
          "the secret of " + accessKeyId + " does not open with this node's secret-sealing key", e);
    }
  }

  @Override
  public String toString() {
    return "SecretSealer[****]";
  }
}
