package io.isthmus.admin.aws;

import io.isthmus.admin.aws.ram.RamOperation;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The operation a request to the AWS-compatible API names, and whether the audit trail records it
 * (docs/aws-api.md "Differences from AWS"): as on {@code /v1} (docs/api.md "Audit trail"), every
 * call that may change something, whatever its outcome, and a read or a metric data push only when
 * it was denied (403); never a 429. Route 53's REST calls name no operation: their method and path
 * say what they are. RAM's REST paths each name one. Stateless.
 */
final class AwsOperations {
  private AwsOperations() {}

  /**
   * The operation of a query, JSON or Smithy RPC v2 request ({@code Action}, the {@code
   * X-Amz-Target} suffix, the RPC path's last segment), of a RAM path, or null for another REST
   * call.
   */
  static String of(
      String path, String target, String contentType, String queryString, byte[] body) {
    Optional<RamOperation> ram = RamOperation.atPath(path);
    if (ram.isPresent()) {
      return ram.get().operationName();
    }
    if (target != null && target.contains(".")) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    if (path.startsWith("/service/") && path.contains("/operation/")) {
      return path.substring(path.lastIndexOf('/') + 1);
    }
    boolean form =
        contentType != null
            && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    QueryRequest query =
        QueryRequest.parse(form ? new String(body, StandardCharsets.UTF_8) : queryString);
    return query.get("Action").orElse(null);
  }

  /** Whether the audit trail records the call. */
  static boolean audited(String method, String operation, int status) {
    if (status == 429) {
      return false;
    }
    if (status == 401 || status == 403) {
      return true;
    }
    if (operation == null) {
      return !method.equals("GET") && !method.equals("HEAD");
    }
    return !(operation.startsWith("Describe")
        || operation.startsWith("List")
        || operation.startsWith("Get")
        || operation.equals("PutMetricData"));
  }
}
