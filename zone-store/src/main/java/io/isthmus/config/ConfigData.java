package io.isthmus.config;

import java.util.List;

/**
 * Everything the data plane needs, read in one consistent transaction: the input of the snapshot
 * compiler. {@code version} is the configuration version this data reflects. Immutable.
 */
public record ConfigData(long version, List<Vpc> vpcs, List<ZoneData> zones) {
  public ConfigData {
    vpcs = List.copyOf(vpcs);
    zones = List.copyOf(zones);
  }
}
