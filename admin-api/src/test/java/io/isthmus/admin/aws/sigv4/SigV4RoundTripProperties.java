package io.isthmus.admin.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.aws.sigv4.Verification.Rejected;
import io.isthmus.admin.aws.sigv4.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips through a small signer written here from the spec, independently of the verifier's
 * code: it signs requests whose path and query need no encoding (letters, digits and {@code -._~})
 * and whose header values carry extra white space. The verifier must accept each one, also when the
 * query arrives in another order with some characters needlessly percent-encoded, and must reject
 * it when one byte of the body changes. The botocore fixtures prove interoperability; these cover
 * shapes the fixtures do not.
 */
class SigV4RoundTripProperties {
  private static final String SECRET = "round-trip-secret/+=";
  private static final Credentials KEY = new Credentials("AKIDROUNDTRIP", SECRET, "210987654321");

  /** An unsigned request: everything the test signer needs to sign it. */
  record Unsigned(
      String method,
      List<String> segments,
      List<Map.Entry<String, String>> query,
      String headerValue,
      byte[] body,
      long seed) {}

  @Property(tries = 300)
  void verifiesWhatTheSpecSigned(@ForAll("requests") Unsigned unsigned) {
    SignedRequest signed = sign(unsigned, rawQuery(unsigned.query()));

    assertThat(verifier().verify(signed))
        .isEqualTo(new Verified("210987654321", "AKIDROUNDTRIP", "eu-west-1", "monitoring"));
  }

  @Property(tries = 300)
  void verifiesTheQueryInAnyOrderAndSpelling(@ForAll("requests") Unsigned unsigned) {
    SignedRequest signed = sign(unsigned, rawQuery(unsigned.query()));
    List<Map.Entry<String, String>> shuffled = new ArrayList<>(unsigned.query());
    Random random = new Random(unsigned.seed());
    Collections.shuffle(shuffled, random);
    String respelled =
        shuffled.stream()
            .map(e -> respell(e.getKey(), random) + "=" + respell(e.getValue(), random))
            .collect(Collectors.joining("&"));
    SignedRequest received =
        new SignedRequest(
            signed.method(), signed.rawPath(), respelled, signed.headers(), signed.payload());

    assertThat(verifier().verify(received)).isInstanceOf(Verified.class);
  }

  @Property(tries = 300)
  void rejectsABodyWithOneByteChanged(@ForAll("requests") Unsigned unsigned) {
    SignedRequest signed = sign(unsigned, rawQuery(unsigned.query()));
    byte[] body = signed.payload().length == 0 ? new byte[1] : signed.payload().clone();
    body[Math.floorMod(unsigned.seed(), body.length)] ^= (byte) 0x80;
    SignedRequest changed =
        new SignedRequest(
            signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers(), body);

    Verification verification = verifier().verify(changed);
    assertThat(verification).isInstanceOf(Rejected.class);
    assertThat(((Rejected) verification).code()).isEqualTo(RejectionCode.SIGNATURE_DOES_NOT_MATCH);
  }

  @Provide
  Arbitrary<Unsigned> requests() {
    Arbitrary<String> unreserved =
        Arbitraries.strings().withChars("abcXYZ019-._~").ofMinLength(1).ofMaxLength(8);
    Arbitrary<List<String>> segments =
        unreserved.filter(s -> !s.equals(".") && !s.equals("..")).list().ofMaxSize(4);
    Arbitrary<List<Map.Entry<String, String>>> query =
        Combinators.combine(unreserved, unreserved.injectNull(0.2))
            .as((k, v) -> Map.entry(k, v == null ? "" : v))
            .list()
            .ofMaxSize(5);
    Arbitrary<String> headerValue =
        Arbitraries.strings().withChars("ab ,;\t").ofMaxLength(12).map(s -> "v" + s + "w");
    return Combinators.combine(
            Arbitraries.of("GET", "POST", "PUT", "DELETE"),
            segments,
            query,
            headerValue,
            Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
            Arbitraries.longs())
        .as(Unsigned::new);
  }

  private static SigV4Verifier verifier() {
    return Requests.verifier(KEY, Requests.SIGNED_AT);
  }

  private static String rawQuery(List<Map.Entry<String, String>> query) {
    return query.stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }

  /** Some characters percent-encoded for no need, in either case of hex digit. */
  private static String respell(String text, Random random) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (random.nextInt(3) == 0) {
        String hex = String.format("%%%02X", (int) c);
        out.append(random.nextBoolean() ? hex : hex.toLowerCase(java.util.Locale.ROOT));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The spec's steps, for requests that need no encoding: the path and the query are canonical as
   * they are, so sorting the query is all that is left.
   */
  private static SignedRequest sign(Unsigned unsigned, String rawQuery) {
    String path = "/" + String.join("/", unsigned.segments());
    String amzDate = "20150830T123600Z";
    String canonicalQuery =
        unsigned.query().stream()
            .sorted(
                Map.Entry.<String, String>comparingByKey()
                    .thenComparing(Map.Entry.comparingByValue()))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    String trimmed = unsigned.headerValue().trim().replaceAll("[ \t]+", " ");
    String canonical =
        String.join(
            "\n",
            unsigned.method(),
            canonicalPath(unsigned.segments()),
            canonicalQuery,
            "host:monitoring.example\nx-amz-date:" + amzDate + "\nx-custom:" + trimmed + "\n",
            "host;x-amz-date;x-custom",
            hex(sha256(unsigned.body())));
    String scope = "20150830/eu-west-1/monitoring/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), "20150830");
    key = hmac(key, "eu-west-1");
    key = hmac(key, "monitoring");
    key = hmac(key, "aws4_request");
    String authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDROUNDTRIP/"
            + scope
            + ", SignedHeaders=host;x-amz-date;x-custom, Signature="
            + hex(hmac(key, stringToSign));
    return new SignedRequest(
        unsigned.method(),
        path,
        rawQuery,
        Map.of(
            "Host", List.of("monitoring.example"),
            "X-Amz-Date", List.of(amzDate),
            "X-Custom", List.of(unsigned.headerValue()),
            "Authorization", List.of(authorization)),
        unsigned.body());
  }

  /** The path itself: it has no dot or empty segments, and no character that needs encoding. */
  private static String canonicalPath(List<String> segments) {
    return "/" + String.join("/", segments);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
