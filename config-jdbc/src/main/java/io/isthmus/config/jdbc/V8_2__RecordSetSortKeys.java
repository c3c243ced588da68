package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills in {@code sort_key} of the record sets stored before V8 ({@link CanonicalKey}: SQL cannot
 * compute it on both databases), in batches, so that a store of a million record sets is upgraded
 * without holding them all in memory. V10 computes them again, as {@link CanonicalKey} writes them
 * since.
 */
public final class V8_2__RecordSetSortKeys extends BaseJavaMigration {
  private static final int BATCH = 10_000;

  @Override
  public void migrate(Context context) throws Exception {
    computeAll(context.getConnection());
  }

  /** Sets the sort key of every record set ({@link CanonicalKey} as it is now). */
  static void computeAll(Connection connection) throws SQLException {
    long after = Long.MIN_VALUE;
    while (true) {
      int read = 0;
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT seq, name, type FROM record_sets WHERE seq > ? ORDER BY seq LIMIT "
                      + BATCH);
          PreparedStatement update =
              connection.prepareStatement("UPDATE record_sets SET sort_key = ? WHERE seq = ?")) {
        select.setLong(1, after);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            after = rows.getLong(1);
            update.setBytes(1, CanonicalKey.of(rows.getString(2), rows.getString(3)));
            update.setLong(2, after);
            update.addBatch();
            read++;
          }
        }
        update.executeBatch();
      }
      if (read < BATCH) {
        return;
      }
    }
  }
}
