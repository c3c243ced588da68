package io.isthmus.health.metric;

import io.isthmus.config.FieldError;
import java.util.List;

/**
 * A push of data points was refused; {@link #errors()} lists every problem found, each naming the
 * exact input field ({@code points[2].value}), so the API can answer 400 with all of them at once.
 * Nothing of the push was stored.
 */
public final class MetricValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<FieldError> errors;

  public MetricValidationException(List<FieldError> errors) {
    super(errors.size() + " invalid field(s), first: " + describe(errors));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String describe(List<FieldError> errors) {
    return errors.isEmpty() ? "none" : errors.get(0).field() + ": " + errors.get(0).message();
  }
}
