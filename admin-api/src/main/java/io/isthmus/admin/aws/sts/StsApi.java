package io.isthmus.admin.aws.sts;

import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.Xml;
import io.isthmus.admin.aws.sigv4.Verification.Verified;

/**
 * AWS STS over the query protocol (API version 2011-06-15): {@code GetCallerIdentity}, which the
 * AWS CLI and SDKs use to learn who their keys belong to. An Isthmus account's keys are its root
 * keys, so the caller is the account's root user.
 */
public final class StsApi {
  /** The XML namespace of STS responses. */
  public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  private static final String VERSION = "2011-06-15";

  /** The response body of {@code request}, or the error to answer with. */
  public Answer handle(Verified caller, QueryRequest request, String requestId) {
    String action = request.get("Action").orElse("");
    if (!request.get("Version").orElse(VERSION).equals(VERSION)) {
      return new Answer.Failed(
          AwsError.sender(
              400,
              "InvalidParameterValue",
              "Version "
                  + request.get("Version").orElse("")
                  + " of STS is not supported; "
                  + VERSION
                  + " is."));
    }
    if (!action.equals("GetCallerIdentity")) {
      return new Answer.Failed(
          AwsError.sender(
              400,
              "InvalidAction",
              "Could not find operation " + Xml.text(action) + " for version " + VERSION + "."));
    }
    String account = caller.accountId();
    return new Answer.Done(
        "<GetCallerIdentityResponse xmlns=\""
            + NAMESPACE
            + "\"><GetCallerIdentityResult><Arn>arn:aws:iam::"
            + Xml.text(account)
            + ":root</Arn><UserId>"
            + Xml.text(account)
            + "</UserId><Account>"
            + Xml.text(account)
            + "</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>"
            + requestId
            + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
  }

  /** What {@link #handle} answers: an XML body, or an error. */
  public sealed interface Answer {
    record Done(String xml) implements Answer {}

    record Failed(AwsError error) implements Answer {}
  }
}
