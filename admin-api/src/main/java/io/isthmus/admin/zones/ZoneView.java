package io.isthmus.admin.zones;

import io.isthmus.config.HostedZone;
import io.isthmus.config.Vpc;
import java.util.List;

/**
 * A hosted zone with the VPCs it is associated with (of any account) and its number of record sets,
 * as Route 53's GetHostedZone reports it. Immutable.
 */
public record ZoneView(HostedZone zone, List<Vpc> vpcs, int recordSetCount) {
  public ZoneView {
    vpcs = List.copyOf(vpcs);
  }
}
