package io.isthmus.admin.aws.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.aws.sigv4.Verification.Verified;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example of the AWS documentation (General Reference, "Signature Version 4" examples:
 * IAM ListUsers, signed 2015-08-30T12:36:00Z with AKIDEXAMPLE), step by step. Every value below was
 * recomputed with botocore 1.43.11 (its debug log prints the canonical request and the string to
 * sign) and agrees with the documentation.
 */
class SigV4AwsExampleTest {
  private final SignedRequest listUsers = Requests.request(Requests.fixture("iamListUsers"));
  private final CredentialScope scope =
      new CredentialScope("AKIDEXAMPLE", "20150830", "us-east-1", "iam");

  private static final String CANONICAL_REQUEST =
      """
      GET
      /
      Action=ListUsers&Version=2010-05-08
      content-type:application/x-www-form-urlencoded; charset=utf-8
      host:iam.amazonaws.com
      x-amz-date:20150830T123600Z

      content-type;host;x-amz-date
      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""";

  private static final String STRING_TO_SIGN =
      """
      AWS4-HMAC-SHA256
      20150830T123600Z
      20150830/us-east-1/iam/aws4_request
      f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59""";

  @Test
  void canonicalRequest() {
    String canonical =
        CanonicalRequest.of(
            listUsers,
            QueryParameter.parse(listUsers.query()),
            p -> false,
            List.of("content-type", "host", "x-amz-date"),
            Signing.sha256Hex(listUsers.payload()));

    assertThat(canonical).isEqualTo(CANONICAL_REQUEST);
    assertThat(Signing.sha256Hex(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  }

  @Test
  void stringToSign() {
    assertThat(Signing.stringToSign("20150830T123600Z", scope, CANONICAL_REQUEST))
        .isEqualTo(STRING_TO_SIGN);
  }

  @Test
  void signingKeys() {
    // The documentation's two derivation examples: this request's day, and 2012-02-15.
    assertThat(hex(Signing.signingKey(BotocoreFixtures.SECRET, scope)))
        .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    CredentialScope older = new CredentialScope("AKIDEXAMPLE", "20120215", "us-east-1", "iam");
    assertThat(hex(Signing.signingKey(BotocoreFixtures.SECRET, older)))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void signature() {
    byte[] key = Signing.signingKey(BotocoreFixtures.SECRET, scope);

    assertThat(hex(Signing.signature(key, STRING_TO_SIGN)))
        .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void verification() {
    assertThat(Requests.verify(listUsers))
        .isEqualTo(new Verified(Requests.ACCOUNT_ID, "AKIDEXAMPLE", "us-east-1", "iam"));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
