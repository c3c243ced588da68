package io.isthmus.admin.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class StoreUnavailableProblemTest {

  @Test
  void anUnreachableStoreIs503ServiceUnavailableWithRetryAfter() {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/accounts");

    ResponseEntity<Problem> response =
        new ProblemHandler()
            .storeUnavailable(new StoreUnavailableException("connection refused"), request);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getHeaders().getFirst("Retry-After"))
        .isEqualTo(Long.toString(ProblemHandler.STORE_RETRY_AFTER_SECONDS));
    Problem problem = response.getBody();
    assertThat(problem).isNotNull();
    assertThat(problem.code()).isEqualTo("ServiceUnavailable");
    assertThat(problem.status()).isEqualTo(503);
    assertThat(problem.title()).isEqualTo("Service Unavailable");
    assertThat(problem.detail()).contains("unreachable").contains("nothing was changed");
    assertThat(problem.instance()).isEqualTo("/v1/accounts");
  }
}
