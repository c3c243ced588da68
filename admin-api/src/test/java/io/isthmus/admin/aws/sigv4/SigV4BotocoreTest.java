package io.isthmus.admin.aws.sigv4;

import static io.isthmus.admin.aws.sigv4.Requests.request;
import static io.isthmus.admin.aws.sigv4.Requests.verify;
import static io.isthmus.admin.aws.sigv4.Requests.verifyLater;
import static io.isthmus.admin.aws.sigv4.Requests.withHeader;
import static io.isthmus.admin.aws.sigv4.Requests.withMethod;
import static io.isthmus.admin.aws.sigv4.Requests.withPath;
import static io.isthmus.admin.aws.sigv4.Requests.withPayload;
import static io.isthmus.admin.aws.sigv4.Requests.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.aws.sigv4.BotocoreFixtures.Fixture;
import io.isthmus.admin.aws.sigv4.Verification.Rejected;
import io.isthmus.admin.aws.sigv4.Verification.Verified;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability: every request botocore signed ({@link BotocoreFixtures}) is verified, and
 * changing any one signed element of it makes the verifier reject it.
 */
class SigV4BotocoreTest {

  static Stream<Fixture> fixtures() {
    return BotocoreFixtures.ALL.stream();
  }

  static Stream<Fixture> headerSigned() {
    return fixtures().filter(f -> !f.presigned());
  }

