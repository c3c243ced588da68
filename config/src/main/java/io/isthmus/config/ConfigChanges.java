package io.isthmus.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed in the configuration from one version to a later one, as the store's change log
 * tells it ({@link ConfigStore#changesSince}): enough to bring a {@link ConfigData} of the earlier
 * version to the later one without reading what did not change. Immutable.
 *
 * @param fromVersion the version these changes start from
 * @param version the version they lead to
 * @param structure everything but record sets (VPCs, zones and their associations, endpoints,
 *     rules, health checks, query logging), each {@link ZoneData} without record sets; null when
 *     none of it changed
 * @param vpcsChanged whether the structure's VPCs are read; when not, they did not change and
 *     {@code structure} lists none
 * @param zoneRecordSets zone id → every record set of the zone, for zones read whole (a zone
 *     created, or changed in too many names to list)
 * @param recordSetsByName zone id → owner name → every record set now at that name (empty: none
 *     left), for the names changed in the other zones
 */
public record ConfigChanges(
    long fromVersion,
    long version,
    ConfigData structure,
    boolean vpcsChanged,
    Map<String, List<RecordSet>> zoneRecordSets,
    Map<String, Map<String, List<RecordSet>>> recordSetsByName) {

  public ConfigChanges {
    if (version < fromVersion) {
      throw new IllegalArgumentException(
          "changes lead back from " + fromVersion + " to " + version);
    }
    if (structure != null && structure.version() != version) {
      throw new IllegalArgumentException("structure of another version: " + structure.version());
    }
    zoneRecordSets = Map.copyOf(zoneRecordSets);
    Map<String, Map<String, List<RecordSet>>> byName = new HashMap<>();
    recordSetsByName.forEach((zone, names) -> byName.put(zone, Map.copyOf(names)));
    recordSetsByName = Map.copyOf(byName);
  }

  /** Changes whose structure, if any, holds the VPCs. */
  public ConfigChanges(
      long fromVersion,
      long version,
      ConfigData structure,
      Map<String, List<RecordSet>> zoneRecordSets,
      Map<String, Map<String, List<RecordSet>>> recordSetsByName) {
    this(fromVersion, version, structure, true, zoneRecordSets, recordSetsByName);
  }

  /** True when only record sets changed: the VPCs' route tables stay as they are. */
  public boolean recordSetsOnly() {
    return structure == null;
  }

  /** The ids of the zones whose record sets changed, read whole or by name. */
  public Set<String> changedZoneIds() {
    Set<String> ids = new HashSet<>(zoneRecordSets.keySet());
    ids.addAll(recordSetsByName.keySet());
    return ids;
  }

  /**
   * {@code previous} brought to {@link #version}. The record sets at the changed names replace
   * those of a zone's {@link RecordSetList} by structural sharing: the cost is that of the names.
   *
   * @throws IllegalArgumentException if {@code previous} is not of {@link #fromVersion}, or names a
   *     zone the changes need but do not hold (a zone new to it that was not read whole)
   */
  public ConfigData applyTo(ConfigData previous) {
    if (previous.version() != fromVersion) {
      throw new IllegalArgumentException(
          "changes from version " + fromVersion + " applied to version " + previous.version());
    }
    Map<String, ZoneData> before = new HashMap<>();
    previous.zones().forEach(zone -> before.put(zone.zone().id(), zone));
    ConfigData frame = structure != null ? structure : previous;
    List<ZoneData> zones = new ArrayList<>(frame.zones().size());
    for (ZoneData zone : frame.zones()) {
      String id = zone.zone().id();
      ZoneData old = before.get(id);
      List<RecordSet> recordSets = zoneRecordSets.get(id);
      if (recordSets == null) {
        if (old == null) {
          throw new IllegalArgumentException("zone " + id + " is new but was not read whole");
        }
        recordSets =
            RecordSetList.of(old.recordSets())
                .withNames(recordSetsByName.getOrDefault(id, Map.of()));
      }
      zones.add(new ZoneData(zone.zone(), recordSets, zone.vpcIds()));
    }
    return new ConfigData(
        version,
        structure != null && !vpcsChanged ? previous.vpcs() : frame.vpcs(),
        zones,
        frame.endpoints(),
        frame.rules(),
        frame.ruleAssociations(),
        frame.healthChecks(),
        frame.queryLogConfigs(),
        frame.queryLogAssociations());
  }
}
