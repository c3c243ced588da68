package io.isthmus.admin.aws.sigv4;

import java.util.regex.Pattern;

/**
 * The Credential of a signature, {@code AKID/20150830/us-east-1/iam/aws4_request}: the access key
 * and the scope the signing key was derived for (the SigV4 spec, "Credential scope").
 *
 * @param accessKeyId the access key id
 * @param date the day of the scope, {@code yyyyMMdd}
 * @param region the region, such as {@code us-east-1}
 * @param service the service, such as {@code route53}
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {
  private static final String TERMINATOR = "aws4_request";
  private static final Pattern DAY = Pattern.compile("\\d{8}");

  /** Parses a Credential value; every malformed one is an {@code IncompleteSignature}. */
  static CredentialScope parse(String credential) throws RejectedException {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5) {
      throw RejectedException.incomplete(
          "Credential must have the form <access key id>/<date>/<region>/<service>/aws4_request.");
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        throw RejectedException.incomplete("Credential has an empty part.");
      }
    }
    if (!DAY.matcher(parts[1]).matches()) {
      throw RejectedException.incomplete("The date in Credential must have the form yyyyMMdd.");
    }
    if (!parts[4].equals(TERMINATOR)) {
      throw RejectedException.incomplete(
          "Credential should be scoped with a valid terminator: 'aws4_request'.");
    }
    return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
  }

  /** The scope as it appears in the string to sign: {@code date/region/service/aws4_request}. */
  String scope() {
    return date + "/" + region + "/" + service + "/" + TERMINATOR;
  }
}
