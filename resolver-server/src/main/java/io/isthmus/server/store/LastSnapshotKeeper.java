package io.isthmus.server.store;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigData;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.server.lastsnapshot.LastSnapshot;
import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last-snapshot file and the {@link AccountTokens} in step with what the node serves:
 * after each configuration published from the store it reads the account token hashes and writes
 * both to the file; at a start without the store it reads them back. Runs on the snapshot thread;
 * not thread-safe.
 */
public final class LastSnapshotKeeper {
  private static final Logger log = LoggerFactory.getLogger(LastSnapshotKeeper.class);

  private final LastSnapshotFile file;
  private final StoreConnection connection;
  private final AccountTokens tokens;

  public LastSnapshotKeeper(
      LastSnapshotFile file, StoreConnection connection, AccountTokens tokens) {
    this.file = file;
    this.connection = connection;
    this.tokens = tokens;
  }

  /** After {@code data} from the store was published: remember it and its tokens in the file. */
  public void published(ConfigData data) {
    Map<String, Account> current;
    try {
      current = connection.call(JdbcConfigStore::accountsByTokenHash);
      tokens.replace(current);
    } catch (StoreUnavailableException e) {
      // The configuration is newer than the tokens known; keep those rather than none.
      current = tokens.asOfSnapshot();
    }
    try {
      file.write(new LastSnapshot(data, current));
    } catch (UncheckedIOException e) {
      log.error("Cannot write the last-snapshot file; the previous one stays", e);
    }
  }

  /** The configuration of the last-snapshot file, its tokens now accepted; empty if unusable. */
  public Optional<ConfigData> lastServed() {
    Optional<LastSnapshot> last = file.read();
    last.ifPresent(snapshot -> tokens.replace(snapshot.accountsByTokenHash()));
    return last.map(LastSnapshot::config);
  }
}
