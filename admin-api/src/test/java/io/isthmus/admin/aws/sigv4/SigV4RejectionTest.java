package io.isthmus.admin.aws.sigv4;

import static io.isthmus.admin.aws.sigv4.Requests.fixture;
import static io.isthmus.admin.aws.sigv4.Requests.request;
import static io.isthmus.admin.aws.sigv4.Requests.verify;
import static io.isthmus.admin.aws.sigv4.Requests.withAuthorization;
import static io.isthmus.admin.aws.sigv4.Requests.withHeader;
import static io.isthmus.admin.aws.sigv4.Requests.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.aws.sigv4.Verification.Rejected;
import java.util.List;
import org.assertj.core.api.AbstractComparableAssert;
import org.junit.jupiter.api.Test;

/** Each way a request is refused, and the code and status it is refused with. */
class SigV4RejectionTest {
  private final SignedRequest listUsers = request(fixture("iamListUsers"));
  private final SignedRequest withContentSha256 = request(fixture("route53ContentSha256"));
  private final SignedRequest presigned = request(fixture("stsPresigned"));

  @Test
  void noAuthorizationIsAMissingAuthenticationToken() {
    Verification verification = verify(withHeader(listUsers, "authorization", null));

    assertThat(verification)
        .isEqualTo(
            new Rejected(
                RejectionCode.MISSING_AUTHENTICATION_TOKEN,
                "Request is missing Authentication Token"));
    assertThat(((Rejected) verification).httpStatus()).isEqualTo(403);
    assertThat(RejectionCode.MISSING_AUTHENTICATION_TOKEN.awsCode())
        .isEqualTo("MissingAuthenticationToken");
  }

