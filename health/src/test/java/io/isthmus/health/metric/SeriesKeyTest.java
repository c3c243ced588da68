package io.isthmus.health.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
  @Test
  void noDimensionsIsTheSameSeriesAsEmptyDimensions() {
    SeriesKey none = new SeriesKey("1", "App", "M", null);

    assertThat(none.dimensions()).isEmpty();
    assertThat(none).isEqualTo(new SeriesKey("1", "App", "M", Map.of()));
  }

  @Test
  void theDimensionsAreCopied() {
    Map<String, String> dimensions = new HashMap<>(Map.of("A", "1"));
    SeriesKey key = new SeriesKey("1", "App", "M", dimensions);

    dimensions.put("B", "2");

    assertThat(key.dimensions()).containsOnlyKeys("A");
    assertThatThrownBy(() -> key.dimensions().put("C", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
