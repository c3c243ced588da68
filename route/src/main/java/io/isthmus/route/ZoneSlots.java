package io.isthmus.route;

import io.isthmus.zone.CompiledZone;
import java.util.Arrays;
import java.util.Map;

/**
 * The compiled zones of a {@link Snapshot}, each at the slot its {@link Route.HostedZone}s name:
 * the query path finds a zone with one array read, where a map by zone id took a hash, a table
 * probe and a key comparison, each a likely cache miss in a node serving a large zone. Slots are
 * given by {@link SnapshotCompiler} and kept while the zone exists, so route tables that name a
 * slot stay valid when the zone's record sets change. Immutable.
 */
public final class ZoneSlots {
  public static final ZoneSlots EMPTY = new ZoneSlots(new CompiledZone[0], Map.of());

  /** By slot; null where no zone is. */
  private final CompiledZone[] zones;

  /** Zone id → slot. */
  private final Map<String, Integer> slots;

  private ZoneSlots(CompiledZone[] zones, Map<String, Integer> slots) {
    this.zones = zones;
    this.slots = slots;
  }

  /**
   * The zones at their slots.
   *
   * @param slots zone id → slot, one zone per slot
   * @param zones zone id → compiled zone, the same ids
   * @throws IllegalArgumentException if the ids differ or two zones share a slot
   */
  static ZoneSlots of(Map<String, Integer> slots, Map<String, CompiledZone> zones) {
    if (!slots.keySet().equals(zones.keySet())) {
      throw new IllegalArgumentException("slots for other zones than those compiled");
    }
    int size = slots.values().stream().mapToInt(slot -> slot + 1).max().orElse(0);
    CompiledZone[] bySlot = new CompiledZone[size];
    slots.forEach(
        (id, slot) -> {
          if (bySlot[slot] != null) {
            throw new IllegalArgumentException("two zones at slot " + slot);
          }
          bySlot[slot] = zones.get(id);
        });
    return new ZoneSlots(bySlot, Map.copyOf(slots));
  }

  /** The zone at {@code slot}; null if none is there. */
  public CompiledZone get(int slot) {
    return slot < zones.length ? zones[slot] : null;
  }

  /** The zone of id {@code id}, or null. */
  public CompiledZone byId(String id) {
    Integer slot = slots.get(id);
    return slot == null ? null : zones[slot];
  }

  /** The slot of the zone of id {@code id}, or null. */
  Integer slotOf(String id) {
    return slots.get(id);
  }

  /**
   * These zones with some replaced by id, each at its slot.
   *
   * @throws IllegalArgumentException if a replaced zone has no slot here
   */
  ZoneSlots replacing(Map<String, CompiledZone> replaced) {
    CompiledZone[] next = zones.clone();
    replaced.forEach(
        (id, zone) -> {
          Integer slot = slots.get(id);
          if (slot == null) {
            throw new IllegalArgumentException("no slot for zone " + id);
          }
          next[slot] = zone;
        });
    return new ZoneSlots(next, slots);
  }

  /** The same zones (by identity) at the same slots. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ZoneSlots other
        && Arrays.equals(other.zones, zones)
        && other.slots.equals(slots);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(zones);
  }

  @Override
  public String toString() {
    return "ZoneSlots" + Arrays.toString(zones);
  }
}
