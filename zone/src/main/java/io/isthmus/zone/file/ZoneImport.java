package io.isthmus.zone.file;

import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.zone.ChangeBatch;
import io.isthmus.zone.RecordChange;
import io.isthmus.zone.RecordSetSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Turns a master file into one change batch on a zone ({@code POST /v1/hostedzones/{id}/import},
 * docs/api.md "Zone files"), checked by {@link ChangeBatch} like any other batch, with every
 * problem reported at the line of the file it comes from.
 *
 * <ul>
 *   <li>Records are grouped into record sets by owner and type, in the order of their first record.
 *       A record repeated in a set is kept once (an RRset is a set, RFC 2181 section 5), as BIND
 *       does. Records of one set with different TTLs are deprecated by RFC 2181 section 5.2; the
 *       set takes the lowest of them, as that section tells a resolver to, and the result says
 *       which sets were normalized.
 *   <li>The SOA and the NS records at the apex are read (so their syntax is checked) and then
 *       ignored, as Route 53's zone file import does: the zone keeps its own. An SOA elsewhere is
 *       an error, as in any change batch.
 *   <li>{@link Mode#MERGE} UPSERTs every imported set and leaves the others; {@link Mode#REPLACE}
 *       also deletes every other record set (routed, alias and health-checked sets included),
 *       except the apex SOA and NS.
 * </ul>
 *
 * The ordinary batch limit ({@link ChangeBatch#MAX_RECORDS}) does not apply: the caller bounds the
 * file while reading it ({@link ChangeBatch#applyZoneFile}). Stateless.
 */
public final class ZoneImport {
  /** How an import treats the record sets the file does not hold. */
  public enum Mode {
    MERGE,
    REPLACE
  }

  /** The field of the problems that belong to no line of the file. */
  public static final String BODY_FIELD = "body";

  private static final Pattern CHANGE_PATH = Pattern.compile("^changes\\[(\\d+)]");

  private ZoneImport() {}

  /**
   * The change batch that imports {@code file} into the zone holding {@code existing}, applied by
   * {@link ChangeBatch} to a working copy.
   *
   * @param zoneName the zone's normalized name
   * @param existing the zone's record sets as stored
   * @return errors (field {@code "line N"} or {@link #BODY_FIELD}), or the batch's result
   */
  public static Result plan(String zoneName, List<RecordSet> existing, MasterFile file, Mode mode) {
    Name zone = Name.fromConstantString(zoneName);
    Map<SetKey, ImportedSet> sets = group(file.records());
    List<RecordChange> changes = new ArrayList<>();
    List<ImportedSet> origins = new ArrayList<>();
    if (mode == Mode.REPLACE) {
      Set<RecordSetKey> imported = new HashSet<>();
      sets.values().forEach(set -> imported.add(set.key()));
      for (RecordSet rrset : existing) {
        if (!isApexSoaOrNs(rrset.name(), rrset.type(), zoneName)
            && !imported.contains(rrset.key())) {
          changes.add(new RecordChange("DELETE", rrset));
          origins.add(null);
        }
      }
    }
    List<String> normalized = new ArrayList<>();
    int ignored = 0;
    for (ImportedSet set : sets.values()) {
      if (set.owner.equals(zone) && (set.type == Type.SOA || set.type == Type.NS)) {
        ignored += set.records.size();
        continue;
      }
      if (set.ttlsDiffer) {
        normalized.add(set.name() + " " + Type.string(set.type));
      }
      changes.add(new RecordChange("UPSERT", set.spec()));
      origins.add(set);
    }
    List<LineError> errors = new ArrayList<>(file.errors());
    List<FieldError> bodyErrors = new ArrayList<>();
    ChangeBatch.Result batch = null;
    if (changes.isEmpty()) {
      if (errors.isEmpty()) {
        bodyErrors.add(
            new FieldError(
                BODY_FIELD, "the zone file holds no record to import besides the apex SOA and NS"));
      }
    } else {
      batch = ChangeBatch.applyZoneFile(zoneName, existing, changes);
      for (FieldError error : batch.errors()) {
        locate(error, origins, errors, bodyErrors);
      }
    }
    if (!errors.isEmpty() || !bodyErrors.isEmpty() || batch == null) {
      errors.sort(Comparator.comparingInt(LineError::line));
      List<FieldError> all = new ArrayList<>(bodyErrors);
      errors.forEach(error -> all.add(new FieldError("line " + error.line(), error.message())));
      return new Result(all, null, normalized, ignored, file.recordCount());
    }
    return new Result(List.of(), batch, normalized, ignored, file.recordCount());
  }

  private static boolean isApexSoaOrNs(String name, String type, String zone) {
    return name.equals(zone) && (type.equals("SOA") || type.equals("NS"));
  }

  /** The sets of the file in the order of their first record, duplicates dropped. */
  private static Map<SetKey, ImportedSet> group(List<MasterRecord> records) {
    // At most one set per record; sized so that a large file does not rehash it as it grows.
    Map<SetKey, ImportedSet> sets = new LinkedHashMap<>((int) (records.size() / 0.75f) + 1);
    for (MasterRecord record : records) {
      String owner = record.owner().toString();
      sets.computeIfAbsent(
              new SetKey(owner.toLowerCase(Locale.ROOT), record.type()),
              key ->
                  new ImportedSet(
                      record.owner(), owner, record.type(), record.line(), record.ttl()))
          .add(record);
    }
    return sets;
  }

  /**
   * Reports a batch error at the line of the first record of the set it concerns (the records
   * themselves were read without error); an error of a deleted set belongs to no line.
   */
  private static void locate(
      FieldError error,
      List<ImportedSet> origins,
      List<LineError> lineErrors,
      List<FieldError> bodyErrors) {
    Matcher path = CHANGE_PATH.matcher(error.field());
    ImportedSet set = path.find() ? origins.get(Integer.parseInt(path.group(1))) : null;
    if (set == null) {
      bodyErrors.add(new FieldError(BODY_FIELD, error.message()));
      return;
    }
    lineErrors.add(
        new LineError(
            set.firstLine, set.name() + " " + Type.string(set.type) + ": " + error.message()));
  }

  /**
   * The owner as text, lower-cased: names are equal regardless of ASCII case (RFC 4343), and the
   * hash of the text spreads names that dnsjava's {@code Name.hashCode} does not (the digits of
   * "h1" to "h500000" collide there, and the map then keeps searching trees of colliding names).
   */
  private record SetKey(String owner, int type) {}

  /** A record set being collected from the file. Not thread-safe. */
  private static final class ImportedSet {
    final Name owner;
    final int type;
    final int firstLine;
    final String name;
    final List<String> records = new ArrayList<>();
    final Set<ByteBuffer> seen = new HashSet<>();
    long ttl;
    boolean ttlsDiffer;

    ImportedSet(Name owner, String text, int type, int firstLine, long ttl) {
      this.owner = owner;
      this.type = type;
      this.firstLine = firstLine;
      this.ttl = ttl;
      // ChangeBatch reports a name that does not normalize.
      this.name = DnsNames.normalize(text).orElse(text);
    }

    void add(MasterRecord record) {
      if (record.ttl() != ttl) {
        ttlsDiffer = true;
        ttl = Math.min(ttl, record.ttl());
      }
      if (seen.add(ByteBuffer.wrap(record.canonical()))) {
        records.add(record.rdata());
      }
    }

    String name() {
      return name;
    }

    RecordSetKey key() {
      return new RecordSetKey(name(), Type.string(type), null);
    }

    RecordSetSpec spec() {
      return new RecordSetSpec(name(), Type.string(type), ttl, records, null, null, null, null);
    }
  }

  /**
   * The outcome of {@link #plan}: either {@code errors} (every problem, those of the whole file
   * first, then by line), or the valid {@code batch} to store. {@code ttlsNormalized} names the
   * sets ("name TYPE") whose records had different TTLs; {@code ignoredApexRecords} counts the apex
   * SOA and NS records left out. Immutable.
   */
  public record Result(
      List<FieldError> errors,
      ChangeBatch.Result batch,
      List<String> ttlsNormalized,
      int ignoredApexRecords,
      int recordCount) {
    public Result {
      errors = List.copyOf(errors);
      ttlsNormalized = List.copyOf(ttlsNormalized);
    }

    public boolean ok() {
      return errors.isEmpty();
    }
  }
}
