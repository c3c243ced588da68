package io.isthmus.admin.rrsets;

import io.isthmus.config.ConfigWriter;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.zone.ChangeBatch;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Stores a valid change batch in the write that read the record sets it was checked against. */
public final class BatchWrites {
  private BatchWrites() {}

  /**
   * Deletes and puts what {@code batch} says. A set whose key is not among {@code read} (what the
   * write read at the batch's names, or the whole zone) is inserted without an attempt to replace
   * one: a zone file of new names costs one statement per set, not two.
   */
  public static void store(
      ConfigWriter writer, String zoneId, Collection<RecordSet> read, ChangeBatch.Result batch) {
    Set<RecordSetKey> stored = new HashSet<>();
    read.forEach(set -> stored.add(set.key()));
    batch.deleted().forEach(key -> writer.deleteRecordSet(zoneId, key));
    for (RecordSet set : batch.put()) {
      if (stored.contains(set.key())) {
        writer.putRecordSet(zoneId, set);
      } else {
        writer.insertRecordSet(zoneId, set);
      }
    }
  }
}
