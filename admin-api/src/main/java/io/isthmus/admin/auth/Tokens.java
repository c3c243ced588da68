package io.isthmus.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Account bearer tokens: 32 random bytes, base64url without padding. Only their SHA-256 is stored,
 * so a copy of the database does not hand out working tokens; a plain hash suffices (no salt or key
 * stretching) because the tokens carry 256 bits of entropy, not a human-chosen password.
 * Thread-safe.
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a token: lower-case hex SHA-256 of its UTF-8 bytes. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
