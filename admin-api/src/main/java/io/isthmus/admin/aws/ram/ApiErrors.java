package io.isthmus.admin.aws.ram;

import io.isthmus.admin.problem.ApiException;
import java.util.stream.Collectors;

/**
 * RAM's error for a refusal of the {@code /v1} services it calls: what the caller cannot see is
 * unknown, what it sees but may not change is not permitted, anything else is a bad parameter.
 */
final class ApiErrors {
  private ApiErrors() {}

  static RamError of(ApiException e) {
    if (e.status() == 404) {
      return RamError.unknownResource(e.getMessage());
    }
    if (e.status() == 403) {
      return RamError.operationNotPermitted(e.getMessage());
    }
    if (e.errors().isEmpty()) {
      return RamError.invalidParameter(e.getMessage());
    }
    String fields =
        e.errors().stream()
            .map(error -> error.field() + ": " + error.message())
            .collect(Collectors.joining("; "));
    // InvalidInput's detail only counts the problems; InvalidRequest's says what is wrong.
    return RamError.invalidParameter(
        e.code().equals("InvalidInput") ? fields : e.getMessage() + " (" + fields + ")");
  }
}
