package io.isthmus.config;

import java.util.List;

/**
 * A hosted zone with its record sets and the ids of the VPCs it is associated with. The record sets
 * are kept grouped by name ({@link RecordSetList}), not in the order given.
 */
public record ZoneData(HostedZone zone, List<RecordSet> recordSets, List<String> vpcIds) {
  public ZoneData {
    recordSets = RecordSetList.of(recordSets);
    vpcIds = List.copyOf(vpcIds);
  }
}
