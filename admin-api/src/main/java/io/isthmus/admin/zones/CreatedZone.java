package io.isthmus.admin.zones;

import io.isthmus.admin.changes.ChangeInfo;

/** A new hosted zone and the change that created it. Immutable. */
public record CreatedZone(ZoneView zone, ChangeInfo change) {}
