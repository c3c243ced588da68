package io.isthmus.server.lastsnapshot;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigData;
import io.isthmus.config.StoredHealthStatus;
import java.util.List;
import java.util.Map;

/**
 * What a node needs to serve again after a restart without its store: the configuration it last
 * served, the accounts by the hex SHA-256 of their tokens, so that account tokens keep being
 * accepted, and the health statuses it last answered from, so that its failover records answer as
 * the rest of the cluster does instead of starting their checks from scratch. Immutable.
 *
 * @param config the configuration last published
 * @param accountsByTokenHash every account with a token, by the token's hash (never the token)
 * @param healthStatuses the health statuses the node last applied or decided, by check id; none in
 *     a file written before statuses were kept (format 1)
 */
public record LastSnapshot(
    ConfigData config,
    Map<String, Account> accountsByTokenHash,
    List<StoredHealthStatus> healthStatuses) {
  public LastSnapshot {
    accountsByTokenHash = Map.copyOf(accountsByTokenHash);
    healthStatuses = healthStatuses == null ? List.of() : List.copyOf(healthStatuses);
  }

  /** A snapshot without health statuses. */
  public LastSnapshot(ConfigData config, Map<String, Account> accountsByTokenHash) {
    this(config, accountsByTokenHash, List.of());
  }
}
