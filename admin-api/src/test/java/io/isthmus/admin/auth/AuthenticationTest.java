package io.isthmus.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

class AuthenticationTest extends ApiTestSupport {

  @Test
  void noTokenIsRejectedWithProblemAndChallenge() {
    Reply reply = get("/v1/vpcs", null).problem(401, "Unauthorized");

    assertThat(reply.raw().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    assertThat(reply.text("/instance")).isEqualTo("/v1/vpcs");
    assertThat(reply.body().get("errors")).isEmpty();
  }

  @Test
  void unknownTokenIsRejected() {
    get("/v1/accounts/me", "not-a-token").problem(401, "Unauthorized");
  }

  @Test
  void otherSchemesAreRejected() {
    callWithAuthorization(HttpMethod.GET, "/v1/accounts/me", "Basic " + OPERATOR, null)
        .problem(401, "Unauthorized");
  }

  @Test
  void schemeNameIsCaseInsensitive() {
    callWithAuthorization(HttpMethod.GET, "/v1/accounts/me", "bearer " + OPERATOR, null)
        .expect(200);
  }

  @Test
  void operatorIsToldItIsTheOperator() {
    Reply reply = get("/v1/accounts/me", OPERATOR).expect(200);

    assertThat(reply.body().get("operator").booleanValue()).isTrue();
    assertThat(reply.body().has("id")).isFalse();
  }

  @Test
  void accountSeesItself() {
    Acct acct = account("me-test");

    Reply reply = get("/v1/accounts/me", acct.token()).expect(200);

    assertThat(reply.text("/id")).isEqualTo(acct.id());
    assertThat(reply.text("/name")).isEqualTo("me-test");
    assertThat(reply.body().has("operator")).isFalse();
  }

  @Test
  void openApiDocumentNeedsNoToken() {
    Reply reply = get("/v3/api-docs", null).expect(200);

    assertThat(reply.body().at("/paths").has("/v1/hostedzones/{zoneId}/rrsets/changes")).isTrue();
    assertThat(reply.body().at("/components/securitySchemes/bearer/scheme").stringValue())
        .isEqualTo("bearer");
    // The caller comes from the token, not from a request parameter.
    JsonNode parameters = reply.body().at("/paths/~1v1~1vpcs~1{id}/get/parameters");
    assertThat(parameters).hasSize(1);
    assertThat(parameters.get(0).get("name").stringValue()).isEqualTo("id");
  }

  @Test
  void unknownV1PathIsAProblemAfterAuthentication() {
    get("/v1/nothing-here", null).problem(401, "Unauthorized");
    get("/v1/nothing-here", OPERATOR).problem(404, "ResourceNotFound");
  }
}
