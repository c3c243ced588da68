package io.isthmus.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.Account;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.config.jdbc.JdbcConfigStore;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConnectionTest {
  @TempDir Path dir;

  /** Fails until {@code down} is cleared, then opens the embedded store. */
  private StoreConnection connection(AtomicBoolean down, AtomicInteger attempts) {
    return StoreConnection.start(
        () -> {
          attempts.incrementAndGet();
          if (down.get()) {
            throw new StoreException("cannot migrate the configuration schema: refused");
          }
          return JdbcConfigStore.openEmbedded(dir);
        },
        Duration.ofMillis(10));
  }

  @Test
  void aStoreAwayAtStartFailsFastThenOpensInTheBackground() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    AtomicInteger attempts = new AtomicInteger();
    List<JdbcConfigStore> opened = new CopyOnWriteArrayList<>();
    try (StoreConnection connection = connection(down, attempts)) {
      assertThat(connection.awaitFirstAttempt(Duration.ofSeconds(30))).isFalse();
      connection.onOpen(opened::add);
      assertThat(connection.isUp()).isFalse();
      assertThat(connection.opened()).isEmpty();
      assertThatThrownBy(() -> connection.call(JdbcConfigStore::version))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(opened).isEmpty();

      down.set(false);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (connection.opened().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }

      assertThat(attempts.get()).isGreaterThan(1);
      assertThat(connection.call(JdbcConfigStore::version)).isZero();
      assertThat(connection.isUp()).isTrue();
      while (opened.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(opened).containsExactly(connection.opened().orElseThrow());
    }
  }

  @Test
  void anOpenStoreRunsNewOpenListenersAtOnce() throws Exception {
    try (StoreConnection connection = connection(new AtomicBoolean(), new AtomicInteger())) {
      assertThat(connection.awaitFirstAttempt(Duration.ofSeconds(30))).isTrue();
      List<JdbcConfigStore> opened = new CopyOnWriteArrayList<>();
      connection.onOpen(opened::add);

      assertThat(opened).hasSize(1);
    }
  }

  @Test
  void aConnectionFailureBecomesUnavailableAndMarksTheStoreDown() throws Exception {
    AtomicLong nanos = new AtomicLong();
    try (StoreConnection connection =
        StoreConnection.start(
            () -> JdbcConfigStore.openEmbedded(dir), Duration.ofMillis(10), nanos::get)) {
      connection.awaitFirstAttempt(Duration.ofSeconds(30));

      assertThatThrownBy(
              () ->
                  connection.call(
                      store -> {
                        throw new StoreException(
                            "cannot read", new SQLTransientConnectionException("timeout"));
                      }))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("unreachable");
      assertThat(connection.isUp()).isFalse();

      // Within a second of the failure, uses fail at once without touching the database.
      AtomicInteger ran = new AtomicInteger();
      nanos.addAndGet(StoreConnection.RETRY_AFTER_FAILURE.toNanos() - 1);
      assertThatThrownBy(() -> connection.call(store -> ran.incrementAndGet()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("the last attempt failed");
      assertThat(ran).hasValue(0);

      // Then one tries again, and a success marks the store up.
      nanos.addAndGet(1);
      connection.call(JdbcConfigStore::version);
      assertThat(connection.isUp()).isTrue();
      connection.call(store -> ran.incrementAndGet());
      assertThat(ran).hasValue(1);
    }
  }

  @Test
  void aRefusedStatementPropagatesAndTheStoreStaysUp() throws Exception {
    try (StoreConnection connection = connection(new AtomicBoolean(), new AtomicInteger())) {
      connection.awaitFirstAttempt(Duration.ofSeconds(30));
      StoreException refused = new StoreException("duplicate");

      assertThatThrownBy(
              () ->
                  connection.call(
                      store -> {
                        throw refused;
                      }))
          .isSameAs(refused);
      assertThat(connection.isUp()).isTrue();
    }
  }

  @Test
  void knownTokensAnswerOnlyWhileTheStoreIsAway() throws Exception {
    AccountTokens tokens = new AccountTokens();
    Account acme = new Account("111111111111", "acme");
    tokens.replace(Map.of("hash-a", acme));
    AtomicBoolean down = new AtomicBoolean(true);
    try (StoreConnection connection = connection(down, new AtomicInteger())) {
      connection.awaitFirstAttempt(Duration.ofSeconds(30));
      AvailableConfigStore store = new AvailableConfigStore(connection, tokens);

      assertThat(store.accountByTokenHash("hash-a")).contains(acme);
      assertThatThrownBy(() -> store.accountByTokenHash("hash-unknown"))
          .isInstanceOf(StoreUnavailableException.class);
    }
    try (StoreConnection connection = connection(new AtomicBoolean(), new AtomicInteger())) {
      connection.awaitFirstAttempt(Duration.ofSeconds(30));
      AvailableConfigStore store = new AvailableConfigStore(connection, tokens);

      // The store decides while it answers: the hash is unknown there.
      assertThat(store.accountByTokenHash("hash-a")).isEmpty();
    }
  }

  @Test
  void tokenLookUpsAreRememberedAndForgotten() {
    AccountTokens tokens = new AccountTokens();
    Account acme = new Account("111111111111", "acme");

    tokens.remember("h", Optional.of(acme));
    assertThat(tokens.known("h")).contains(acme);
    tokens.remember("h", Optional.empty());
    assertThat(tokens.known("h")).isEmpty();

    tokens.remember("h", Optional.of(acme));
    tokens.replace(Map.of("g", acme));
    assertThat(tokens.known("h")).isEmpty();
    assertThat(tokens.known("g")).contains(acme);
    assertThat(tokens.asOfSnapshot()).containsOnlyKeys("g");
  }

  @Test
  void theFailFastWindowCountsFromTheFailure() throws Exception {
    AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos()); // a clock far from zero
    try (StoreConnection connection =
        StoreConnection.start(
            () -> JdbcConfigStore.openEmbedded(dir), Duration.ofMillis(10), nanos::get)) {
      connection.awaitFirstAttempt(Duration.ofSeconds(30));
      assertThatThrownBy(
              () ->
                  connection.call(
                      store -> {
                        throw new StoreException(
                            "cannot read", new SQLTransientConnectionException("timeout"));
                      }))
          .isInstanceOf(StoreUnavailableException.class);

      nanos.addAndGet(StoreConnection.RETRY_AFTER_FAILURE.toNanos() - 1);
      assertThatThrownBy(() -> connection.call(JdbcConfigStore::version))
          .hasMessageContaining("the last attempt failed");
      nanos.addAndGet(1);
      assertThat(connection.call(JdbcConfigStore::version)).isZero();
    }
  }

  @Test
  void closingClosesTheOpenedStore() throws Exception {
    StoreConnection connection = connection(new AtomicBoolean(), new AtomicInteger());
    assertThat(connection.awaitFirstAttempt(Duration.ofSeconds(30))).isTrue();
    JdbcConfigStore opened = connection.opened().orElseThrow();

    connection.close();

    assertThatThrownBy(opened::version).isInstanceOf(RuntimeException.class);
  }
}
