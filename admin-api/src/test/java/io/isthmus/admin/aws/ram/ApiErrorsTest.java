package io.isthmus.admin.aws.ram;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /v1}'s refusals in RAM's terms, with every field problem in the message. */
class ApiErrorsTest {
  @Test
  void whatTheCallerCannotSeeIsUnknownAndWhatItMayNotChangeIsNotPermitted() {
    RamError unknown = ApiErrors.of(ApiException.notFound("ResourceNotFound", "No rule r."));
    RamError denied = ApiErrors.of(ApiException.notAuthorized("Shared with you."));

    assertThat(unknown.code()).isEqualTo("UnknownResourceException");
    assertThat(unknown.getMessage()).isEqualTo("No rule r.");
    assertThat(denied.code()).isEqualTo("OperationNotPermittedException");
    assertThat(denied.getMessage()).isEqualTo("Shared with you.");
  }

  @Test
  void anyOtherRefusalIsABadParameterNamingItsFields() {
    RamError conflict = ApiErrors.of(ApiException.conflict("ResourceInUse", "In use."));
    RamError input =
        ApiErrors.of(
            ApiException.invalidInput(
                List.of(new FieldError("a", "is bad"), new FieldError("b", "is worse"))));
    RamError request =
        ApiErrors.of(
            ApiException.invalidRequest(
                "A rule cannot be shared with its owner.",
                List.of(new FieldError("accountId", "is the rule's owner"))));

    assertThat(conflict.code()).isEqualTo("InvalidParameterException");
    assertThat(conflict.getMessage()).isEqualTo("In use.");
    assertThat(input.code()).isEqualTo("InvalidParameterException");
    assertThat(input.getMessage()).isEqualTo("a: is bad; b: is worse");
    assertThat(request.getMessage())
        .isEqualTo("A rule cannot be shared with its owner. (accountId: is the rule's owner)");
  }
}
