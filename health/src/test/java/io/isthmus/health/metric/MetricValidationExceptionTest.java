package io.isthmus.health.metric;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricValidationExceptionTest {
  @Test
  void aValidationFailureNamesTheCountAndTheFirstField() {
    assertThat(
            new MetricValidationException(
                    List.of(
                        new FieldError("points[0].value", "must be a finite number"),
                        new FieldError("namespace", "is required")))
                .getMessage())
        .isEqualTo("2 invalid field(s), first: points[0].value: must be a finite number");
    assertThat(new MetricValidationException(List.of()).getMessage())
        .isEqualTo("0 invalid field(s), first: none");
  }
}
