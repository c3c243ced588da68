package io.isthmus.zone.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.zone.ApexRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterFileWriterTest {
  private static final String ZONE = "example.com.";

  private static String write(List<RecordSet> sets) throws IOException {
    StringBuilder out = new StringBuilder();
    MasterFileWriter.write(ZONE, sets, out);
    return out.toString();
  }

  @Test
  void originAndTtlThenSoaThenCanonicalOrderWithRelativeOwners() throws IOException {
    List<RecordSet> sets = new ArrayList<>();
    sets.add(RecordSet.simple("z.example.com.", "A", 60, List.of("192.0.2.3")));
    sets.add(RecordSet.simple("a.example.com.", "TXT", 60, List.of("\"t\"")));
    sets.add(RecordSet.simple("a.example.com.", "A", 60, List.of("192.0.2.1", "192.0.2.2")));
    sets.add(RecordSet.simple("*.z.example.com.", "A", 60, List.of("192.0.2.4")));
    sets.addAll(ApexRecords.defaults(ZONE));
    sets.add(RecordSet.simple("example.com.", "MX", 300, List.of("10 mail.example.com.")));
    assertThat(write(sets))
        .isEqualTo(
            """
            $ORIGIN example.com.
            $TTL 900
            @\t900\tIN\tSOA\tns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 86400
            @\t172800\tIN\tNS\tns-0.isthmus.internal.
            @\t300\tIN\tMX\t10 mail.example.com.
            a\t60\tIN\tA\t192.0.2.1
            a\t60\tIN\tA\t192.0.2.2
            a\t60\tIN\tTXT\t"t"
            z\t60\tIN\tA\t192.0.2.3
            *.z\t60\tIN\tA\t192.0.2.4
            """);
  }

  @Test
  void routedAliasAndHealthCheckedSetsAreListedInACommentInstead() throws IOException {
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(ZONE));
    sets.add(
        RecordSet.routed(
            "w.example.com.",
            "A",
            60,
            List.of("192.0.2.1"),
            "one\nline",
            new RoutingPolicy.Weighted(1),
            null));
    sets.add(
        new RecordSet(
            "al.example.com.",
            "A",
            null,
            List.of(),
            null,
            RoutingPolicy.SIMPLE,
            null,
            new AliasTarget("w.example.com.", true)));
    sets.add(
        new RecordSet(
            "hc.example.com.",
            "A",
            60L,
            List.of("192.0.2.2"),
            null,
            RoutingPolicy.SIMPLE,
            "check-1",
            null));
    String text = write(sets);
    assertThat(text)
        .endsWith(
            """
            ; Not exported: a master file cannot express routing policies, aliases or health checks.
            ; al.example.com. A alias
            ; hc.example.com. A health check "check-1"
            ; w.example.com. A set "one?line"
            """);
    assertThat(text).doesNotContain("192.0.2.1").doesNotContain("192.0.2.2");
  }

  @Test
  void aZoneWithoutSoaHasNoTtlDirective() throws IOException {
    assertThat(write(List.of(RecordSet.simple("a.example.com.", "A", 5, List.of("192.0.2.1")))))
        .isEqualTo("$ORIGIN example.com.\na\t5\tIN\tA\t192.0.2.1\n");
  }
}
