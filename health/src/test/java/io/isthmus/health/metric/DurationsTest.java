package io.isthmus.health.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  @ParameterizedTest(name = "{0} s → {1}")
  @CsvSource({
    "0,     0 s",
    "59,    59 s",
    "60,    1 min",
    "90,    90 s",
    "300,   5 min",
    "3540,  59 min",
    "3600,  1 h",
    "3660,  61 min",
    "7200,  2 h",
    "86400, 24 h",
  })
  void wholeHoursThenWholeMinutesElseSeconds(long seconds, String words) {
    assertThat(Durations.words(Duration.ofSeconds(seconds))).isEqualTo(words);
  }
}
