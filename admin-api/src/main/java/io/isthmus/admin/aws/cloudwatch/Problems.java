package io.isthmus.admin.aws.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The problems of one request's parameters, gathered so that the client learns all of them in one
 * answer. Not thread-safe: one per request.
 */
final class Problems {
  private record Problem(String field, String message, boolean missing) {}

  private final List<Problem> problems = new ArrayList<>();

  void missing(String field) {
    add(new Problem(field, "is required", true));
  }

  void invalid(String field, String message) {
    add(new Problem(field, message, false));
  }

  /** The parameters with a problem so far. */
  Set<String> fields() {
    return problems.stream().map(Problem::field).collect(Collectors.toUnmodifiableSet());
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /**
   * Throws when there is any problem: MissingParameter when every problem is a missing parameter,
   * else InvalidParameterValue; the message lists them all either way.
   */
  void throwIfAny() {
    if (problems.isEmpty()) {
      return;
    }
    boolean onlyMissing = problems.stream().allMatch(Problem::missing);
    String message =
        problems.stream()
            .map(p -> "The parameter " + p.field() + " " + p.message() + ".")
            .collect(Collectors.joining(" "));
    throw CloudWatchException.sender(
        400, onlyMissing ? "MissingParameter" : "InvalidParameterValue", message);
  }

  // The same problem found twice (a namespace checked once per datum) is told once.
  private void add(Problem problem) {
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }
}
