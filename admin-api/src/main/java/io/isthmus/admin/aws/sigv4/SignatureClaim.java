package io.isthmus.admin.aws.sigv4;

import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a request claims about its signature, from either of SigV4's two places for it: the {@code
 * Authorization} header, or a presigned query string ({@code X-Amz-Algorithm}, {@code
 * X-Amz-Credential}, {@code X-Amz-Date}, {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders}, {@code
 * X-Amz-Signature}). Parsing checks form only; the verifier checks the claim.
 *
 * @param scope the credential scope
 * @param signedHeaders the names of the signed headers, as listed (lower case, sorted)
 * @param signature the signature, 32 bytes
 * @param time when the request says it was signed
 * @param dateHeader the header {@code time} came from ({@code x-amz-date} or {@code date}), which
 *     must be signed; empty for a presigned request, whose date is in the signed query string
 * @param expiresAfter how long a presigned request stays valid after {@code time}; empty for the
 *     header form, which is valid within the clock skew only
 */
record SignatureClaim(
    CredentialScope scope,
    List<String> signedHeaders,
    byte[] signature,
    RequestTime time,
    Optional<String> dateHeader,
    Optional<Duration> expiresAfter) {

  static final String SIGNATURE_PARAMETER = "X-Amz-Signature";
  private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern HEADER_NAMES = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** A week: the longest X-Amz-Expires AWS accepts. */
  private static final long MAX_EXPIRES_SECONDS = 604_800;

  /** Whether the query carries a presigned signature (it has X-Amz-Algorithm). */
  static boolean isPresigned(List<QueryParameter> query) {
    return query.stream().anyMatch(p -> p.name().equals("X-Amz-Algorithm"));
  }

  /**
   * Parses an Authorization header: {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
   * Signature=...}; the date comes from X-Amz-Date, or from Date when there is no X-Amz-Date.
   */
  static SignatureClaim fromHeader(SignedRequest request) throws RejectedException {
    List<String> values = request.header("authorization");
    if (values.size() != 1) {
      throw RejectedException.incomplete("Only one Authorization header is allowed.");
    }
    String header = values.get(0).strip();
    if (!header.startsWith(Signing.ALGORITHM + " ")) {
      throw RejectedException.incomplete(
          "Authorization header must start with " + Signing.ALGORITHM + ".");
    }
    Map<String, String> fields = new HashMap<>();
    for (String field : header.substring(Signing.ALGORITHM.length()).split(",", -1)) {
      int equals = field.indexOf('=');
      if (equals < 0) {
        throw RejectedException.incomplete(
            "Authorization header fields must have the form name=value.");
      }
      String name = field.substring(0, equals).strip();
      if (fields.put(name, field.substring(equals + 1).strip()) != null) {
        throw RejectedException.incomplete("Authorization header repeats " + name + ".");
      }
    }
    String credential = required(fields, "Credential", "Authorization header");
    String signedHeaders = required(fields, "SignedHeaders", "Authorization header");
    String signature = required(fields, "Signature", "Authorization header");

    Optional<String> amzDate = request.firstHeader("x-amz-date");
    Optional<String> httpDate = request.firstHeader("date");
    RequestTime time;
    String dateHeader;
    if (amzDate.isPresent()) {
      time = RequestTime.fromAmzDate(amzDate.get().strip(), "X-Amz-Date");
      dateHeader = "x-amz-date";
    } else if (httpDate.isPresent()) {
      time = RequestTime.fromHttpDate(httpDate.get());
      dateHeader = "date";
    } else {
      throw RejectedException.incomplete(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    return new SignatureClaim(
        CredentialScope.parse(credential),
        signedHeaderNames(signedHeaders),
        signatureBytes(signature),
        time,
        Optional.of(dateHeader),
        Optional.empty());
  }

  /** Parses the X-Amz-* parameters of a presigned query string. */
  static SignatureClaim fromQuery(List<QueryParameter> query) throws RejectedException {
    Map<String, String> fields = new HashMap<>();
    for (QueryParameter parameter : query) {
      if (parameter.name().startsWith("X-Amz-")
          && fields.put(parameter.name(), parameter.decodedValue()) != null) {
        throw RejectedException.incomplete("The query string repeats " + parameter.name() + ".");
      }
    }
    String where = "A presigned query string";
    if (!required(fields, "X-Amz-Algorithm", where).equals(Signing.ALGORITHM)) {
      throw RejectedException.incomplete("X-Amz-Algorithm must be " + Signing.ALGORITHM + ".");
    }
    String credential = required(fields, "X-Amz-Credential", where);
    String date = required(fields, "X-Amz-Date", where);
    String expires = required(fields, "X-Amz-Expires", where);
    String signedHeaders = required(fields, "X-Amz-SignedHeaders", where);
    String signature = required(fields, SIGNATURE_PARAMETER, where);
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
      throw RejectedException.incomplete(
          "X-Amz-Expires must be a number of seconds from 1 to " + MAX_EXPIRES_SECONDS + ".");
    }
    return new SignatureClaim(
        CredentialScope.parse(credential),
        signedHeaderNames(signedHeaders),
        signatureBytes(signature),
        RequestTime.fromAmzDate(date, "X-Amz-Date"),
        Optional.empty(),
        Optional.of(Duration.ofSeconds(seconds)));
  }

  private static String required(Map<String, String> fields, String name, String where)
      throws RejectedException {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw RejectedException.incomplete(where + " requires the '" + name + "' parameter.");
    }
    return value;
  }

  private static List<String> signedHeaderNames(String signedHeaders) throws RejectedException {
    List<String> names = List.of(signedHeaders.split(";", -1));
    for (String name : names) {
      if (!HEADER_NAMES.matcher(name).matches()) {
        throw RejectedException.incomplete(
            "SignedHeaders must be header names separated by semicolons.");
      }
    }
    return names;
  }

  private static byte[] signatureBytes(String signature) throws RejectedException {
    if (!SIGNATURE_HEX.matcher(signature).matches()) {
      throw RejectedException.incomplete("Signature must be 64 hexadecimal digits.");
    }
    return HexFormat.of().parseHex(signature);
  }

  /** Without the signature, which has no place in a log line. */
  @Override
  public String toString() {
    return "SignatureClaim[scope="
        + scope
        + ", signedHeaders="
        + signedHeaders
        + ", time="
        + time.amzDate()
        + "]";
  }
}
