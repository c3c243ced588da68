package io.isthmus.admin.aws.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The cryptography of SigV4: SHA-256 for hashes, the HMAC-SHA256 chain for the signature. */
final class Signing {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";

  private Signing() {}

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The string to sign (the SigV4 spec, "Create a string to sign"): the algorithm, the request's
   * amz date, the credential scope and the hex SHA-256 of the canonical request, one per line.
   */
  static String stringToSign(String amzDate, CredentialScope scope, String canonicalRequest) {
    return ALGORITHM
        + '\n'
        + amzDate
        + '\n'
        + scope.scope()
        + '\n'
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The signing key, derived from the secret through the scope ("Calculate the signature"): kDate =
   * HMAC("AWS4" + secret, date), kRegion = HMAC(kDate, region), kService = HMAC(kRegion, service),
   * kSigning = HMAC(kService, "aws4_request").
   */
  static byte[] signingKey(String secretAccessKey, CredentialScope scope) {
    byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    key = hmac(key, scope.date());
    key = hmac(key, scope.region());
    key = hmac(key, scope.service());
    return hmac(key, "aws4_request");
  }

  /** The signature: HMAC-SHA256 of the string to sign under the signing key. */
  static byte[] signature(byte[] signingKey, String stringToSign) {
    return hmac(signingKey, stringToSign);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }
}
