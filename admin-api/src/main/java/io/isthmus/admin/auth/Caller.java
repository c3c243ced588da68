package io.isthmus.admin.auth;

import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.Account;

/**
 * Who is calling, as established by the bearer token. The operator manages accounts and may read
 * everything but owns nothing, so it cannot create or change VPCs, zones or records; an account
 * acts on what it owns or what was shared with it (docs/spec/admin-api.md "Conventions").
 * Immutable.
 */
public sealed interface Caller {

  /** The operator. */
  record Operator() implements Caller {
    @Override
    public boolean owns(String accountId) {
      return false;
    }

    @Override
    public Account account() {
      throw ApiException.accessDenied(
          "The operator token manages accounts and reads everything; act with an account token.");
    }
  }

  /** An account's token holder. */
  record Member(Account account) implements Caller {
    @Override
    public boolean owns(String accountId) {
      return account.id().equals(accountId);
    }
  }

  /** True when the resource owned by {@code accountId} is the caller's own. */
  boolean owns(String accountId);

  /**
   * The acting account.
   *
   * @throws ApiException AccessDenied for the operator
   */
  Account account();

  default boolean isOperator() {
    return this instanceof Operator;
  }

  /** The operator reads everything; an account reads what it owns. */
  default boolean canRead(String ownerAccountId) {
    return isOperator() || owns(ownerAccountId);
  }

  /**
   * @throws ApiException AccessDenied unless the caller is the operator
   */
  default void requireOperator() {
    if (!isOperator()) {
      throw ApiException.accessDenied("Only the operator may manage accounts.");
    }
  }
}
