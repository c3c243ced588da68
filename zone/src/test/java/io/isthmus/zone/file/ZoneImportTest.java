package io.isthmus.zone.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.AliasTarget;
import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingPolicy;
import io.isthmus.zone.ApexRecords;
import io.isthmus.zone.file.ZoneImport.Mode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class ZoneImportTest {
  private static final String ZONE = "example.com.";
  private static final List<RecordSet> APEX = ApexRecords.defaults(ZONE);

  static ZoneImport.Result plan(List<RecordSet> existing, String text, Mode mode)
      throws IOException {
    MasterFile file =
        MasterFileReader.read(new StringReader(text), Name.fromConstantString(ZONE), 1000);
    return ZoneImport.plan(ZONE, existing, file, mode);
  }

  private static List<RecordSet> with(RecordSet... sets) {
    List<RecordSet> all = new ArrayList<>(APEX);
    all.addAll(List.of(sets));
    return all;
  }

  private static List<String> errors(ZoneImport.Result result) {
    return result.errors().stream().map(e -> e.field() + ": " + e.message()).toList();
  }

  @Test
  void recordsAreGroupedIntoSetsInFileOrderAndDuplicatesDropped() throws IOException {
    ZoneImport.Result result =
        plan(
            APEX,
            """
            $TTL 300
            www A 192.0.2.1
            mail A 192.0.2.9
            www A 192.0.2.2
            www A 192.0.2.1
            WWW AAAA 2001:db8::1
            """,
            Mode.MERGE);
    assertThat(result.ok()).isTrue();
    assertThat(result.recordCount()).isEqualTo(5);
    assertThat(result.batch().put())
        .containsExactly(
            RecordSet.simple("www.example.com.", "A", 300, List.of("192.0.2.1", "192.0.2.2")),
            RecordSet.simple("mail.example.com.", "A", 300, List.of("192.0.2.9")),
            RecordSet.simple("www.example.com.", "AAAA", 300, List.of("2001:db8:0:0:0:0:0:1")));
    assertThat(result.ttlsNormalized()).isEmpty();
  }

  @Test
  void differentTtlsInOneSetTakeTheLowestAndAreNamed() throws IOException {
    ZoneImport.Result result =
        plan(APEX, "www 300 A 192.0.2.1\nwww 60 A 192.0.2.2\nwww 600 A 192.0.2.3\n", Mode.MERGE);
    assertThat(result.batch().put())
        .containsExactly(
            RecordSet.simple(
                "www.example.com.", "A", 60, List.of("192.0.2.1", "192.0.2.2", "192.0.2.3")));
    assertThat(result.ttlsNormalized()).containsExactly("www.example.com. A");
  }

  @Test
  void apexSoaAndNsAreReadThenIgnored() throws IOException {
    ZoneImport.Result result =
        plan(
            APEX,
            """
            $TTL 300
            @ SOA ns1 hostmaster 5 7200 900 1209600 86400
            @ NS ns1
            @ NS ns2
            sub NS ns1.other.org.
            @ A 192.0.2.1
            """,
            Mode.MERGE);
    assertThat(result.ok()).isTrue();
    assertThat(result.ignoredApexRecords()).isEqualTo(3);
    assertThat(result.batch().recordSets()).containsAll(APEX);
    assertThat(result.batch().put())
        .containsExactly(
            RecordSet.simple("sub.example.com.", "NS", 300, List.of("ns1.other.org.")),
            RecordSet.simple("example.com.", "A", 300, List.of("192.0.2.1")));
  }

  @Test
  void anApexSoaWithBadSyntaxIsStillAnError() throws IOException {
    assertThat(errors(plan(APEX, "$TTL 300\n@ SOA ns1 hostmaster 5\nx A 192.0.2.1\n", Mode.MERGE)))
        .containsExactly("line 2: invalid SOA record: expected a TTL-like value");
  }

  @Test
  void mergeUpsertsTheFileAndKeepsTheRest() throws IOException {
    RecordSet kept = RecordSet.simple("kept.example.com.", "A", 60, List.of("192.0.2.7"));
    RecordSet old = RecordSet.simple("www.example.com.", "A", 60, List.of("192.0.2.8"));
    ZoneImport.Result result = plan(with(kept, old), "www 30 A 192.0.2.1\n", Mode.MERGE);
    assertThat(result.batch().deleted()).isEmpty();
    assertThat(result.batch().recordSets())
        .containsExactlyInAnyOrder(
            APEX.get(0),
            APEX.get(1),
            kept,
            RecordSet.simple("www.example.com.", "A", 30, List.of("192.0.2.1")));
  }

  @Test
  void replaceDeletesEverythingElseButTheApexSoaAndNs() throws IOException {
    RecordSet gone = RecordSet.simple("gone.example.com.", "A", 60, List.of("192.0.2.7"));
    RecordSet target = RecordSet.simple("t.example.com.", "A", 60, List.of("192.0.2.6"));
    RecordSet alias =
        new RecordSet(
            "alias.example.com.",
            "A",
            null,
            List.of(),
            null,
            RoutingPolicy.SIMPLE,
            null,
            new AliasTarget("t.example.com.", false));
    RecordSet weighted =
        RecordSet.routed(
            "www.example.com.",
            "A",
            60,
            List.of("192.0.2.5"),
            "w1",
            new RoutingPolicy.Weighted(10),
            null);
    ZoneImport.Result result =
        plan(with(gone, target, alias, weighted), "www 30 A 192.0.2.1\n", Mode.REPLACE);
    assertThat(errors(result)).isEmpty();
    assertThat(result.batch().deleted())
        .containsExactlyInAnyOrder(gone.key(), target.key(), alias.key(), weighted.key());
    assertThat(result.batch().recordSets())
        .containsExactly(
            APEX.get(0),
            APEX.get(1),
            RecordSet.simple("www.example.com.", "A", 30, List.of("192.0.2.1")));
  }

  @Test
  void replaceKeepsAnImportedSetInPlaceInsteadOfDeletingIt() throws IOException {
    RecordSet same = RecordSet.simple("www.example.com.", "A", 30, List.of("192.0.2.1"));
    ZoneImport.Result result = plan(with(same), "www 30 A 192.0.2.1\n", Mode.REPLACE);
    assertThat(result.batch().deleted()).isEmpty();
    assertThat(result.batch().put()).isEmpty();
  }

  @Test
  void batchRulesAreReportedAtTheLineOfTheSetsFirstRecordOrOfTheLastSetAtTheName()
      throws IOException {
    ZoneImport.Result result =
        plan(
            APEX,
            """
            $TTL 300
            alias CNAME www
            ok A 192.0.2.1
            alias A 192.0.2.2
            sub SOA ns1 hostmaster 5 7200 900 1209600 86400
            big 4294967295 A 192.0.2.3
            loc LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
            @ CNAME www
            """,
            Mode.MERGE);
    assertThat(errors(result))
        .containsExactly(
            "line 4: alias.example.com. A: CNAME cannot coexist with other record types at"
                + " alias.example.com.",
            "line 5: sub.example.com. SOA: SOA is only allowed at the zone apex",
            "line 6: TTL 4294967295 is above 2147483647",
            "line 7: loc.example.com. LOC: unsupported record type LOC",
            "line 8: example.com. CNAME: CNAME is not allowed at the zone apex");
    assertThat(result.batch()).isNull();
  }

  @Test
  void fileErrorsAndBatchErrorsAreListedTogetherInLineOrder() throws IOException {
    ZoneImport.Result result =
        plan(APEX, "$TTL 300\nc CNAME x\n$INCLUDE f\nc A 192.0.2.1\nd A nope\n", Mode.MERGE);
    assertThat(result.errors().stream().map(FieldError::field))
        .containsExactly("line 3", "line 4", "line 5");
  }

  @Test
  void aFileWithNothingToImportIsAnError() throws IOException {
    assertThat(errors(plan(APEX, "; nothing\n$TTL 300\n@ NS ns1\n", Mode.MERGE)))
        .containsExactly(
            "body: the zone file holds no record to import besides the apex SOA and NS");
    assertThat(errors(plan(APEX, "$INCLUDE x\n", Mode.MERGE)))
        .containsExactly(
            "line 1: $INCLUDE is not supported: an import is one file; put the"
                + " included records in it");
  }

  @Test
  void replaceWithAnEmptyFileEmptiesTheZone() throws IOException {
    RecordSet gone = RecordSet.simple("gone.example.com.", "A", 60, List.of("192.0.2.7"));
    ZoneImport.Result result = plan(with(gone), "$TTL 300\n", Mode.REPLACE);
    assertThat(result.batch().deleted()).containsExactly(gone.key());
    assertThat(result.batch().recordSets()).isEqualTo(APEX);
  }

  @Test
  void mergingASimpleSetIntoARoutedGroupIsAnErrorAtItsLine() throws IOException {
    RecordSet weighted =
        RecordSet.routed(
            "www.example.com.",
            "A",
            60,
            List.of("192.0.2.5"),
            "w1",
            new RoutingPolicy.Weighted(10),
            null);
    assertThat(errors(plan(with(weighted), "www 30 A 192.0.2.1\n", Mode.MERGE)))
        .containsExactly(
            "line 1: www.example.com. A: a simple record set and routed record sets cannot share"
                + " www.example.com. A");
  }

  @Test
  void keyOfAnImportedSetIsNormalized() throws IOException {
    ZoneImport.Result result = plan(APEX, "WWW.Example.COM. 30 A 192.0.2.1\n", Mode.MERGE);
    assertThat(result.batch().put().get(0).key())
        .isEqualTo(new RecordSetKey("www.example.com.", "A", null));
  }
}
