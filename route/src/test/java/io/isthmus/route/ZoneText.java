package io.isthmus.route;

import io.isthmus.config.RecordSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Test helper: record sets from zone-file text, the way an operator would write them. */
final class ZoneText {
  private ZoneText() {}

  static List<RecordSet> parse(String origin, String text) {
    try (Master master =
        new Master(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            Name.fromString(origin),
            300)) {
      Map<String, List<Record>> byKey = new LinkedHashMap<>();
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        byKey
            .computeIfAbsent(
                r.getName().toString().toLowerCase() + " " + Type.string(r.getType()),
                k -> new ArrayList<>())
            .add(r);
      }
      List<RecordSet> sets = new ArrayList<>();
      for (List<Record> records : byKey.values()) {
        Record first = records.get(0);
        sets.add(
            RecordSet.simple(
                first.getName().toString().toLowerCase(),
                Type.string(first.getType()),
                first.getTTL(),
                records.stream().map(Record::rdataToString).toList()));
      }
      return sets;
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
