package io.isthmus.config.jdbc;

import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.function.Function;
import java.util.stream.Stream;

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
          + " = ? WHERE "
          + Rows.RECORD_SET_WHERE_KEY;

  private static final String ZONE_EXISTS = "SELECT 1 FROM hosted_zones WHERE id = ?";

  /**
   * An updated set may have been an alias: its alias_record_sets row goes, and comes back if so.
   */
  private static final String FORGET_ALIAS =
      "DELETE FROM alias_record_sets WHERE seq IN (SELECT seq FROM record_sets WHERE "
          + Rows.RECORD_SET_WHERE_KEY
          + ")";

  private static final String INDEX_ALIAS =
      "INSERT INTO alias_record_sets (seq, zone_id, alias_dns_name)"
          + " SELECT seq, zone_id, ? FROM record_sets WHERE "
          + Rows.RECORD_SET_WHERE_KEY;

  /** The columns an inserted set fills, in the order of {@link #insertRow}. */
  private static final List<String> INSERT_COLUMNS =
      Stream.of(
              Stream.of("zone_id"),
              Rows.RECORD_SET_KEY.stream(),
              Rows.RECORD_SET_DATA.stream(),
              Stream.of("sort_key"))
          .flatMap(Function.identity())
          .toList();

  private static final String INSERT =
      "INSERT INTO record_sets ("
          + String.join(", ", INSERT_COLUMNS)
          + ") VALUES (?"
          + ", ?".repeat(INSERT_COLUMNS.size() - 1)
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
    TreeSet<String> zones = new TreeSet<>();
    sets.forEach(set -> zones.add(set.getKey().zoneId()));
    try {
      requireZones(connection, zones);
      List<Map.Entry<Slot, Pending>> updates =
          sets.stream().filter(set -> !set.getValue().absent()).toList();
      Set<Slot> missing = update(connection, updates);
      execute(
          connection,
          FORGET_ALIAS,
          updates.stream().filter(set -> !missing.contains(set.getKey())).toList(),
          set -> Rows.keyValues(set.getKey().zoneId(), set.getKey().key()));
      insert(
          connection,
          sets.stream()
              .filter(set -> set.getValue().absent() || missing.contains(set.getKey()))
              .toList());
      execute(
          connection,
          INDEX_ALIAS,
          sets.stream().filter(set -> set.getValue().set().aliasTarget() != null).toList(),
          set -> aliasRow(set.getKey(), set.getValue().set()));
    } catch (SQLException e) {
      throw Sql.translate(e, "write record sets", null, null);
    }
  }

  /**
   * Record sets have no foreign key to their zone (V10): the check that it exists is made here,
   * once per zone and flush, under the write lock that a zone's deletion also takes.
   */
  private static void requireZones(Connection connection, Set<String> zones) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(ZONE_EXISTS)) {
      for (String zone : zones) {
        statement.setString(1, zone);
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            throw new StoreException("record sets for a missing hosted zone, one of " + zones);
          }
        }
      }
    }
  }

  private static Object[] aliasRow(Slot slot, RecordSet set) {
    Object[] key = Rows.keyValues(slot.zoneId(), slot.key());
    Object[] row = new Object[key.length + 1];
    row[0] = set.aliasTarget().dnsName();
    System.arraycopy(key, 0, row, 1, key.length);
    return row;
  }

  /** Runs {@code sql} once per set, with the values {@code row} gives, as one batch. */
  private static void execute(
      Connection connection,
      String sql,
      List<Map.Entry<Slot, Pending>> sets,
      Function<Map.Entry<Slot, Pending>, Object[]> row)
      throws SQLException {
    if (sets.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (Map.Entry<Slot, Pending> set : sets) {
        Sql.bind(statement, row.apply(set));
        statement.addBatch();
      }
      statement.executeBatch();
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
        params.addAll(Arrays.asList(Rows.keyValues(set.getKey().zoneId(), set.getKey().key())));
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
    List<Object[]> rows = new ArrayList<>(sets.size());
    for (Map.Entry<Slot, Pending> entry : sets) {
      rows.add(insertRow(entry.getKey().zoneId(), entry.getValue().set()));
    }
    if (PostgresCopy.isAvailable(connection)) {
      PostgresCopy.copy(connection, "record_sets", INSERT_COLUMNS, rows);
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
      for (Object[] row : rows) {
        Sql.bind(statement, row);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** The values of {@link #INSERT_COLUMNS} for {@code set} in {@code zoneId}. */
  private static Object[] insertRow(String zoneId, RecordSet set) {
    List<Object> values = new ArrayList<>(INSERT_COLUMNS.size());
    values.add(zoneId);
    values.addAll(Arrays.asList(Rows.key(set.key())));
    values.addAll(Arrays.asList(Rows.data(set)));
    values.add(CanonicalKey.of(set.name(), set.type()));
    return values.toArray();
  }
}
