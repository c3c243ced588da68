package io.isthmus.server.store;

import io.isthmus.config.Account;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account tokens a node accepts while its store is away: every account by token hash as of the
 * last snapshot (from the store after each publish, or from the last-snapshot file after a
 * restart), plus the look-ups that succeeded since. Only consulted when the store cannot answer;
 * while it can, the store decides. Thread-safe.
 */
public final class AccountTokens {
  private volatile Map<String, Account> asOfSnapshot = Map.of();
  private final Map<String, Account> lookedUp = new ConcurrentHashMap<>();

  /** Replaces the known tokens with those of a newer snapshot (rotated tokens are forgotten). */
  public void replace(Map<String, Account> accountsByTokenHash) {
    asOfSnapshot = Map.copyOf(accountsByTokenHash);
    lookedUp.clear();
  }

  /** The tokens as of the last snapshot. */
  public Map<String, Account> asOfSnapshot() {
    return asOfSnapshot;
  }

  /** What the store answered for {@code tokenHash}. */
  void remember(String tokenHash, Optional<Account> found) {
    if (found.isPresent()) {
      lookedUp.put(tokenHash, found.get());
    } else {
      lookedUp.remove(tokenHash);
    }
  }

  /** The account last known to hold {@code tokenHash}. */
  Optional<Account> known(String tokenHash) {
    Account account = lookedUp.get(tokenHash);
    return account != null
        ? Optional.of(account)
        : Optional.ofNullable(asOfSnapshot.get(tokenHash));
  }
}
