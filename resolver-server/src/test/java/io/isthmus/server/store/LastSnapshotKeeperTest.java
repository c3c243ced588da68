package io.isthmus.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.Account;
import io.isthmus.config.ConfigData;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.StoredHealthStatus;
import io.isthmus.config.jdbc.JdbcConfigStore;
import io.isthmus.server.lastsnapshot.LastSnapshot;
import io.isthmus.server.lastsnapshot.LastSnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the keeper writes to the last-snapshot file, when, and what it gives back at a start. */
class LastSnapshotKeeperTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<String, Account> TOKENS =
      Map.of("ab12", new Account("111111111111", "networking"));

  @TempDir Path dir;

  private final StoreConnection away =
      StoreConnection.start(
          () -> {
            throw new StoreUnavailableException("away");
          },
          Duration.ofHours(1));
  private final AccountTokens tokens = new AccountTokens();
  private volatile List<StoredHealthStatus> statuses = List.of(status("m", false, T0));
  private final List<Resumed> resumed = new CopyOnWriteArrayList<>();

  private record Resumed(ConfigData config, List<StoredHealthStatus> statuses) {}

  @AfterEach
  void closeStore() {
    away.close();
  }

  private LastSnapshotKeeper keeper(Path dataDir) {
    return keeper(dataDir, away);
  }

  private static ConfigData version(long version) {
    return ConfigData.ofZones(version, List.of(), List.of());
  }

  /** The status of check {@code id}, as saved at {@code savedAt}. */
  private static StoredHealthStatus status(String id, boolean healthy, Instant savedAt) {
    return new StoredHealthStatus(
        id,
        healthy,
        healthy ? "OK" : "ALARM",
        T0,
        healthy ? "above the threshold" : "below the threshold",
        List.of(new StoredHealthStatus.Transition(T0, healthy, "first")),
        "node-a",
        savedAt);
  }

  private LastSnapshot inFile() {
    return LastSnapshotFile.in(dir).read().orElseThrow();
  }

  @Test
  void aPublishedConfigurationIsWrittenWithItsTokensAndTheHealthStatuses() {
    tokens.replace(TOKENS); // the store is away: the tokens known are kept
    LastSnapshotKeeper keeper = keeper(dir);

    keeper.published(version(7));
    keeper.close(); // the queued write runs before the keeper stops

    assertThat(inFile()).isEqualTo(new LastSnapshot(version(7), TOKENS, statuses));
  }

  @Test
  void nothingIsWrittenBeforeAConfigurationIsServed() {
    LastSnapshotKeeper keeper = keeper(dir);

    keeper.writeIfChanged();
    keeper.close();

    assertThat(LastSnapshotFile.in(dir).path()).doesNotExist();
  }

  @Test
  void aChangedStatusRewritesTheFileAndAnUnchangedOneDoesNot() throws IOException {
    LastSnapshotKeeper keeper = keeper(dir);
    keeper.published(version(7));
    keeper.close();
    Files.delete(LastSnapshotFile.in(dir).path());

    // Saved again later, the same decision: not a change.
    statuses = List.of(status("m", false, T0.plusSeconds(5)));
    keeper.writeIfChanged();
    assertThat(LastSnapshotFile.in(dir).path()).doesNotExist();

    statuses = List.of(status("m", true, T0.plusSeconds(6)));
    keeper.writeIfChanged();
    assertThat(inFile().healthStatuses()).isEqualTo(statuses);
    assertThat(inFile().config()).isEqualTo(version(7));
  }

  @Test
  void aNewConfigurationRewritesTheFileEvenWithTheSameStatuses() {
    LastSnapshotKeeper keeper = keeper(dir);
    keeper.published(version(7));
    keeper.close();

    keeper.published(version(8)); // its own write is refused by the closed keeper
    assertThat(inFile().config()).isEqualTo(version(7));
    keeper.writeIfChanged();

    assertThat(inFile().config()).isEqualTo(version(8));
  }

  @Test
  void aStartFromTheFileResumesItsStatusesAndTokensBeforeServingItsConfiguration() {
    LastSnapshot kept = new LastSnapshot(version(7), TOKENS, statuses);
    LastSnapshotFile.in(dir).write(kept);
    LastSnapshotKeeper keeper = keeper(dir);

    assertThat(keeper.lastServed()).contains(version(7));

    assertThat(resumed).containsExactly(new Resumed(version(7), kept.healthStatuses()));
    assertThat(tokens.asOfSnapshot()).isEqualTo(TOKENS);
    keeper.close();
  }

  @Test
  void afterAStartFromTheFileOnlyAChangeRewritesIt() throws IOException {
    LastSnapshotFile.in(dir).write(new LastSnapshot(version(7), TOKENS, statuses));
    LastSnapshotKeeper keeper = keeper(dir);
    keeper.lastServed();
    Files.delete(LastSnapshotFile.in(dir).path());

    statuses = List.of(status("m", false, T0.plusSeconds(9))); // resumed as they were
    keeper.writeIfChanged();
    assertThat(LastSnapshotFile.in(dir).path()).doesNotExist();

    statuses = List.of(status("m", false, T0), status("n", true, T0));
    keeper.writeIfChanged();
    keeper.close();
    assertThat(inFile()).isEqualTo(new LastSnapshot(version(7), TOKENS, statuses));
  }

  @Test
  void withoutAFileNothingIsResumed() {
    LastSnapshotKeeper keeper = keeper(dir);

    assertThat(keeper.lastServed()).isEmpty();
    keeper.writeIfChanged();
    keeper.close();

    assertThat(resumed).isEmpty();
    assertThat(LastSnapshotFile.in(dir).path()).doesNotExist();
  }

  @Test
  void aFailedWriteIsRetriedAtTheNextCheck() throws IOException {
    Path dataDir = dir.resolve("data");
    Files.writeString(dataDir, "a file where the data dir should be");
    LastSnapshotKeeper keeper = keeper(dataDir);
    keeper.published(version(7));
    keeper.close();
    assertThat(dataDir).isRegularFile();

    Files.delete(dataDir);
    keeper.writeIfChanged();

    assertThat(LastSnapshotFile.in(dataDir).read())
        .contains(new LastSnapshot(version(7), Map.of(), statuses));
  }

  @Test
  void aStatusSourceThatFailsWritesNothingAndThrowsNothing() {
    LastSnapshotKeeper keeper =
        new LastSnapshotKeeper(
            LastSnapshotFile.in(dir),
            away,
            tokens,
            () -> {
              throw new IllegalStateException("broken");
            },
            (config, kept) -> {});
    keeper.published(version(7));
    keeper.writeIfChanged();
    keeper.close();

    assertThat(LastSnapshotFile.in(dir).path()).doesNotExist();
  }

  @Test
  void closingTwiceIsHarmless() {
    LastSnapshotKeeper keeper = keeper(dir);
    keeper.published(version(7));
    keeper.close();
    keeper.close();

    assertThat(inFile().config()).isEqualTo(version(7));
  }

  @Test
  void eachPublicationIsWrittenSoonWithTheTokensTheStoreHoldsThen() throws Exception {
    Account app = new Account("222222222222", "app");
    Path database = dir.resolve("db");
    try (JdbcConfigStore store = JdbcConfigStore.openEmbedded(database)) {
      store.write(
          w -> {
            w.insertAccount(app, "hash-app");
            return null;
          });
    }
    try (StoreConnection up =
        StoreConnection.start(() -> JdbcConfigStore.openEmbedded(database), Duration.ofHours(1))) {
      assertThat(up.awaitFirstAttempt(Duration.ofSeconds(30))).isTrue();
      LastSnapshotKeeper keeper = keeper(dir, up); // not started: no periodic check writes
      try {
        keeper.published(version(7));
        awaitInFile(7, new byte[0]);
        assertThat(inFile().accountsByTokenHash()).isEqualTo(Map.of("hash-app", app));
        assertThat(tokens.asOfSnapshot()).isEqualTo(Map.of("hash-app", app));

        // A later publication is written on its own too: the first write did not stay queued.
        byte[] seven = bytes(LastSnapshotFile.in(dir).path());
        keeper.published(version(8));
        awaitInFile(8, seven);
      } finally {
        keeper.close();
      }
    }
  }

  private LastSnapshotKeeper keeper(Path dataDir, StoreConnection connection) {
    return new LastSnapshotKeeper(
        LastSnapshotFile.in(dataDir),
        connection,
        tokens,
        () -> statuses,
        (config, kept) -> resumed.add(new Resumed(config, kept)));
  }

  /**
   * Waits for the keeper's thread to replace the file (a rename: the file is always whole), then
   * reads it. Polls the bytes, not {@link LastSnapshotFile#read}, which removes a write's temporary
   * file as a leftover.
   */
  private void awaitInFile(long version, byte[] before) throws IOException {
    Path path = LastSnapshotFile.in(dir).path();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Arrays.equals(bytes(path), before) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(inFile().config()).isEqualTo(version(version));
  }

  private static byte[] bytes(Path path) throws IOException {
    return Files.exists(path) ? Files.readAllBytes(path) : new byte[0];
  }

  @Test
  void afterAWriteTheKeeperRestsFourTimesAsLongAsItTook() {
    assertThat(LastSnapshotKeeper.restUntil(1_000, 3_000)).isEqualTo(11_000);
    assertThat(LastSnapshotKeeper.restUntil(5_000, 5_000)).isEqualTo(5_000);
  }
}
