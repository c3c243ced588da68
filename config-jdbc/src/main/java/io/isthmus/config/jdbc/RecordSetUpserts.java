package io.isthmus.config.jdbc;

import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Record sets put during one write and not yet sent to the database. A change batch or a bulk load
 * puts hundreds of sets in a row; sending them as two JDBC batches (update the existing ones, then
 * insert the rest) instead of one or two statements each saves a round trip per set on PostgreSQL.
 * The writer flushes before any other statement, so reads inside the write still see every put. Not
 * thread-safe.
 */
final class RecordSetUpserts {
  /** Flush when this many sets are pending, to bound memory and batch size. */
  static final int MAX_PENDING = 1000;

  private static final String UPDATE =
      "UPDATE record_sets SET "
          + String.join(" = ?, ", Rows.RECORD_SET_DATA)
          + " = ? WHERE zone_id = ? AND "
          + String.join(" = ? AND ", Rows.RECORD_SET_KEY)
          + " = ?";

  private static final String INSERT =
      "INSERT INTO record_sets (zone_id, "
          + Rows.RECORD_SET_COLUMNS
          + ", sort_key) VALUES (?"
          + ", ?".repeat(Rows.RECORD_SET_KEY.size() + Rows.RECORD_SET_DATA.size() + 1)
          + ")";

  private record Slot(String zoneId, RecordSetKey key) {}

  /** A set to write; {@code absent}: its writer read it as not stored, so it is only inserted. */
  private record Pending(RecordSet set, boolean absent) {}

  /** In order of first put: a set put twice keeps its first position, as in the table. */
  private final Map<Slot, Pending> pending = new LinkedHashMap<>();

  /**
   * Adds a set to write; {@code absent} when its writer read that no set of its key is stored (it
   * is then inserted without trying an update first). Putting a key again keeps its position and
   * takes the last call's set and word on its absence.
   */
  void put(String zoneId, RecordSet recordSet, boolean absent) {
    pending.put(new Slot(zoneId, recordSet.key()), new Pending(recordSet, absent));
  }

  boolean isFull() {
    return pending.size() >= MAX_PENDING;
  }

  /** Writes the pending sets: replaced in place when the key exists, appended otherwise. */
  void flush(Connection connection) {
    if (pending.isEmpty()) {
      return;
    }
    List<Map.Entry<Slot, Pending>> sets = new ArrayList<>(pending.entrySet());
    pending.clear();
    try {
      Set<Slot> missing =
          update(connection, sets.stream().filter(set -> !set.getValue().absent()).toList());
      insert(
          connection,
          sets.stream()
              .filter(set -> set.getValue().absent() || missing.contains(set.getKey()))
              .toList());
    } catch (SQLException e) {
      TreeSet<String> zones = new TreeSet<>();
      sets.forEach(set -> zones.add(set.getKey().zoneId()));
      throw Sql.translate(
          e, "write record sets", null, "record sets for a missing hosted zone, one of " + zones);
    }
  }

  /** Updates the sets that exist and returns the slots of the others. */
  private static Set<Slot> update(Connection connection, List<Map.Entry<Slot, Pending>> sets)
      throws SQLException {
    if (sets.isEmpty()) {
      return Set.of();
    }
    int[] counts;
    try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
      for (Map.Entry<Slot, Pending> set : sets) {
        List<Object> params = new ArrayList<>(Arrays.asList(Rows.data(set.getValue().set())));
        params.add(set.getKey().zoneId());
        params.addAll(Arrays.asList(Rows.key(set.getKey().key())));
        Sql.bind(statement, params.toArray());
        statement.addBatch();
      }
      counts = statement.executeBatch();
    }
    Set<Slot> missing = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == Statement.SUCCESS_NO_INFO) {
        // H2 and PostgreSQL report counts; guessing would lose or duplicate record sets.
        throw new StoreException("the JDBC driver did not report batch update counts");
      }
      if (counts[i] == 0) {
        missing.add(sets.get(i).getKey());
      }
    }
    return missing;
  }

  private static void insert(Connection connection, List<Map.Entry<Slot, Pending>> sets)
      throws SQLException {
    if (sets.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      for (Map.Entry<Slot, Pending> entry : sets) {
        RecordSet set = entry.getValue().set();
        List<Object> params = new ArrayList<>();
        params.add(entry.getKey().zoneId());
        params.addAll(Arrays.asList(Rows.key(entry.getKey().key())));
        params.addAll(Arrays.asList(Rows.data(set)));
        params.add(CanonicalKey.of(set.name(), set.type()));
        Sql.bind(statement, params.toArray());
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }
}
