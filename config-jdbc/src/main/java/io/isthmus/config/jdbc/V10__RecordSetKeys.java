package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The configuration store, version 10: one index per record set row besides its primary key.
 *
 * <p>A zone file import of half a million record sets spent most of its time in the database, and
 * each index of record_sets cost about a sixth of it (every row is an entry in each, written at
 * insert and again when the transaction commits). Version 8 left five: the primary key, the unique
 * key (zone_id, name, type, set_identifier), H2's own index for the foreign key to the zone (H2
 * gives a foreign key an index of its own even when another one starts with its column), the
 * listing order (zone_id, sort_key) and the alias targets (zone_id, alias_dns_name). Now:
 *
 * <ul>
 *   <li>{@code record_sets_key}, unique (zone_id, sort_key, set_identifier), is both the identity
 *       of a record set and its listing order: {@link CanonicalKey} became one-to-one (a zero octet
 *       in a label is escaped), so the keys of all rows are computed again here;
 *   <li>the foreign key to the zone is gone: the writer deletes a zone's record sets itself, and
 *       checks that the zone of the record sets it writes exists, under the write lock;
 *   <li>the alias targets are indexed in a table of their own, {@code alias_record_sets}, which
 *       only alias record sets have a row in (a few per zone, not one per record set).
 * </ul>
 *
 * A node of an earlier release would write record sets the old way (old sort keys, no alias rows, a
 * zone's sets left behind when it deletes the zone), so it must not write any more:
 * config_log.writer_schema, which every write fills and which has no default, fences it out (its
 * writes fail; its reads, and its answers, go on). See docs/operations.md, "Rolling upgrade".
 *
 * <p>In Java, not SQL: the names of the dropped constraints were chosen by each database.
 */
public final class V10__RecordSetKeys extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    List<String> constraints = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT constraint_name FROM information_schema.table_constraints"
                    + " WHERE LOWER(table_name) = 'record_sets'"
                    + " AND constraint_type IN ('UNIQUE', 'FOREIGN KEY')")) {
      while (rows.next()) {
        constraints.add(rows.getString(1));
      }
    }
    try (Statement statement = connection.createStatement()) {
      // The rows so far were written by nodes of schema 9 or earlier.
      statement.execute(
          "ALTER TABLE config_log ADD COLUMN writer_schema INTEGER DEFAULT 9 NOT NULL");
      statement.execute("ALTER TABLE config_log ALTER COLUMN writer_schema DROP DEFAULT");
      for (String constraint : constraints) {
        statement.execute(
            "ALTER TABLE record_sets DROP CONSTRAINT \"" + constraint.replace("\"", "\"\"") + "\"");
      }
      statement.execute("DROP INDEX record_sets_sort_key");
      statement.execute("DROP INDEX record_sets_alias_target");
    }
    V8_2__RecordSetSortKeys.computeAll(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE UNIQUE INDEX record_sets_key ON record_sets (zone_id, sort_key, set_identifier)");
      statement.execute(
          "CREATE TABLE alias_record_sets ("
              + " seq BIGINT PRIMARY KEY REFERENCES record_sets (seq) ON DELETE CASCADE,"
              + " zone_id VARCHAR NOT NULL,"
              + " alias_dns_name VARCHAR NOT NULL)");
      statement.execute(
          "CREATE INDEX alias_record_sets_target ON alias_record_sets (zone_id, alias_dns_name)");
      statement.execute(
          "INSERT INTO alias_record_sets (seq, zone_id, alias_dns_name)"
              + " SELECT seq, zone_id, alias_dns_name FROM record_sets"
              + " WHERE alias_dns_name IS NOT NULL");
    }
  }
}
