package io.isthmus.config;

import java.util.List;

/** A hosted zone with its record sets and the ids of the VPCs it is associated with. */
public record ZoneData(HostedZone zone, List<RecordSet> recordSets, List<String> vpcIds) {
  public ZoneData {
    recordSets = List.copyOf(recordSets);
    vpcIds = List.copyOf(vpcIds);
  }
}
