package io.isthmus.server.lastsnapshot;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigData;
import java.util.Map;

/**
 * What a node needs to serve again after a restart without its store: the configuration it last
 * served, and the accounts by the hex SHA-256 of their tokens, so that account tokens keep being
 * accepted. Immutable.
 *
 * @param config the configuration last published
 * @param accountsByTokenHash every account with a token, by the token's hash (never the token)
 */
public record LastSnapshot(ConfigData config, Map<String, Account> accountsByTokenHash) {
  public LastSnapshot {
    accountsByTokenHash = Map.copyOf(accountsByTokenHash);
  }
}
