package io.isthmus.admin.auth;

/**
 * The operator's bearer token ({@code isthmus.admin.operator-token}, or generated and saved by the
 * application). Immutable.
 */
public record OperatorToken(String value) {
  @Override
  public String toString() {
    return "OperatorToken[****]";
  }
}
