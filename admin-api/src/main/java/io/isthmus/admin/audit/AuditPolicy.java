package io.isthmus.admin.audit;

import java.util.Set;

/**
 * Which {@code /v1} requests the audit trail records (docs/api.md "Audit trail"):
 *
 * <ul>
 *   <li>every mutation (POST, PUT, PATCH, DELETE), whatever its outcome, with one exception:
 *   <li>a 429 is never recorded, so a flood that the rate limit holds back cannot turn into a flood
 *       of database writes; {@code isthmus_admin_throttled_total} counts them instead;
 *   <li>a read (or a metric data push, {@code POST /v1/metrics}: data like CloudWatch's
 *       PutMetricData, which CloudTrail does not record by default) only when it was denied with
 *       401 or 403: what a stolen, guessed or under-privileged token tried. A 404 is not recorded
 *       for reads: polling for a change or a resource that is gone is routine, and a read of a
 *       resource the caller cannot see answers 404 by design.
 * </ul>
 *
 * Stateless.
 */
final class AuditPolicy {
  private static final Set<String> MUTATIONS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final String METRIC_DATA = "/v1/metrics";

  private AuditPolicy() {}

  static boolean records(String method, String path, int status) {
    if (status == 429) {
      return false;
    }
    if (MUTATIONS.contains(method) && !path.equals(METRIC_DATA)) {
      return true;
    }
    return status == 401 || status == 403;
  }
}
