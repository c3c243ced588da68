package io.isthmus.admin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditPolicyTest {

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "POST, /v1/vpcs, 201, true",
    "PUT, /v1/x, 404, true",
    "PATCH, /v1/resolver/rules/r, 200, true",
    "DELETE, /v1/vpcs/v, 204, true",
    "DELETE, /v1/vpcs/v, 404, true",
    "POST, /v1/vpcs, 400, true",
    "POST, /v1/vpcs, 413, true",
    "POST, /v1/vpcs, 500, true",
    "POST, /v1/vpcs, 429, false",
    "GET, /v1/vpcs, 429, false",
    "GET, /v1/vpcs, 200, false",
    "GET, /v1/vpcs/v, 404, false",
    "GET, /v1/nodes, 403, true",
    "GET, /v1/vpcs, 401, true",
    "HEAD, /v1/vpcs, 401, true",
    "OPTIONS, /v1/vpcs, 200, false",
    "POST, /v1/metrics, 200, false",
    "POST, /v1/metrics, 400, false",
    "POST, /v1/metrics, 401, true",
    "POST, /v1/metrics, 403, true",
    "POST, /v1/metrics/x, 404, true",
  })
  void recordsMutationsAndDeniedCallsButNoThrottledOnes(
      String method, String path, int status, boolean recorded) {
    assertThat(AuditPolicy.records(method, path, status)).isEqualTo(recorded);
  }
}