  @Test
  void garbageIsAnIncompleteSignature() {
    for (String garbage :
        List.of(
            "garbage",
            "Bearer abc",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 ",
            "AWS4-HMAC-SHA256 Credential",
            "AWS4-HMAC-SHA256 ,,,",
            "AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=host;x-amz-date, Signature="
                + "0".repeat(64))) {
      assertCode(verify(withHeader(listUsers, "authorization", garbage)))
          .as(garbage)
          .isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
  }

  @Test
  void eachPartOfTheHeaderIsRequired() {
    for (String part : List.of("Credential=", "SignedHeaders=", "Signature=")) {
      SignedRequest without =
          withAuthorization(listUsers, a -> a.replaceAll(part + "[^,]*,? ?", ""));

      assertCode(verify(without)).as(part).isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
  }

  @Test
  void aMalformedCredentialOrSignatureIsAnIncompleteSignature() {
    for (String credential :
        List.of(
            "AKIDEXAMPLE/20150830/us-east-1/iam",
            "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request/extra",
            "AKIDEXAMPLE/2015-08-30/us-east-1/iam/aws4_request",
            "AKIDEXAMPLE/20150830//iam/aws4_request",
            "AKIDEXAMPLE/20150830/us-east-1/iam/aws5_request")) {
      SignedRequest request =
          withAuthorization(
              listUsers, a -> a.replaceFirst("Credential=[^,]*", "Credential=" + credential));
      assertCode(verify(request)).as(credential).isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
    for (String signature : List.of("abc", "5d672d79", "z".repeat(64), "0".repeat(65))) {
      SignedRequest request =
          withAuthorization(
              listUsers, a -> a.replaceFirst("Signature=.*", "Signature=" + signature));
      assertCode(verify(request)).as(signature).isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
  }

  @Test
  void anUnknownKeyIsAnInvalidClientTokenId() {
    SignedRequest request =
        withAuthorization(listUsers, a -> a.replace("AKIDEXAMPLE", "AKIDUNKNOWN"));

    assertThat(verify(request))
        .isEqualTo(
            new Rejected(
                RejectionCode.INVALID_CLIENT_TOKEN_ID,
                "The security token included in the request is invalid."));
  }

  @Test
  void hostMustBeSigned() {
    SignedRequest request =
        withAuthorization(
            listUsers,
            a -> a.replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;"));

    assertThat(verify(request))
        .isEqualTo(
            new Rejected(
                RejectionCode.INCOMPLETE_SIGNATURE,
                "'Host' must be a 'SignedHeader' in the AWS Authorization."));
  }

  @Test
  void theDateHeaderMustBeSigned() {
    SignedRequest request =
        withAuthorization(listUsers, a -> a.replace(";host;x-amz-date,", ";host,"));

    assertCode(verify(request)).isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
  }

  @Test
  void aDateIsRequiredAndMustBeWellFormed() {
    assertCode(verify(withHeader(listUsers, "x-amz-date", null)))
        .isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    for (String date : List.of("2015-08-30T12:36:00Z", "20150830T123600", "20150832T123600Z", "")) {
      assertCode(verify(withHeader(listUsers, "x-amz-date", date)))
          .as(date)
          .isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
    SignedRequest dated = request(fixture("ec2DateHeader"));
    assertCode(verify(withHeader(dated, "date", "yesterday")))
        .isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
  }

  @Test
  void aScopeOfAnotherDayIsASignatureMismatch() {
    SignedRequest request =
        withAuthorization(listUsers, a -> a.replace("/20150830/", "/20150831/"));

    assertThat(verify(request))
        .isEqualTo(
            new Rejected(
                RejectionCode.SIGNATURE_DOES_NOT_MATCH,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date"
                    + " from HTTP: '20150831' != '20150830', from '20150830T123600Z'."));
  }

  @Test
  void aContentSha256ThatIsNotTheBodysIsRejected() {
    SignedRequest request =
        withHeader(withContentSha256, "x-amz-content-sha256", Signing.sha256Hex(new byte[0]));

    assertThat(verify(request))
        .isEqualTo(
            new Rejected(
                RejectionCode.SIGNATURE_DOES_NOT_MATCH,
                "The provided 'x-amz-content-sha256' header does not match what was computed."));
    assertCode(verify(withHeader(withContentSha256, "x-amz-content-sha256", "garbage")))
        .isEqualTo(RejectionCode.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void aSignedHeaderMissingFromTheRequestIsASignatureMismatch() {
    assertThat(verify(withHeader(listUsers, "content-type", null)))
        .isEqualTo(
            new Rejected(
                RejectionCode.SIGNATURE_DOES_NOT_MATCH,
                "The signed header 'content-type' is not in the request."));
  }

  @Test
  void twoAuthorizationHeadersAreAnIncompleteSignature() {
    String authorization = listUsers.firstHeader("authorization").orElseThrow();
    java.util.Map<String, List<String>> headers = new java.util.HashMap<>(listUsers.headers());
    headers.put("authorization", List.of(authorization, authorization));
    SignedRequest twice =
        new SignedRequest("GET", "/", listUsers.rawQuery(), headers, listUsers.payload());

    assertCode(verify(twice)).isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
  }

  @Test
  void bothAHeaderAndAPresignedQueryAreAnIncompleteSignature() {
    SignedRequest both =
        withHeader(
            presigned, "authorization", listUsers.firstHeader("authorization").orElseThrow());

    assertCode(verify(both)).isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
  }

  @Test
  void aPresignedQueryNeedsEveryParameter() {
    for (String parameter :
        List.of(
            "X-Amz-Credential",
            "X-Amz-Date",
            "X-Amz-Expires",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature")) {
      String query = presigned.query().replaceAll("&" + parameter + "=[^&]*", "");

      assertCode(verify(withQuery(presigned, query)))
          .as(parameter)
          .isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
    for (String expires : List.of("0", "604801", "-1", "soon")) {
      String query = presigned.query().replace("X-Amz-Expires=3600", "X-Amz-Expires=" + expires);

      assertCode(verify(withQuery(presigned, query)))
          .as(expires)
          .isEqualTo(RejectionCode.INCOMPLETE_SIGNATURE);
    }
  }

  @Test
  void aPresignedSignatureDoesNotSignItself() {
    // X-Amz-Signature is left out of the canonical query string, wherever it stands.
    String query = presigned.query();
    String signature = query.substring(query.indexOf("&X-Amz-Signature="));
    SignedRequest moved =
        withQuery(presigned, signature.substring(1) + "&" + query.replace(signature, ""));

    assertThat(verify(moved)).isInstanceOf(Verification.Verified.class);
  }

  @Test
  void theSecretAndTheAccessKeyAreNotInToString() {
    assertThat(Requests.CREDENTIALS.toString())
        .doesNotContain(BotocoreFixtures.SECRET)
        .contains("AKIDEXAMPLE");
    assertThat(listUsers.toString()).doesNotContain("Signature=");
  }

  private static AbstractComparableAssert<?, RejectionCode> assertCode(Verification verification) {
    assertThat(verification).isInstanceOf(Rejected.class);
    return assertThat(((Rejected) verification).code());
  }
}
