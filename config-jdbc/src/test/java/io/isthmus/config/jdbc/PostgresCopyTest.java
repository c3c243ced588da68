package io.isthmus.config.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rows PostgreSQL's COPY reads in its text format; the PostgreSQL store contract checks them
 * against a real server.
 */
class PostgresCopyTest {
  @Test
  void valuesAreTabSeparatedWithNullAsBackslashN() {
    StringBuilder text = new StringBuilder();
    PostgresCopy.appendRow(text, new Object[] {"Z1", 60L, null, 7, true, false});
    assertThat(text).hasToString("Z1\t60\t\\N\t7\tt\tf\n");
  }

  @Test
  void theCharactersCopyReadsAreEscapedAndOthersKept() {
    StringBuilder text = new StringBuilder();
    PostgresCopy.appendRow(text, new Object[] {"a\tb\nc\rd\\e \"é\" \\N"});
    assertThat(text).hasToString("a\\tb\\nc\\rd\\\\e \"é\" \\\\N\n");
  }

  @Test
  void bytesAreByteasHexFormWithItsBackslashEscaped() {
    StringBuilder text = new StringBuilder();
    PostgresCopy.appendRow(text, new Object[] {new byte[] {0, 1, (byte) 0xab, 0x7f}, new byte[0]});
    assertThat(text).hasToString("\\\\x0001ab7f\t\\\\x\n");
  }

  @Test
  void aValueWithoutATextFormIsRefused() {
    StringBuilder text = new StringBuilder();
    Object[] row = {Instant.EPOCH};
    assertThatThrownBy(() -> PostgresCopy.appendRow(text, row))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.time.Instant");
  }

  @Test
  void anH2ConnectionHasNoCopy() throws Exception {
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:copy")) {
      assertThat(PostgresCopy.isAvailable(h2)).isFalse();
    }
  }
}
