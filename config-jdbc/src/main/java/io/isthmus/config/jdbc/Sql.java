package io.isthmus.config.jdbc;

import io.isthmus.config.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC plumbing shared by the reader and the writer: parameter binding and error translation. */
final class Sql {
  /** SQLSTATE of a unique or primary key violation (H2 and PostgreSQL alike). */
  private static final String UNIQUE_VIOLATION = "23505";

  /** A foreign key violation: PostgreSQL uses it for both directions, H2 when children exist. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  /** H2's code for a foreign key whose parent row is missing. */
  private static final String H2_PARENT_MISSING = "23506";

  private Sql() {}

  /** Maps the current row of a result set; may throw the driver's SQLException. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Binds parameters by position; an {@link Instant} is sent as a UTC timestamp. */
  static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object value = params[i];
      if (value instanceof Instant instant) {
        value = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
      }
      statement.setObject(i + 1, value);
    }
  }

  /**
   * A {@link StoreException} for {@code e}: {@code ifDuplicate} when a unique key was violated,
   * {@code ifMissingReference} when a foreign key was (either may be null when the statement cannot
   * violate one), otherwise a database error naming {@code action}.
   */
  static StoreException translate(
      SQLException e, String action, String ifDuplicate, String ifMissingReference) {
    if (ifDuplicate != null && hasState(e, UNIQUE_VIOLATION)) {
      return new StoreException(ifDuplicate, e);
    }
    if (ifMissingReference != null
        && (hasState(e, FOREIGN_KEY_VIOLATION) || hasState(e, H2_PARENT_MISSING))) {
      return new StoreException(ifMissingReference, e);
    }
    return new StoreException("could not " + action + ": " + e.getMessage(), e);
  }

  /** Whether {@code e} reports a unique or primary key violation. */
  static boolean isDuplicate(SQLException e) {
    return hasState(e, UNIQUE_VIOLATION);
  }

  /** A batch failure carries the statement's own error as its next exception. */
  private static boolean hasState(SQLException e, String state) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      if (state.equals(next.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
