package io.isthmus.zone;

import io.isthmus.config.RecordSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Test helper: zones written inline in zone-file syntax, as record sets of the configuration model
 * (the dnsjava part is test-support's {@link io.isthmus.testsupport.ZoneFiles}).
 */
final class ZoneFiles {
  private ZoneFiles() {}

  /** The records of a zone file whose {@code $ORIGIN} is {@code origin}. */
  static List<Record> records(String origin, String text) {
    return io.isthmus.testsupport.ZoneFiles.records(origin, text);
  }

  /** The zone file as stored record sets: one simple set per owner and type, TTL of the first. */
  static List<RecordSet> recordSets(String origin, String text) {
    Map<String, List<Record>> sets = new LinkedHashMap<>();
    for (Record record : records(origin, text)) {
      String key = record.getName().toString().toLowerCase(Locale.ROOT) + " " + record.getType();
      sets.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
    }
    List<RecordSet> result = new ArrayList<>();
    sets.values()
        .forEach(
            set ->
                result.add(
                    RecordSet.simple(
                        set.get(0).getName().toString().toLowerCase(Locale.ROOT),
                        Type.string(set.get(0).getType()),
                        set.get(0).getTTL(),
                        set.stream().map(Record::rdataToString).toList())));
    return result;
  }
}
