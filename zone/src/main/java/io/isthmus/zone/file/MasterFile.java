package io.isthmus.zone.file;

import java.util.List;

/**
 * A master file as {@link MasterFileReader} read it: the records it could read, in file order, and
 * every problem found, in line order. Immutable.
 */
public record MasterFile(List<MasterRecord> records, List<LineError> errors) {
  public MasterFile {
    records = List.copyOf(records);
    errors = List.copyOf(errors);
  }

  /** How many records the file holds (those read without error). */
  public int recordCount() {
    return records.size();
  }
}
