package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTextTest {

  static List<List<String>> lists() {
    return List.of(
        List.of(),
        List.of("", ""),
        List.of("plain", "two words"),
        List.of("&", "%", "%26", "%25", "a&b%c", "&&", "100%"),
        List.of("é ü \\n", "x=y", "line\\nbreak"));
  }

  @ParameterizedTest
  @MethodSource("lists")
  void everyListReadsBackExactly(List<String> fields) {
    assertThat(FieldText.split(FieldText.join(fields), 1)).isEqualTo(fields);
  }

  @Test
  void theTextEscapesOnlyTheSeparatorAndTheEscape() {
    assertThat(FieldText.join(List.of("a&b", "50%", "c=d"))).isEqualTo("a%26b&50%25&c=d");
    assertThat(FieldText.join(List.of())).isEmpty();
    assertThat(FieldText.join(List.of("", ""))).isEqualTo("&");
    // The one list that does not read back: the store keeps records of two fields or more.
    assertThat(FieldText.split(FieldText.join(List.of("")), 1)).isEmpty();
  }

  @Test
  void fieldsComeInGroups() {
    assertThat(FieldText.split("a&b&c&d", 2)).containsExactly("a", "b", "c", "d");
    assertThat(FieldText.split("", 3)).isEmpty();
    assertThatThrownBy(() -> FieldText.split("a&b&c", 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldText.split("a", 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "a%2", "%27", "%2G", "%%", "x&%"})
  void malformedEscapesAreRefused(String text) {
    assertThatThrownBy(() -> FieldText.split(text, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
