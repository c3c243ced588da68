package io.isthmus.admin.accounts;

import io.isthmus.config.Account;

/**
 * An account with a freshly issued bearer token: the only moment the token exists outside the
 * client, since the store keeps just its hash. Immutable.
 */
public record IssuedToken(Account account, String token) {
  /** Masks the token: a record's toString ends up in debug logs. */
  @Override
  public String toString() {
    return "IssuedToken[account=" + account + ", token=****]";
  }
}
