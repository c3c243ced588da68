package io.isthmus.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an explanation calls each cache state (admin API {@code cache}: FRESH, STALE or NONE). */
class CacheStatusTest {
  @Test
  void explanationsCallAFreshEntryFresh() {
    assertThat(CacheStatus.HIT.held()).isEqualTo("FRESH");
    assertThat(CacheStatus.STALE.held()).isEqualTo("STALE");
    assertThat(CacheStatus.NONE.held()).isEqualTo("NONE");
    assertThat(CacheStatus.MISS.held()).isEqualTo("NONE");
  }
}
