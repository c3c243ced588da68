package io.isthmus.admin.aws.cloudwatch;

import java.util.Locale;

/**
 * The wire protocols CloudWatch is spoken in, as clients choose them: awsJson1_0 (botocore before
 * Smithy RPC v2 CBOR, CLI v1), the query protocol (CLI v2, older botocore) and Smithy RPC v2 CBOR
 * (recent botocore, e.g. 1.43). Each reads its errors in its own shape.
 */
enum Protocol {
  JSON,
  QUERY,
  CBOR;

  /** The path prefix of Smithy RPC v2 requests: {@code /service/<service>/operation/<op>}. */
  static final String RPC_V2_PREFIX = "/service/";

  static Protocol of(String path, String contentType) {
    if (path != null && path.startsWith(RPC_V2_PREFIX)) {
      return CBOR;
    }
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-amz-json")) {
      return JSON;
    }
    return QUERY;
  }
}
