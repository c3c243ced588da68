package io.isthmus.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.isthmus.config.ConfigData;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.StoreException;
import io.isthmus.config.StoreUnavailableException;
import io.isthmus.route.SnapshotCompiler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotRefresherStaleTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Duration POLL = Duration.ofMillis(5);

  private final ConfigStore store = mock(ConfigStore.class);
  private final SnapshotHolder holder = new SnapshotHolder();
  private final ServingState state = new ServingState(CLOCK);
  private final List<ConfigData> writtenToFile = new CopyOnWriteArrayList<>();
  private final SnapshotRefresher refresher =
      new SnapshotRefresher(store, holder, new SnapshotCompiler(CLOCK), state);

  @AfterEach
  void close() {
    refresher.close();
  }

  private static ConfigData version(long version) {
    return ConfigData.ofZones(version, List.of(), List.of());
  }

  @Test
  void aStoreAwayAtStartServesTheLastSnapshotStaleThenCatchesUp() throws Exception {
    AtomicBoolean back = new AtomicBoolean();
    when(store.load())
        .thenAnswer(
            call -> {
              if (!back.get()) {
                throw new StoreUnavailableException("refused");
              }
              return version(7);
            });
    when(store.version())
        .thenAnswer(
            call -> {
              if (!back.get()) {
                throw new StoreUnavailableException("refused");
              }
              return 7L;
            });
    refresher.whenStoreAwayAtStart(() -> Optional.of(version(5)));
    refresher.onStoreDataPublished(writtenToFile::add);

    refresher.start(POLL);

    assertThat(holder.version()).isEqualTo(5);
    assertThat(state.servingStale()).isTrue();
    assertThat(state.lastRefresh()).isEmpty();
    assertThat(state.refreshAgeSeconds()).isNaN();
    assertThat(writtenToFile).as("the file's own data is not written back").isEmpty();

    back.set(true);
    awaitTrue(() -> !state.servingStale());
    assertThat(holder.version()).isEqualTo(7);
    assertThat(state.lastRefresh()).contains(CLOCK.instant());
    assertThat(state.refreshAgeSeconds()).isZero();
    assertThat(writtenToFile).extracting(ConfigData::version).containsExactly(7L);
  }

  @Test
  void theStoreAtTheFilesVersionEndsStalenessWithoutARecompile() throws Exception {
    when(store.load()).thenThrow(new StoreUnavailableException("refused"));
    when(store.version()).thenReturn(5L);
    refresher.whenStoreAwayAtStart(() -> Optional.of(version(5)));

    refresher.start(POLL);

    awaitTrue(() -> !state.servingStale());
    assertThat(holder.version()).isEqualTo(5);
  }

  @Test
  void withoutAFileTheNodeStartsEmptyAndStale() throws Exception {
    when(store.load()).thenThrow(new StoreUnavailableException("refused"));
    when(store.version()).thenThrow(new StoreUnavailableException("refused"));

    refresher.start(POLL);

    assertThat(holder.current()).isNull();
    assertThat(state.servingStale()).isTrue();
  }

  @Test
  void otherStoreFailuresAtStartStillStopTheStart() {
    when(store.load()).thenThrow(new StoreException("schema is broken"));
    refresher.whenStoreAwayAtStart(() -> Optional.of(version(5)));

    assertThatThrownBy(() -> refresher.start(POLL))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreException.class);
    assertThat(holder.current()).isNull();
  }

  @Test
  void aStoreAtStartIsNotStale() throws Exception {
    when(store.load()).thenReturn(version(3));
    when(store.version()).thenReturn(3L);
    refresher.onStoreDataPublished(writtenToFile::add);

    refresher.start(POLL);

    assertThat(state.servingStale()).isFalse();
    assertThat(state.lastRefresh()).isPresent();
    assertThat(writtenToFile).extracting(ConfigData::version).containsExactly(3L);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in 30 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