  static Stream<Fixture> presigned() {
    return fixtures().filter(Fixture::presigned);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void verifiesWhatBotocoreSigned(Fixture fixture) {
    assertThat(verify(request(fixture)))
        .isEqualTo(
            new Verified(
                Requests.ACCOUNT_ID,
                BotocoreFixtures.ACCESS_KEY_ID,
                fixture.region(),
                fixture.service()));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void headerNamesMayComeInAnyCase(Fixture fixture) {
    Map<String, List<String>> upper = new LinkedHashMap<>();
    request(fixture).headers().forEach((n, v) -> upper.put(n.toUpperCase(Locale.ROOT), v));
    SignedRequest r = request(fixture);
    SignedRequest shouting =
        new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), upper, r.payload());

    assertThat(verify(shouting)).isInstanceOf(Verified.class);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsAnotherMethod(Fixture fixture) {
    String other = fixture.method().equals("GET") ? "POST" : "GET";

    assertMismatch(verify(withMethod(request(fixture), other)));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsAnotherPath(Fixture fixture) {
    assertMismatch(verify(withPath(request(fixture), fixture.path() + "x")));
    assertMismatch(verify(withPath(request(fixture), "/other" + fixture.path())));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsAnotherQuery(Fixture fixture) {
    String query = fixture.query();
    // The first parameter is never one of the X-Amz-* ones of the presigned fixture.
    String changed = query.isEmpty() ? "x=1" : query.replaceFirst("=", "=x");

    assertMismatch(verify(withQuery(request(fixture), changed)));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsAnotherValueOfEachSignedHeader(Fixture fixture) {
    SignedRequest request = request(fixture);
    for (String name : signedHeaders(request)) {
      if (name.equals("x-amz-date") || name.equals("date") || name.equals("x-amz-content-sha256")) {
        continue; // their own tests below: changing them trips other checks first
      }
      String value = request.firstHeader(name).orElseThrow();

      assertMismatch(verify(withHeader(request, name, value + "x")));
    }
  }

  @ParameterizedTest
  @MethodSource("headerSigned")
  void rejectsAnotherDateOneSecondOff(Fixture fixture) {
    SignedRequest request = request(fixture);
    SignedRequest changed =
        request.firstHeader("x-amz-date").isPresent()
            ? withHeader(request, "x-amz-date", "20150830T123601Z")
            : withHeader(request, "date", "Sun, 30 Aug 2015 12:36:01 GMT");

    assertMismatch(verify(changed));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsABodyWithOneByteChanged(Fixture fixture) {
    SignedRequest request = request(fixture);
    byte[] body = request.payload().length == 0 ? new byte[] {'x'} : request.payload().clone();
    body[body.length / 2] ^= 1;
    Verification verification = verify(withPayload(request, body));

    if (request
        .firstHeader("x-amz-content-sha256")
        .filter("UNSIGNED-PAYLOAD"::equals)
        .isPresent()) {
      // UNSIGNED-PAYLOAD signs everything but the body; the caller decides whether to allow it.
      assertThat(verification).isInstanceOf(Verified.class);
    } else {
      assertMismatch(verification);
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsAnotherSecret(Fixture fixture) {
    Credentials impostor =
        new Credentials(
            BotocoreFixtures.ACCESS_KEY_ID, BotocoreFixtures.SECRET + "x", Requests.ACCOUNT_ID);

    assertMismatch(Requests.verifier(impostor, Requests.SIGNED_AT).verify(request(fixture)));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void rejectsAnUnknownKeyWithoutSayingMore(Fixture fixture) {
    Credentials someoneElse = new Credentials("AKIDOTHER", "secret", "999999999999");
    Verification verification =
        Requests.verifier(someoneElse, Requests.SIGNED_AT).verify(request(fixture));

    assertThat(verification)
        .isEqualTo(
            new Rejected(
                RejectionCode.INVALID_CLIENT_TOKEN_ID,
                "The security token included in the request is invalid."));
  }

  @ParameterizedTest
  @MethodSource("headerSigned")
  void acceptsFourteenMinutesOfSkewEitherWayButNotSixteen(Fixture fixture) {
    SignedRequest request = request(fixture);

    assertThat(verifyLater(request, Duration.ofMinutes(14))).isInstanceOf(Verified.class);
    assertThat(verifyLater(request, Duration.ofMinutes(-14))).isInstanceOf(Verified.class);
    assertThat(verifyLater(request, Duration.ofMinutes(15))).isInstanceOf(Verified.class);
    assertExpired(verifyLater(request, Duration.ofMinutes(16)));
    assertExpired(verifyLater(request, Duration.ofMinutes(-16)));
  }

  @ParameterizedTest
  @MethodSource("presigned")
  void aPresignedRequestIsValidForItsExpiresAndNoLonger(Fixture fixture) {
    SignedRequest request = request(fixture);

    assertThat(verifyLater(request, Duration.ofMinutes(16))).isInstanceOf(Verified.class);
    assertThat(verifyLater(request, Duration.ofSeconds(3600))).isInstanceOf(Verified.class);
    assertExpired(verifyLater(request, Duration.ofSeconds(3601)));
    assertExpired(verifyLater(request, Duration.ofMinutes(-16)));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void noRejectionMentionsTheSecretOrTheSignature(Fixture fixture) {
    SignedRequest request = request(fixture);
    String signature = signatureOf(request);
    for (Verification verification :
        List.of(
            verify(withMethod(request, "PUT")),
            verify(withPath(request, "/x")),
            verifyLater(request, Duration.ofHours(2)))) {
      assertThat(verification.toString())
          .doesNotContain(BotocoreFixtures.SECRET)
          .doesNotContain(signature);
    }
  }

  private static List<String> signedHeaders(SignedRequest request) {
    String authorization =
        request
            .firstHeader("authorization")
            .orElseGet(() -> "SignedHeaders=" + presignedParameter(request, "X-Amz-SignedHeaders"));
    String list = authorization.replaceAll(".*SignedHeaders=([^,]*).*", "$1");
    return Arrays.asList(list.split(";"));
  }

  private static String signatureOf(SignedRequest request) {
    return request
        .firstHeader("authorization")
        .map(a -> a.replaceAll(".*Signature=", ""))
        .orElseGet(() -> presignedParameter(request, "X-Amz-Signature"));
  }

  private static String presignedParameter(SignedRequest request, String name) {
    return QueryParameter.parse(request.query()).stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow()
        .decodedValue();
  }

  private static void assertMismatch(Verification verification) {
    assertThat(verification).isInstanceOf(Rejected.class);
    assertThat(((Rejected) verification).code()).isEqualTo(RejectionCode.SIGNATURE_DOES_NOT_MATCH);
    assertThat(((Rejected) verification).httpStatus()).isEqualTo(403);
  }

  private static void assertExpired(Verification verification) {
    assertThat(verification).isInstanceOf(Rejected.class);
    assertThat(((Rejected) verification).code()).isEqualTo(RejectionCode.REQUEST_EXPIRED);
  }
}
