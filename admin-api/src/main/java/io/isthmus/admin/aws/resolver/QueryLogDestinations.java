package io.isthmus.admin.aws.resolver;

import io.isthmus.config.QueryLogConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a query-logging configuration created through Route 53 Resolver writes: the {@code /v1}
 * destination {@code file:NAME}, NAME being the last segment of the DestinationArn's resource (the
 * S3 bucket's last path segment or the bucket, the CloudWatch Logs group, the Firehose stream).
 * Stateless.
 */
final class QueryLogDestinations {
  /** An ARN of S3, CloudWatch Logs or Firehose: partition, service, region, account, resource. */
  private static final Pattern ARN =
      Pattern.compile("arn:[a-z-]+:(s3|logs|firehose):[a-z0-9-]*:[0-9]*:(.+)");

  private QueryLogDestinations() {}

  /**
   * The {@code /v1} destination of a DestinationArn; {@code /v1} checks the NAME.
   *
   * @throws ResolverException InvalidParameterException when it is not such an ARN
   */
  static String of(String destinationArn) {
    Matcher m = ARN.matcher(destinationArn);
    if (!m.matches()) {
      throw ResolverException.invalidParameter(
          "DestinationArn "
              + destinationArn
              + " is not the ARN of an S3 bucket, a CloudWatch Logs group or a Firehose stream.");
    }
    String resource = m.group(2);
    if (resource.endsWith(":*")) {
      resource = resource.substring(0, resource.length() - 2);
    }
    while (resource.endsWith("/")) {
      resource = resource.substring(0, resource.length() - 1);
    }
    int cut = Math.max(resource.lastIndexOf('/'), resource.lastIndexOf(':'));
    return QueryLogConfig.FILE_PREFIX + resource.substring(cut + 1);
  }
}
