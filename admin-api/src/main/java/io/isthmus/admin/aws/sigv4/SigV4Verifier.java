package io.isthmus.admin.aws.sigv4;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Verifies AWS Signature Version 4 on received requests, as an AWS endpoint does for every service
 * but S3. Thread-safe if its {@link SecretLookup} is.
 *
 * <p>What it accepts:
 *
 * <ul>
 *   <li>The {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
 *       Signature=...} header, dated by {@code X-Amz-Date} or, without it, by {@code Date}. The
 *       signed headers must include {@code host} and the date header used.
 *   <li>Presigned query strings ({@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code
 *       X-Amz-Date}, {@code X-Amz-Expires} of at most a week, {@code X-Amz-SignedHeaders} including
 *       {@code host}, {@code X-Amz-Signature}), as botocore's {@code SigV4QueryAuth} makes them:
 *       they cost a second parser and nothing else. A request with both forms is refused.
 *   <li>The payload hash: the value of {@code X-Amz-Content-SHA256} when sent, which must then be
 *       the SHA-256 of the body or the literal {@code UNSIGNED-PAYLOAD} (which leaves the body
 *       unsigned: the caller may refuse that); otherwise the SHA-256 of the body.
 * </ul>
 *
 * <p>How it answers (every rejection is HTTP 403, as AWS's are):
 *
 * <ul>
 *   <li>{@code MissingAuthenticationToken}: no Authorization header and no presigned query.
 *   <li>{@code IncompleteSignature}: a malformed header or query, a missing Credential,
 *       SignedHeaders or Signature, a malformed date, {@code host} or the date header not signed.
 *   <li>{@code RequestExpired}: the request's date more than 15 minutes from the clock either way
 *       (AWS's allowed skew), or a presigned request past its X-Amz-Expires.
 *   <li>{@code InvalidClientTokenId}: an unknown access key, with AWS's own message, which says
 *       nothing about the rest of the request.
 *   <li>{@code SignatureDoesNotMatch}: a wrong signature; also a credential scope whose date is not
 *       the request's day, and an X-Amz-Content-SHA256 that is not the body's hash. AWS's non-S3
 *       endpoints answer the scope date with this code and the message used here ("Date in
 *       Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP"); a
 *       payload hash mismatch has its own code only in S3 ({@code XAmzContentSHA256Mismatch}, 400).
 *       A signed header missing from the request is reported here too, since the client's canonical
 *       request cannot have been the server's.
 * </ul>
 *
 * <p>The checks run from the cheapest to the one that needs the secret, so a request with a bad
 * form or date never costs a key lookup. The region and service of the scope are not checked: they
 * are returned in {@link Verification.Verified} for the caller, which knows what it serves. Session
 * tokens ({@code X-Amz-Security-Token}) are signed like any header but not interpreted.
 */
public final class SigV4Verifier {
  /** The skew AWS allows between the request's date and its own clock. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final String CONTENT_SHA256 = "x-amz-content-sha256";

  private final SecretLookup secrets;
  private final Clock clock;

  public SigV4Verifier(SecretLookup secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Whether {@code request} is signed by a known key; never throws for any request. */
  public Verification verify(SignedRequest request) {
    try {
      return verifyOrReject(request);
    } catch (RejectedException e) {
      return e.rejection();
    }
  }

  private Verification.Verified verifyOrReject(SignedRequest request) throws RejectedException {
    List<QueryParameter> query = QueryParameter.parse(request.query());
    SignatureClaim claim = claimOf(request, query);
    checkRequiredHeadersAreSigned(claim);
    checkScopeDate(claim);
    checkTime(claim);
    checkSignedHeadersArePresent(request, claim);
    String payloadHash = payloadHash(request);

    CredentialScope scope = claim.scope();
    Optional<Credentials> credentials = secrets.find(scope.accessKeyId());
    if (credentials.isEmpty()) {
      throw new RejectedException(
          RejectionCode.INVALID_CLIENT_TOKEN_ID,
          "The security token included in the request is invalid.");
    }
    Predicate<QueryParameter> omitted =
        claim.expiresAfter().isPresent()
            ? p -> p.name().equals(SignatureClaim.SIGNATURE_PARAMETER)
            : p -> false;
    String canonicalRequest =
        CanonicalRequest.of(request, query, omitted, claim.signedHeaders(), payloadHash);
    String stringToSign = Signing.stringToSign(claim.time().amzDate(), scope, canonicalRequest);
    byte[] expected =
        Signing.signature(
            Signing.signingKey(credentials.get().secretAccessKey(), scope), stringToSign);
    // Constant time, so that response times do not reveal how many leading bytes were right.
    if (!MessageDigest.isEqual(expected, claim.signature())) {
      throw new RejectedException(
          RejectionCode.SIGNATURE_DOES_NOT_MATCH,
          "The request signature we calculated does not match the signature you provided."
              + " Check your AWS Secret Access Key and signing method.");
    }
    return new Verification.Verified(
        credentials.get().accountId(), scope.accessKeyId(), scope.region(), scope.service());
  }

  private static SignatureClaim claimOf(SignedRequest request, List<QueryParameter> query)
      throws RejectedException {
    boolean hasHeader = !request.header("authorization").isEmpty();
    boolean presigned = SignatureClaim.isPresigned(query);
    if (hasHeader && presigned) {
      throw RejectedException.incomplete(
          "Only one authentication mechanism is allowed: the Authorization header"
              + " or the X-Amz-Algorithm query parameters.");
    }
    if (hasHeader) {
      return SignatureClaim.fromHeader(request);
    }
    if (presigned) {
      return SignatureClaim.fromQuery(query);
    }
    throw new RejectedException(
        RejectionCode.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
  }

  /**
   * {@code host} must be signed (the spec: "The host header must be included as a signed header"),
   * or a signature could be replayed against another endpoint; so must the date header, or a
   * signature could be replayed at another time.
   */
  private static void checkRequiredHeadersAreSigned(SignatureClaim claim) throws RejectedException {
    if (!claim.signedHeaders().contains("host")) {
      throw RejectedException.incomplete(
          "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    Optional<String> dateHeader = claim.dateHeader();
    if (dateHeader.isPresent() && !claim.signedHeaders().contains(dateHeader.get())) {
      throw RejectedException.incomplete(
          "'" + dateHeader.get() + "' must be a 'SignedHeader' in the AWS Authorization.");
    }
  }

  private static void checkScopeDate(SignatureClaim claim) throws RejectedException {
    if (!claim.scope().date().equals(claim.time().day())) {
      throw new RejectedException(
          RejectionCode.SIGNATURE_DOES_NOT_MATCH,
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + claim.scope().date()
              + "' != '"
              + claim.time().day()
              + "', from '"
              + claim.time().amzDate()
              + "'.");
    }
  }

  /**
   * Within {@link #MAX_SKEW} of the clock for the header form; from that skew before the date to
   * X-Amz-Expires after it for a presigned request.
   */
  private void checkTime(SignatureClaim claim) throws RejectedException {
    Instant now = clock.instant();
    Instant signed = claim.time().instant();
    Instant notAfter = signed.plus(claim.expiresAfter().orElse(MAX_SKEW));
    if (now.isBefore(signed.minus(MAX_SKEW))) {
      throw new RejectedException(
          RejectionCode.REQUEST_EXPIRED,
          "Signature not yet current: "
              + claim.time().amzDate()
              + " is more than 15 minutes ahead.");
    }
    if (now.isAfter(notAfter)) {
      throw new RejectedException(
          RejectionCode.REQUEST_EXPIRED,
          claim.expiresAfter().isPresent()
              ? "Request has expired."
              : "Signature expired: " + claim.time().amzDate() + " is more than 15 minutes ago.");
    }
  }

  private static void checkSignedHeadersArePresent(SignedRequest request, SignatureClaim claim)
      throws RejectedException {
    for (String name : claim.signedHeaders()) {
      if (request.header(name).isEmpty()) {
        throw new RejectedException(
            RejectionCode.SIGNATURE_DOES_NOT_MATCH,
            "The signed header '" + name + "' is not in the request.");
      }
    }
  }

  /**
   * The hashed payload of the canonical request: X-Amz-Content-SHA256 as sent, after checking that
   * it is the body's hash (or UNSIGNED-PAYLOAD); the body's hash when it was not sent.
   */
  private static String payloadHash(SignedRequest request) throws RejectedException {
    String bodyHash = Signing.sha256Hex(request.payload());
    Optional<String> declared = request.firstHeader(CONTENT_SHA256);
    if (declared.isEmpty()) {
      return bodyHash;
    }
    String value = declared.get();
    if (!value.equals(UNSIGNED_PAYLOAD) && !value.equals(bodyHash)) {
      throw new RejectedException(
          RejectionCode.SIGNATURE_DOES_NOT_MATCH,
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return value;
  }
}
