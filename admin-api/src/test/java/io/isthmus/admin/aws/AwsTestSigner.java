package io.isthmus.admin.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Signs a POST to the AWS listener as the SigV4 spec says, for tests that go through {@link
 * AwsApiFilter}: host and x-amz-date signed (and x-amz-target when given), the payload hashed, on
 * the listener's port.
 */
public final class AwsTestSigner {
  private AwsTestSigner() {}

  /** A signed POST of {@code payload} to {@code path} for {@code service} in {@code region}. */
  public static MockHttpServletRequestBuilder post(
      String keyId,
      String secret,
      Instant at,
      int port,
      String service,
      String region,
      String path,
      String contentType,
      String target,
      byte[] payload) {
    String amzDate =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
    String signedHeaders = target == null ? "host;x-amz-date" : "host;x-amz-date;x-amz-target";
    String canonical =
        "POST\n"
            + path
            + "\n\nhost:localhost\nx-amz-date:"
            + amzDate
            + "\n"
            + (target == null ? "" : "x-amz-target:" + target + "\n")
            + "\n"
            + signedHeaders
            + "\n"
            + hex(sha256(payload));
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] signingKey = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    for (String part : scope.split("/")) {
      signingKey = hmac(signingKey, part);
    }
    MockHttpServletRequestBuilder request =
        MockMvcRequestBuilders.post(path)
            .header("Host", "localhost")
            .header("X-Amz-Date", amzDate)
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + keyId
                    + "/"
                    + scope
                    + ", SignedHeaders="
                    + signedHeaders
                    + ", Signature="
                    + hex(hmac(signingKey, stringToSign)))
            .contentType(contentType)
            .content(payload);
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    return request.with(
        r -> {
          r.setLocalPort(port);
          return r;
        });
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
