package io.isthmus.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Zones written inline in zone-file syntax (RFC 1035 section 5), read by dnsjava. Stateless. */
public final class ZoneFiles {
  private static final long DEFAULT_TTL = 300;

  private ZoneFiles() {}

  /** The records of a zone file whose {@code $ORIGIN} is {@code origin}, TTL 300 by default. */
  public static List<Record> records(String origin, String text) {
    List<Record> records = new ArrayList<>();
    try (Master master =
        new Master(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            Name.fromString(origin),
            DEFAULT_TTL)) {
      for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
        records.add(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }
}
