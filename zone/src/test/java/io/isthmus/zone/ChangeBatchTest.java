package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.RoutingFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChangeBatchTest {
  static final String ZONE = "example.com.";
  static final RecordSet WWW = RecordSet.simple("www.example.com.", "A", 300, List.of("10.0.0.1"));
  static final RecordSet ALIAS =
      RecordSet.simple("alias.example.com.", "CNAME", 300, List.of("www.example.com."));
  static final List<RecordSet> EXISTING = existing();

  static List<RecordSet> existing() {
    List<RecordSet> sets = new ArrayList<>(ApexRecords.defaults(ZONE));
    sets.add(WWW);
    sets.add(ALIAS);
    return List.copyOf(sets);
  }

  static ChangeBatch.Result apply(RecordChange... changes) {
    return ChangeBatch.apply(ZONE, EXISTING, List.of(changes), id -> id.equals("hc-1"));
  }

  static RecordChange change(String action, String name, String type, Long ttl, String... records) {
    return new RecordChange(
        action, new RecordSetSpec(name, type, ttl, List.of(records), null, null, null, null));
  }

  static RecordChange create(String name, String type, String... records) {
    return change("CREATE", name, type, 300L, records);
  }

  static List<FieldError> errors(ChangeBatch.Result result) {
    assertThat(result.ok()).isFalse();
    assertThat(result.recordSets()).isEqualTo(EXISTING);
    assertThat(result.deleted()).isEmpty();
    assertThat(result.put()).isEmpty();
    return result.errors();
  }

  // --- the change itself -----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"PATCH", "create", ""})
  void rejectsAnUnknownAction(String action) {
    assertThat(errors(apply(change(action, "x.example.com.", "A", 300L, "10.0.0.1"))))
        .containsExactly(
            new FieldError("changes[0].action", "action must be CREATE, DELETE or UPSERT"));
  }

  @Test
  void rejectsAMissingActionAndRrset() {
    assertThat(errors(apply(new RecordChange(null, (RecordSetSpec) null))))
        .extracting(FieldError::field)
        .containsExactly("changes[0].action", "changes[0].rrset");
  }

  @Test
  void rejectsANullChange() {
    List<RecordChange> changes = Collections.singletonList(null);

    assertThat(errors(ChangeBatch.apply(ZONE, EXISTING, changes, id -> true)))
        .containsExactly(new FieldError("changes[0]", "change is required"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bad..name.example.com",
        "a-label-that-is-far-too-long-to-be-a-dns-label-by-rfc-1035-rules.example.com"
      })
  void rejectsAnInvalidName(String name) {
    assertThat(errors(apply(create(name, "A", "10.0.0.1"))))
        .containsExactly(new FieldError("changes[0].rrset.name", "invalid DNS name"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"www.example.org.", "example.com.evil.", "com.", "notexample.com."})
  void rejectsANameOutsideTheZone(String name) {
    assertThat(errors(apply(create(name, "A", "10.0.0.1"))))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("changes[0].rrset.name");
              assertThat(error.message()).startsWith("name outside the zone");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"DNAME", "TYPE1", "FOO", "ANY"})
  void rejectsAnUnsupportedType(String type) {
    assertThat(errors(apply(create("x.example.com.", type, "10.0.0.1"))))
        .extracting(FieldError::field)
        .containsExactly("changes[0].rrset.type");
  }

  @Test
  void acceptsEverySupportedTypeInPresentationFormat() {
    ChangeBatch.Result result =
        apply(
            create("a.example.com.", "A", "192.0.2.1"),
            create("a.example.com.", "AAAA", "2001:DB8::1"),
            create("c.example.com.", "CNAME", "target.example.net."),
            create("example.com.", "MX", "10 mail.example.com."),
            create("example.com.", "TXT", "\"v=spf1 -all\""),
            create("_sip._tcp.example.com.", "SRV", "0 5 5060 sip.example.com."),
            create("1.2.0.192.example.com.", "PTR", "host.example.com."),
            create("example.com.", "CAA", "0 issue \"amazon.com\""),
            create("sub.example.com.", "NS", "ns1.example.net."),
            create("n.example.com.", "NAPTR", "100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:a@b!\" ."),
            create("example.com.", "SPF", "\"v=spf1 -all\""),
            create("a.example.com.", "SSHFP", "1 1 123456789ABCDEF67890123456789ABCDEF67890"),
            create("_443._tcp.example.com.", "TLSA", "3 1 1 0123456789ABCDEF0123456789ABCDEF"),
            create("s.example.com.", "SVCB", "1 svc.example.com. alpn=h2 port=8443"),
            create("s.example.com.", "HTTPS", "1 . alpn=h2,h3"),
            create(
                "sub.example.com.",
                "DS",
                "12345 8 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE0123456789ABCDEF01234567"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.put()).hasSize(16);
  }

  @Test
  void requiresATtl() {
    assertThat(errors(apply(change("CREATE", "x.example.com.", "A", null, "10.0.0.1"))))
        .containsExactly(new FieldError("changes[0].rrset.ttl", "ttl is required"));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 2_147_483_648L, Long.MAX_VALUE})
  void rejectsATtlOutOfRange(long ttl) {
    assertThat(errors(apply(change("CREATE", "x.example.com.", "A", ttl, "10.0.0.1"))))
        .containsExactly(
            new FieldError("changes[0].rrset.ttl", "ttl must be within 0..2147483647"));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 2_147_483_647L})
  void acceptsTheTtlBounds(long ttl) {
    ChangeBatch.Result result = apply(change("CREATE", "x.example.com.", "A", ttl, "10.0.0.1"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.put()).singleElement().extracting(RecordSet::ttl).isEqualTo(ttl);
  }

  @Test
  void requiresAtLeastOneRecord() {
    assertThat(errors(apply(create("x.example.com.", "A"))))
        .containsExactly(
            new FieldError("changes[0].rrset.records", "at least one record is required"));
  }

  @Test
  void reportsEachRecordThatDoesNotParseAsRdataOfTheType() {
    List<FieldError> errors =
        errors(apply(create("x.example.com.", "A", "10.0.0.1", "10.0.0.256", "10.0.0.3 extra")));

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly("changes[0].rrset.records[1]", "changes[0].rrset.records[2]");
    assertThat(errors.get(0).message()).startsWith("invalid A record: ");
  }

  @Test
  void rejectsBadRdataOfOtherTypes() {
    List<FieldError> errors =
        errors(
            apply(
                create("x.example.com.", "AAAA", "10.0.0.1"),
                create("x.example.com.", "MX", "mail.example.com."),
                create("x.example.com.", "SRV", "0 5 notaport sip.example.com.")));

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly(
            "changes[0].rrset.records[0]",
            "changes[1].rrset.records[0]",
            "changes[2].rrset.records[0]");
  }

  @Test
  void rejectsADuplicateRecord() {
    assertThat(errors(apply(create("x.example.com.", "MX", "10 mail.example.com.", "10 MAIL"))))
        .containsExactly(new FieldError("changes[0].rrset.records[1]", "duplicate record"));
  }

  @Test
  void normalizesNamesAndRecords() {
    ChangeBatch.Result result =
        ChangeBatch.apply(
            "Example.COM",
            EXISTING,
            List.of(
                create("Mail.Example.com", "mx", "10 MX1", "20 mx2.Example.NET."),
                create("bücher.example.com", "AAAA", "2001:DB8:0::1")),
            id -> false);

    assertThat(result.errors()).isEmpty();
    // Relative names in RDATA are relative to the zone origin; names inside RDATA are lower case.
    assertThat(result.put())
        .containsExactly(
            RecordSet.simple(
                "mail.example.com.",
                "MX",
                300,
                List.of("10 mx1.example.com.", "20 mx2.example.net.")),
            RecordSet.simple(
                "xn--bcher-kva.example.com.", "AAAA", 300, List.of("2001:db8:0:0:0:0:0:1")));
  }

  // --- CNAME and SOA -------------------------------------------------------------------------

  @Test
  void aCnameHasExactlyOneRecord() {
    assertThat(errors(apply(create("x.example.com.", "CNAME", "a.example.com.", "b.example.com."))))
        .containsExactly(
            new FieldError(
                "changes[0].rrset.records", "a CNAME record set has exactly one record"));
  }

  @Test
  void rejectsACnameBesideOtherTypes() {
    List<FieldError> errors =
        errors(
            apply(
                create("www.example.com.", "CNAME", "other.example.com."),
                create("alias.example.com.", "TXT", "\"beside a CNAME\"")));

    assertThat(errors)
        .containsExactly(
            new FieldError(
                "changes[0].rrset.type",
                "CNAME cannot coexist with other record types at www.example.com."),
            new FieldError(
                "changes[1].rrset.type",
                "CNAME cannot coexist with other record types at alias.example.com."));
  }

  @Test
  void aCnameMayReplaceOtherTypesInTheSameBatch() {
    ChangeBatch.Result result =
        apply(
            change("DELETE", "www.example.com.", "A", 300L, "10.0.0.1"),
            create("www.example.com.", "CNAME", "other.example.com."));

    assertThat(result.errors()).isEmpty();
    assertThat(result.deleted()).containsExactly(WWW.key());
  }

  @Test
  void rejectsACnameAtTheApex() {
    assertThat(errors(apply(change("UPSERT", "example.com.", "CNAME", 300L, "www.example.com."))))
        .containsExactly(
            new FieldError("changes[0].rrset.type", "CNAME is not allowed at the zone apex"));
  }

  @Test
  void anSoaHasExactlyOneRecordAndOnlyAtTheApex() {
    String soa = "ns-0.isthmus.internal. hostmaster.isthmus.internal. 2 7200 900 1209600 86400";

    assertThat(
            errors(
                apply(
                    change("UPSERT", "example.com.", "SOA", 900L, soa, soa.replace(" 2 ", " 3 ")),
                    change("CREATE", "sub.example.com.", "SOA", 900L, soa))))
        .containsExactly(
            new FieldError("changes[0].rrset.records", "a SOA record set has exactly one record"),
            new FieldError("changes[1].rrset.type", "SOA is only allowed at the zone apex"));
  }

  // --- the apex SOA and NS -----------------------------------------------------------------

  @Test
  void theApexSoaAndNsCanBeUpserted() {
    String soa = "ns-0.isthmus.internal. hostmaster.isthmus.internal. 2 7200 900 1209600 60";
    ChangeBatch.Result result =
        apply(
            change("UPSERT", "example.com.", "SOA", 900L, soa),
            change("UPSERT", "example.com.", "NS", 3600L, "ns-1.isthmus.internal."));

    assertThat(result.errors()).isEmpty();
    assertThat(result.put())
        .extracting(RecordSet::type, RecordSet::records)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SOA", List.of(soa)),
            org.assertj.core.groups.Tuple.tuple("NS", List.of("ns-1.isthmus.internal.")));
  }

  @Test
  void theApexSoaAndNsCannotBeDeletedOrCreatedAgain() {
    RecordSet soa = EXISTING.get(0);
    RecordSet ns = EXISTING.get(1);

    List<FieldError> errors =
        errors(
            apply(
                new RecordChange("DELETE", soa),
                new RecordChange("DELETE", ns),
                new RecordChange("CREATE", ns)));

    assertThat(errors)
        .containsExactly(
            new FieldError(
                "changes[0].action", "the apex SOA and NS record sets cannot be deleted"),
            new FieldError(
                "changes[1].action", "the apex SOA and NS record sets cannot be deleted"),
            new FieldError("changes[2].rrset", "record set already exists"));
  }

  // --- CREATE, DELETE, UPSERT against the state ----------------------------------------------

  @Test
  void createOfAnExistingSetFails() {
    assertThat(errors(apply(create("WWW.example.com", "A", "10.0.0.9"))))
        .containsExactly(new FieldError("changes[0].rrset", "record set already exists"));
  }

  @Test
  void createAddsASet() {
    ChangeBatch.Result result = apply(create("new.example.com.", "A", "10.0.0.7"));

    RecordSet created = RecordSet.simple("new.example.com.", "A", 300, List.of("10.0.0.7"));
    assertThat(result.ok()).isTrue();
    assertThat(result.put()).containsExactly(created);
    assertThat(result.deleted()).isEmpty();
    assertThat(result.recordSets()).containsExactlyElementsOf(append(EXISTING, created));
  }

  @Test
  void deleteOfAMissingSetFails() {
    assertThat(errors(apply(change("DELETE", "nope.example.com.", "A", 300L, "10.0.0.1"))))
        .containsExactly(new FieldError("changes[0].rrset", "record set not found"));
  }

  @ParameterizedTest
  @MethodSource
  void deleteWithDifferentValuesFails(RecordChange delete) {
    assertThat(errors(apply(delete)))
        .containsExactly(
            new FieldError(
                "changes[0].rrset", "ttl and records differ from the stored record set"));
  }

  static Stream<Arguments> deleteWithDifferentValuesFails() {
    return Stream.of(
        Arguments.of(change("DELETE", "www.example.com.", "A", 60L, "10.0.0.1")),
        Arguments.of(change("DELETE", "www.example.com.", "A", 300L, "10.0.0.2")),
        Arguments.of(change("DELETE", "www.example.com.", "A", 300L, "10.0.0.1", "10.0.0.2")));
  }

  @Test
  void deleteMatchesValuesInTheirCanonicalForm() {
    ChangeBatch.Result result = apply(change("DELETE", "Alias.Example.COM", "CNAME", 300L, "WWW"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.deleted()).containsExactly(ALIAS.key());
    assertThat(result.put()).isEmpty();
    assertThat(result.recordSets()).doesNotContain(ALIAS);
  }

  @Test
  void upsertCreatesOrReplaces() {
    ChangeBatch.Result result =
        apply(
            change("UPSERT", "www.example.com.", "A", 60L, "10.0.0.2"),
            change("UPSERT", "new.example.com.", "TXT", 60L, "\"hello\""));

    assertThat(result.errors()).isEmpty();
    assertThat(result.put())
        .containsExactly(
            RecordSet.simple("www.example.com.", "A", 60, List.of("10.0.0.2")),
            RecordSet.simple("new.example.com.", "TXT", 60, List.of("\"hello\"")));
    assertThat(result.recordSets()).hasSize(EXISTING.size() + 1).doesNotContain(WWW);
  }

  @Test
  void upsertOfIdenticalValuesChangesNothing() {
    ChangeBatch.Result result = apply(change("UPSERT", "www.example.com", "A", 300L, "10.0.0.1"));

    assertThat(result.ok()).isTrue();
    assertThat(result.put()).isEmpty();
    assertThat(result.deleted()).isEmpty();
    assertThat(result.recordSets()).isEqualTo(EXISTING);
  }

  @Test
  void deleteThenCreateOfTheSameNameWorksInOneBatch() {
    ChangeBatch.Result result =
        apply(
            change("DELETE", "www.example.com.", "A", 300L, "10.0.0.1"),
            create("www.example.com.", "A", "10.0.0.5", "10.0.0.6"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.deleted()).isEmpty();
    assertThat(result.put())
        .containsExactly(
            RecordSet.simple("www.example.com.", "A", 300, List.of("10.0.0.5", "10.0.0.6")));
  }

  @Test
  void laterChangesSeeEarlierOnes() {
    ChangeBatch.Result result =
        apply(
            create("tmp.example.com.", "A", "10.0.0.1"),
            change("DELETE", "tmp.example.com.", "A", 300L, "10.0.0.1"),
            change("DELETE", "tmp.example.com.", "A", 300L, "10.0.0.1"));

    assertThat(errors(result))
        .containsExactly(new FieldError("changes[2].rrset", "record set not found"));
  }

  // --- health checks (routing policies and aliases: ChangeBatchRoutingTest) --------------------

  @Test
  void reportsAnUnknownHealthCheck() {
    RecordSetSpec rrset = routed(null, null, null, null, null, "hc-missing");

    assertThat(errors(apply(new RecordChange("CREATE", rrset))))
        .containsExactly(new FieldError("changes[0].rrset.healthCheckId", "unknown health check"));
  }

  static RecordSetSpec routed(
      String setIdentifier,
      String failover,
      Integer weight,
      Boolean multiValueAnswer,
      String region,
      String healthCheckId) {
    return new RecordSetSpec(
        "r.example.com.",
        "A",
        60L,
        List.of("10.0.0.1"),
        setIdentifier,
        new RoutingFields(failover, weight, multiValueAnswer, region),
        healthCheckId,
        null);
  }

  // --- the batch as a whole ------------------------------------------------------------------

  @Test
  void rejectsAnEmptyBatch() {
    FieldError expected = new FieldError("changes", "at least one change is required");

    assertThat(errors(ChangeBatch.apply(ZONE, EXISTING, List.of(), id -> true)))
        .containsExactly(expected);
    assertThat(errors(ChangeBatch.apply(ZONE, EXISTING, null, id -> true)))
        .containsExactly(expected);
  }

  @Test
  void acceptsUpToMaxRecordsInOneBatch() {
    assertThat(apply(bigChanges(ChangeBatch.MAX_RECORDS)).errors()).isEmpty();
  }

  @Test
  void rejectsMoreThanMaxRecordsInOneBatch() {
    assertThat(errors(apply(bigChanges(ChangeBatch.MAX_RECORDS + 1))))
        .containsExactly(new FieldError("changes", "more than 1000 records in one batch: 1001"));
  }

  /**
   * A zone file's batch is checked on several threads once it is large: the same record sets in the
   * same order as one checked change by change, its errors in the order of the changes, and no
   * record limit.
   */
  @Test
  void aLargeZoneFileBatchGivesTheSameResultAsOneCheckedInOrder() {
    int size = ChangeBatch.CONCURRENT_CHECKS + 904;
    List<RecordChange> valid = new ArrayList<>();
    List<RecordSet> expected = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String name = "h" + i + ".example.com.";
      String address = "10.1." + i / 256 + "." + i % 256;
      valid.add(change("UPSERT", name, "A", 60L, address));
      expected.add(RecordSet.simple(name, "A", 60L, List.of(address)));
    }
    List<RecordSet> all = new ArrayList<>(EXISTING);
    all.addAll(expected);

    ChangeBatch.Result zoneFile = ChangeBatch.applyZoneFile(ZONE, EXISTING, valid);

    assertThat(zoneFile.errors()).isEmpty();
    assertThat(zoneFile.put()).isEqualTo(expected);
    assertThat(zoneFile.recordSets()).isEqualTo(all);
    assertThat(zoneFile.deleted()).isEmpty();

    List<RecordChange> invalid = new ArrayList<>(valid);
    invalid.set(10, change("UPSERT", "h10.example.com.", "A", 60L, "10.1.0.300"));
    invalid.set(2500, null);
    invalid.set(size - 1, change("UPSERT", "h..example.com.", "A", 60L, "10.1.0.1"));
    invalid.add(change("UPSERT", "h10.example.com.", "CNAME", 60L, "elsewhere.example."));

    assertThat(ChangeBatch.applyZoneFile(ZONE, EXISTING, invalid).errors())
        .extracting(FieldError::field)
        .containsExactly(
            "changes[10].rrset.records[0]",
            "changes[2500]",
            "changes[" + (size - 1) + "].rrset.name",
            "changes[" + size + "].rrset.type");
  }

  /** Changes of 100 records each (the last one shorter), {@code total} records in all. */
  static RecordChange[] bigChanges(int total) {
    List<RecordChange> changes = new ArrayList<>();
    for (int start = 0; start < total; start += 100) {
      String[] records =
          IntStream.range(start, Math.min(total, start + 100))
              .mapToObj(i -> "10.0." + (i / 256) + "." + (i % 256))
              .toArray(String[]::new);
      changes.add(create("big" + start + ".example.com.", "A", records));
    }
    return changes.toArray(RecordChange[]::new);
  }

  @Test
  void listsEveryErrorAtOnce() {
    List<FieldError> errors =
        errors(
            apply(
                create("www.example.org.", "A", "10.0.0.1"),
                create("ok.example.com.", "A", "10.0.0.1"),
                change("CREATE", "ttl.example.com.", "A", -5L, "10.0.0.1"),
                create("bad.example.com.", "A", "not-an-address")));

    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly(
            "changes[0].rrset.name", "changes[2].rrset.ttl", "changes[3].rrset.records[0]");
  }

  @Test
  void isAllOrNothing() {
    ChangeBatch.Result result =
        apply(
            create("ok.example.com.", "A", "10.0.0.1"),
            change("DELETE", "www.example.com.", "A", 300L, "10.0.0.1"),
            create("alias.example.com.", "CNAME", "elsewhere.example.com."));

    // errors() asserts that nothing of the two valid changes shows in the result.
    assertThat(errors(result))
        .containsExactly(new FieldError("changes[2].rrset", "record set already exists"));
  }

  private static List<RecordSet> append(List<RecordSet> sets, RecordSet extra) {
    List<RecordSet> all = new ArrayList<>(sets);
    all.add(extra);
    return all;
  }

  @Test
  void keysOfDeletedSetsAreNormalized() {
    ChangeBatch.Result result = apply(change("DELETE", "WWW.EXAMPLE.COM", "a", 300L, "10.0.0.1"));

    assertThat(result.deleted()).containsExactly(new RecordSetKey("www.example.com.", "A", null));
  }
}
