package io.isthmus.config.jdbc;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Rows sent to PostgreSQL with {@code COPY … FROM STDIN} instead of INSERT statements: one stream
 * that the server parses without planning or executing a statement per row. A zone file import of
 * 500,000 record sets spends most of its database time inserting, and COPY is PostgreSQL's bulk
 * path (docs/performance.md, "Scale, eighth sitting"). H2 has no such path; callers fall back to
 * batched inserts when {@link #isAvailable} is false.
 */
final class PostgresCopy {
  private static final HexFormat HEX = HexFormat.of();

  private PostgresCopy() {}

  /** True when {@code connection} is (or wraps) a PostgreSQL driver connection. */
  static boolean isAvailable(Connection connection) throws SQLException {
    return connection.isWrapperFor(PGConnection.class);
  }

  /** Appends {@code rows} (values in the order of {@code columns}) to {@code table}. */
  static void copy(Connection connection, String table, List<String> columns, List<Object[]> rows)
      throws SQLException {
    StringBuilder text = new StringBuilder(rows.size() * 96);
    for (Object[] row : rows) {
      appendRow(text, row);
    }
    String sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
    try (Reader reader = new StringReader(text.toString())) {
      connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, reader);
    } catch (IOException e) {
      // A StringReader does not fail; the driver wraps its own I/O errors in SQLException.
      throw new SQLException("COPY into " + table + " failed to read its rows", e);
    }
  }

  /** One line of COPY's text format: tab-separated values, \N for NULL. */
  static void appendRow(StringBuilder text, Object[] row) {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        text.append('\t');
      }
      appendValue(text, row[i]);
    }
    text.append('\n');
  }

  private static void appendValue(StringBuilder text, Object value) {
    if (value == null) {
      text.append("\\N");
    } else if (value instanceof byte[] bytes) {
      // bytea's hex input form, its backslash escaped for COPY.
      text.append("\\\\x").append(HEX.formatHex(bytes));
    } else if (value instanceof Boolean flag) {
      text.append(flag ? 't' : 'f');
    } else if (value instanceof Number number) {
      text.append(number);
    } else if (value instanceof String string) {
      appendEscaped(text, string);
    } else {
      throw new IllegalArgumentException("no COPY text form for " + value.getClass().getName());
    }
  }

  /** Backslash, tab, newline and carriage return are the characters COPY's text format reads. */
  private static void appendEscaped(StringBuilder text, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
  }
}
