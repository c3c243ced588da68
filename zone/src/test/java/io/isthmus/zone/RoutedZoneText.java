package io.isthmus.zone;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test helper: record sets with routing policies written inline, one record per line, in zone-file
 * order ({@code owner ttl type rdata}) with the Route 53 fields after a bar:
 *
 * <pre>
 * www  60 A 10.0.0.1
 * fo   60 A 10.0.1.1 | id=p failover=PRIMARY health=hc-p
 * fo   60 A 10.0.1.2 | id=s failover=SECONDARY
 * @       A          | alias=www
 * svc     A          | id=blue weight=1 alias=blue eth
 * </pre>
 *
 * An alias line has no ttl and no rdata. Lines with the same owner, type and {@code id} are one
 * record set. Owners are relative to the origin unless they end with a dot; {@code @} is the
 * origin. The zone's apex SOA and NS come from {@link ApexRecords}. Lines starting with {@code #}
 * are comments.
 */
final class RoutedZoneText {
  private RoutedZoneText() {}

  static List<RecordSet> parse(String origin, String text) {
    Map<String, RecordSet> sets = new LinkedHashMap<>();
    for (RecordSet apex : ApexRecords.defaults(origin)) {
      sets.put(apex.name() + " " + apex.type() + " null", apex);
    }
    for (String line : text.strip().split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\|", 2);
      Map<String, String> fields = new HashMap<>();
      if (parts.length > 1) {
        for (String field : parts[1].trim().split("\\s+")) {
          String[] pair = field.split("=", 2);
          fields.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
      }
      boolean alias = fields.containsKey("alias");
      String[] left = parts[0].trim().split("\\s+", alias ? 2 : 4);
      String name = absolute(left[0], origin);
      String type = (alias ? left[1] : left[2]).toUpperCase(Locale.ROOT);
      Long ttl = alias ? null : Long.valueOf(left[1]);
      List<String> records = alias ? List.of() : List.of(left[3]);
      String id = fields.get("id");
      String key = name + " " + type + " " + id;
      RecordSet previous = sets.get(key);
      if (previous != null) {
        List<String> merged = new ArrayList<>(previous.records());
        merged.addAll(records);
        records = merged;
      }
      sets.put(
          key,
          new RecordSet(
              name,
              type,
              ttl,
              records,
              id,
              new RoutingFields(
                      fields.get("failover"),
                      fields.containsKey("weight") ? Integer.valueOf(fields.get("weight")) : null,
                      fields.containsKey("multivalue") ? Boolean.TRUE : null,
                      fields.get("region"))
                  .toPolicy(),
              fields.get("health"),
              alias
                  ? new AliasTarget(
                      absolute(fields.get("alias"), origin), fields.containsKey("eth"))
                  : null));
    }
    return List.copyOf(sets.values());
  }

  private static String absolute(String name, String origin) {
    if (name.equals("@")) {
      return origin;
    }
    return (name.endsWith(".") ? name : name + "." + origin).toLowerCase(Locale.ROOT);
  }

  /** Splits a comma-separated list (for table-driven tests). */
  static List<String> list(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank()
        ? List.of()
        : Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
  }
}
