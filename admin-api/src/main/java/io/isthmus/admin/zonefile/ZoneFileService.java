package io.isthmus.admin.zonefile;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.changes.ChangeInfo;
import io.isthmus.admin.changes.ChangeService;
import io.isthmus.admin.limits.ImportLimits;
import io.isthmus.admin.lint.LintWarning;
import io.isthmus.admin.lint.Shadows;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.problem.RequestBodyTooLarge;
import io.isthmus.admin.rrsets.BatchWrites;
import io.isthmus.admin.zones.ZoneAccess;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.FieldError;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.zone.ChangeBatch;
import io.isthmus.zone.file.MasterFile;
import io.isthmus.zone.file.MasterFileReader;
import io.isthmus.zone.file.MasterFileWriter;
import io.isthmus.zone.file.TooManyRecords;
import io.isthmus.zone.file.ZoneImport;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.xbill.DNS.Name;

/**
 * Zone files in and out (docs/api.md "Zone files"): an import is one change batch built by {@link
 * ZoneImport}, all or nothing, recorded and audited like any other change; an export is the zone's
 * record sets as {@link MasterFileWriter} writes them. Imports are limited by {@link ImportLimits}
 * instead of a change batch's 1,000 records. Thread-safe.
 */
@Service
public class ZoneFileService {
  /** An import's problem lists at most this many errors; the detail gives the total. */
  static final int MAX_REPORTED_ERRORS = 1000;

  /** Sets named in the warning about normalized TTLs, at most. */
  static final int MAX_NAMED_SETS = 10;

  private final ConfigStore store;
  private final ChangeService changes;
  private final ImportLimits limits;

  public ZoneFileService(
      ConfigStore store, ChangeService changes, ObjectProvider<ImportLimits> limits) {
    this.store = store;
    this.changes = changes;
    this.limits = limits.getIfAvailable(ImportLimits::defaults);
  }

  /**
   * Imports the master file {@code body} into the caller's zone. The zone is checked before the
   * body is read (a stranger learns nothing and costs no parsing); the file is read outside the
   * store's write transaction, which then re-reads the zone and applies the batch on its current
   * record sets.
   */
  public ChangeInfo importFile(
      Caller caller, String zoneId, Supplier<Reader> body, ZoneImport.Mode mode) {
    HostedZone zone = ZoneAccess.owned(store, caller, zoneId);
    MasterFile file;
    try (Reader text = body.get()) {
      file = read(text, zone.name());
    } catch (IOException e) {
      throw unreadable(e);
    }
    return store.write(
        w -> {
          HostedZone current = ZoneAccess.owned(w, caller, zoneId);
          List<RecordSet> stored = w.recordSets(current.id());
          ZoneImport.Result result = ZoneImport.plan(current.name(), stored, file, mode);
          if (!result.ok()) {
            throw rejected(result.errors());
          }
          ChangeBatch.Result batch = result.batch();
          BatchWrites.store(w, current.id(), stored, batch);
          List<String> putNames = batch.put().stream().map(RecordSet::name).distinct().toList();
          List<LintWarning> warnings = new ArrayList<>(warnings(result));
          warnings.addAll(Shadows.ofRecordSets(w, caller, current, putNames));
          String comment =
              "zone file import ("
                  + mode.name().toLowerCase(Locale.ROOT)
                  + "): "
                  + result.recordCount()
                  + " records";
          return changes.record(w, caller, comment).withWarnings(warnings);
        });
  }

  /** The zone as a master file; readable by its owner and the operator. */
  public String export(Caller caller, String zoneId) {
    HostedZone zone = ZoneAccess.readable(store, caller, zoneId);
    StringBuilder out = new StringBuilder();
    try {
      MasterFileWriter.write(zone.name(), store.recordSets(zone.id()), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return out.toString();
  }

  private MasterFile read(Reader body, String zoneName) {
    try {
      return MasterFileReader.read(body, Name.fromConstantString(zoneName), limits.maxRecords());
    } catch (TooManyRecords e) {
      throw new ApiException(
          413,
          "RequestTooLarge",
          "The zone file holds more than "
              + limits.maxRecords()
              + " records, the import limit (isthmus.admin.import.max-records).",
          List.of());
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * The exception to throw when the body of an import cannot be read: 413 naming the import's limit
   * when it is too large, else the read error itself.
   */
  static RuntimeException unreadable(IOException e) {
    RequestBodyTooLarge tooLarge = RequestBodyTooLarge.in(e);
    if (tooLarge != null) {
      return new ApiException(
          413,
          "RequestTooLarge",
          "The zone file is larger than "
              + tooLarge.maxBytes()
              + " bytes, the import limit (isthmus.admin.import.max-body-size).",
          List.of());
    }
    return new UncheckedIOException(e);
  }

  private static ApiException rejected(List<FieldError> errors) {
    String detail =
        "The zone file was rejected as a whole: "
            + errors.size()
            + " problem(s)"
            + (errors.size() > MAX_REPORTED_ERRORS
                ? ", the first " + MAX_REPORTED_ERRORS + " listed."
                : ".");
    return new ApiException(
        400,
        "InvalidZoneFile",
        detail,
        errors.size() > MAX_REPORTED_ERRORS ? errors.subList(0, MAX_REPORTED_ERRORS) : errors);
  }

  private static List<LintWarning> warnings(ZoneImport.Result result) {
    List<LintWarning> warnings = new ArrayList<>();
    if (result.ignoredApexRecords() > 0) {
      warnings.add(
          new LintWarning(
              "ZoneFileApexIgnored",
              result.ignoredApexRecords()
                  + " SOA and NS record(s) at the zone apex were ignored: the zone keeps its own."));
    }
    List<String> normalized = result.ttlsNormalized();
    if (!normalized.isEmpty()) {
      // RFC 2181 section 5.2: the records of a set share one TTL.
      warnings.add(
          new LintWarning(
              "ZoneFileTtlsNormalized",
              normalized.size()
                  + " record set(s) had records with different TTLs and took the lowest: "
                  + String.join(
                      ", ", normalized.subList(0, Math.min(MAX_NAMED_SETS, normalized.size())))
                  + (normalized.size() > MAX_NAMED_SETS ? ", ..." : "")
                  + "."));
    }
    return warnings;
  }
}
