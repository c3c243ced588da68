package io.isthmus.config.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one write changed, for the change log (V8__change_log.sql): collected while the write runs,
 * written with it, so the log commits exactly when the change does. Not thread-safe: one per write.
 */
final class ChangeLog {
  /**
   * A write that changes record sets at more names of one zone than this logs the zone as read
   * whole: a node re-reads it in one query, and an import of a million records adds one log row,
   * not a million.
   */
  static final int MAX_NAMES_PER_ZONE = 1000;

  /**
   * The schema version this code writes (config_log.writer_schema, since V10). Every write adds a
   * log row, so a column that a release's writers must fill fences out the writers of earlier
   * releases once a migration they would corrupt has run: their writes fail, their reads go on.
   */
  static final int WRITER_SCHEMA = 17;

  /**
   * How many versions the log keeps by default. A node further behind than this (after a long
   * outage) loads everything, which it must be able to do anyway.
   */
  static final Retention DEFAULT_RETENTION = new Retention(10_000, 100);

  /**
   * @param versions how many of the latest versions are kept
   * @param pruneEvery old versions are pruned at every this many versions, not at every write
   */
  record Retention(int versions, int pruneEvery) {}

  private boolean structure;
  private boolean vpcs;

  /** Zone id → the names changed in it, for zones not read whole. */
  private final Map<String, Set<String>> names = new HashMap<>();

  private final Set<String> wholeZones = new HashSet<>();

  /** VPCs, zones, associations, endpoints, rules, health checks or query logging changed. */
  void structure() {
    structure = true;
  }

  /** A VPC came or went: part of the structure, which nodes read again with the VPCs. */
  void vpcs() {
    structure = true;
    vpcs = true;
  }

  /** Record sets at {@code name} in the zone changed. */
  void name(String zoneId, String name) {
    if (wholeZones.contains(zoneId)) {
      return;
    }
    Set<String> zone = names.computeIfAbsent(zoneId, id -> new HashSet<>());
    zone.add(name);
    if (zone.size() > MAX_NAMES_PER_ZONE) {
      wholeZone(zoneId);
    }
  }

  /** The zone is read whole by the nodes (it is new, or many of its names changed). */
  void wholeZone(String zoneId) {
    wholeZones.add(zoneId);
    names.remove(zoneId);
  }

  /** Writes the log of {@code version}, the version the write commits as, and prunes old ones. */
  void write(Connection connection, long version, Retention retention) throws SQLException {
    try (PreparedStatement row =
        connection.prepareStatement(
            "INSERT INTO config_log (version, structure, vpcs, writer_schema) VALUES (?, ?, ?, ?)")) {
      row.setLong(1, version);
      row.setBoolean(2, structure);
      row.setBoolean(3, vpcs);
      row.setInt(4, WRITER_SCHEMA);
      row.executeUpdate();
    }
    if (!names.isEmpty() || !wholeZones.isEmpty()) {
      try (PreparedStatement name =
          connection.prepareStatement(
              "INSERT INTO config_log_names (version, zone_id, name) VALUES (?, ?, ?)")) {
        for (String zoneId : wholeZones) {
          addName(name, version, zoneId, null);
        }
        for (Map.Entry<String, Set<String>> zone : names.entrySet()) {
          for (String owner : zone.getValue()) {
            addName(name, version, zone.getKey(), owner);
          }
        }
        name.executeBatch();
      }
    }
    if (version % retention.pruneEvery() == 0) {
      try (PreparedStatement prune =
          connection.prepareStatement("DELETE FROM config_log WHERE version <= ?")) {
        prune.setLong(1, version - retention.versions());
        prune.executeUpdate();
      }
    }
  }

  private static void addName(PreparedStatement statement, long version, String zoneId, String name)
      throws SQLException {
    statement.setLong(1, version);
    statement.setString(2, zoneId);
    statement.setString(3, name);
    statement.addBatch();
  }
}
