package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * {@link CompiledZone} agrees with dnsjava's {@link Zone#findRecords} on random zones and queries,
 * except where dnsjava itself deviates from RFC 4592; those cases are asserted against the RFC
 * directly or, where that would mean writing the algorithm a second time, left out, each with the
 * reason next to it. The statistics printed per run show how often each case came up.
 */
class CompiledZoneProperties {
  static final String ORIGIN = "example.com.";
  static final Name ORIGIN_NAME = Name.fromConstantString(ORIGIN);
  static final HostedZone ZONE = new HostedZone("Z1", ORIGIN, "111111111111", null);
  static final int[] QTYPES = {Type.A, Type.AAAA, Type.TXT, Type.CNAME, Type.MX, Type.ANY};

  /**
   * A query: labels below the origin, type, and a bit mask choosing which letters to upper-case.
   */
  record Query(List<String> labels, int type, long caseMask) {
    Name name() {
      StringBuilder text = new StringBuilder();
      labels.forEach(label -> text.append(label).append('.'));
      text.append(ORIGIN);
      for (int i = 0; i < text.length(); i++) {
        if ((caseMask >>> (i % 64) & 1) == 1) {
          text.setCharAt(i, Character.toUpperCase(text.charAt(i)));
        }
      }
      return Name.fromConstantString(text.toString());
    }
  }

  @Property(tries = 2000)
  void answersAgreeWithDnsjavaZone(
      @ForAll("zones") List<RecordSet> recordSets, @ForAll("queries") Query query)
      throws IOException {
    // Fails the property if the generators stop producing the cases that matter.
    Statistics.label("case")
        .coverage(
            coverage -> {
              for (String kind :
                  List.of("exact answer", "exact CNAME", "wildcard answer", "NODATA", "NXDOMAIN")) {
                coverage.check(kind).percentage(p -> p >= 1);
              }
            });
    CompiledZone compiled = CompiledZone.compile(ZONE, recordSets);
    Zone oracle = new Zone(ORIGIN_NAME, toRecords(recordSets));
    Model model = new Model(recordSets);
    Name qname = query.name();
    int qtype = query.type();

    ZoneAnswer actual = compiled.answer(qname, qtype);
    SetResponse expected = oracle.findRecords(qname, qtype);

    if (model.isEmptyNonTerminal(qname)) {
      // dnsjava's Zone has no empty non-terminals: it answers NXDOMAIN (or from a wildcard).
      // RFC 4592 section 2.2.2 and RFC 8020: the name exists, so the answer is NODATA.
      Statistics.label("case").collect("empty non-terminal (dnsjava diverges)");
      assertThat(actual)
          .isInstanceOfSatisfying(
              ZoneAnswer.NoData.class,
              noData -> assertThat(noData.soa()).isEqualTo(compiled.soa()));
      return;
    }
    if (!model.exists(qname)) {
      Name source = model.sourceOfSynthesis(qname);
      if (model.exists(source) && !model.hasType(source, qtype)) {
        // dnsjava only synthesizes from a wildcard that holds the query type, and otherwise tries
        // wildcards further up. RFC 4592 section 3.3.1 answers from this source alone: NODATA, its
        // CNAME, or everything for ANY - never NXDOMAIN. Left out beyond that check.
        Statistics.label("case").collect("wildcard without the type (dnsjava diverges)");
        assertThat(actual).isNotInstanceOf(ZoneAnswer.NxDomain.class);
        return;
      }
      if (!model.exists(source) && expected.isSuccessful()) {
        // dnsjava ignores the closest encloser and answers from a wildcard higher up, which RFC
        // 4592 section 3.3.1 says the closest encloser blocks.
        Statistics.label("case").collect("blocked wildcard (dnsjava diverges)");
        assertThat(actual).isInstanceOf(ZoneAnswer.NxDomain.class);
        return;
      }
    }

    Statistics.label("case").collect(kind(expected, model.exists(qname)));
    assertAgrees(actual, expected, qname, compiled);
  }

  private static String kind(SetResponse response, boolean exists) {
    String where = exists ? "exact " : "wildcard ";
    if (response.isSuccessful()) {
      return where + "answer";
    }
    if (response.isCNAME()) {
      return where + "CNAME";
    }
    return response.isNXRRSET() ? "NODATA" : "NXDOMAIN";
  }

  private static void assertAgrees(
      ZoneAnswer actual, SetResponse expected, Name qname, CompiledZone compiled) {
    if (expected.isSuccessful()) {
      assertThat(actual).isInstanceOf(ZoneAnswer.Answer.class);
      List<Record> records = ((ZoneAnswer.Answer) actual).records();
      // Owned by the query name; dnsjava leaves wildcard answers owned by "*", so compare RDATA.
      assertThat(records).allSatisfy(record -> assertThat(record.getName()).isEqualTo(qname));
      List<Record> oracleRecords = new ArrayList<>();
      expected.answers().forEach(rrset -> oracleRecords.addAll(rrset.rrs()));
      assertThat(rendered(records)).isEqualTo(rendered(oracleRecords));
    } else if (expected.isCNAME()) {
      assertThat(actual).isInstanceOf(ZoneAnswer.Cname.class);
      CNAMERecord cname = ((ZoneAnswer.Cname) actual).cname();
      assertThat(cname.getName()).isEqualTo(qname);
      assertThat(cname.getTarget()).isEqualTo(expected.getCNAME().getTarget());
      assertThat(cname.getTTL()).isEqualTo(expected.getCNAME().getTTL());
    } else if (expected.isNXRRSET()) {
      assertThat(actual)
          .isInstanceOfSatisfying(
              ZoneAnswer.NoData.class,
              noData -> assertThat(noData.soa()).isEqualTo(compiled.soa()));
    } else {
      assertThat(expected.isNXDOMAIN()).as(expected.toString()).isTrue();
      assertThat(actual)
          .isInstanceOfSatisfying(
              ZoneAnswer.NxDomain.class, nx -> assertThat(nx.soa()).isEqualTo(compiled.soa()));
    }
    if (actual instanceof ZoneAnswer.NoData || actual instanceof ZoneAnswer.NxDomain) {
      assertThat(negativeSoaTtl(actual)).isEqualTo(60);
    }
  }

  private static long negativeSoaTtl(ZoneAnswer answer) {
    return answer instanceof ZoneAnswer.NoData noData
        ? noData.soa().getTTL()
        : ((ZoneAnswer.NxDomain) answer).soa().getTTL();
  }

  /** Type, TTL and RDATA of each record, sorted: RRset order is not significant. */
  private static List<String> rendered(List<Record> records) {
    return records.stream()
        .map(r -> Type.string(r.getType()) + " " + r.getTTL() + " " + r.rdataToString())
        .sorted()
        .toList();
  }

  private static Record[] toRecords(List<RecordSet> recordSets) throws IOException {
    List<Record> records = new ArrayList<>();
    for (RecordSet rrset : recordSets) {
      Name owner = Name.fromString(rrset.name());
      for (String rdata : rrset.records()) {
        records.add(
            Record.fromString(
                owner, Type.value(rrset.type()), DClass.IN, rrset.ttl(), rdata, ORIGIN_NAME));
      }
    }
    return records.toArray(Record[]::new);
  }

  /** The zone's names, worked out by brute force: owners, and every ancestor up to the origin. */
  static final class Model {
    private final Map<Name, Set<Integer>> types = new HashMap<>();
    private final Set<Name> existing = new HashSet<>();

    Model(List<RecordSet> recordSets) {
      for (RecordSet rrset : recordSets) {
        Name owner = Name.fromConstantString(rrset.name());
        types.computeIfAbsent(owner, n -> new HashSet<>()).add(Type.value(rrset.type()));
        for (Name name = owner; name.subdomain(ORIGIN_NAME); name = new Name(name, 1)) {
          existing.add(name);
        }
      }
    }

    boolean exists(Name name) {
      return existing.contains(name);
    }

    boolean isEmptyNonTerminal(Name name) {
      return existing.contains(name) && !types.containsKey(name);
    }

    boolean hasType(Name name, int type) {
      return types.getOrDefault(name, Set.of()).contains(type);
    }

    /** "*." + the closest encloser, the longest existing ancestor (RFC 4592 section 3.3.1). */
    Name sourceOfSynthesis(Name qname) {
      Name encloser = new Name(qname, 1);
      while (!existing.contains(encloser)) {
        encloser = new Name(encloser, 1);
      }
      return Name.fromConstantString("*." + encloser);
    }
  }

  // --- generators ------------------------------------------------------------------------------

  /**
   * Zones with owners one to three labels below the origin, drawn from few labels so that names
   * share ancestors (empty non-terminals) and "*" appears both as a wildcard and inside names. Each
   * owner holds a CNAME or some of A, AAAA and TXT (never both, as {@link ChangeBatch} ensures).
   */
  @Provide
  Arbitrary<List<RecordSet>> zones() {
    Arbitrary<String> name =
        Arbitraries.of("a", "b", "c", "*")
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(labels -> String.join(".", labels) + "." + ORIGIN);
    Arbitrary<List<RecordSet>> owner = name.flatMap(CompiledZoneProperties::ownerData);
    return owner
        .list()
        .ofMaxSize(10)
        .map(
            owners -> {
              Map<String, List<RecordSet>> byName = new LinkedHashMap<>();
              owners.forEach(sets -> byName.putIfAbsent(sets.get(0).name(), sets));
              List<RecordSet> zone = new ArrayList<>(apex());
              byName.values().forEach(zone::addAll);
              return zone;
            });
  }

  /** SOA TTL 300 and MINIMUM 60, so a negative answer's TTL is 60. */
  private static List<RecordSet> apex() {
    return List.of(
        RecordSet.simple(
            ORIGIN,
            "SOA",
            300,
            List.of("ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60")),
        RecordSet.simple(ORIGIN, "NS", 300, List.of("ns-0.isthmus.internal.")));
  }

  private static Arbitrary<List<RecordSet>> ownerData(String name) {
    Arbitrary<List<RecordSet>> cname =
        rrset(
                name,
                "CNAME",
                Arbitraries.of("a.example.com.", "www.example.net.", "b.example.com.")
                    .set()
                    .ofSize(1))
            .map(List::of);
    Arbitrary<List<RecordSet>> data =
        Arbitraries.subsetOf("A", "AAAA", "TXT")
            .ofMinSize(1)
            .flatMap(
                types ->
                    Combinators.combine(
                            types.stream().sorted().map(type -> rrset(name, type)).toList())
                        .as(List::copyOf));
    return Arbitraries.frequencyOf(Tuple.of(1, cname), Tuple.of(4, data));
  }

  private static Arbitrary<RecordSet> rrset(String name, String type) {
    Arbitrary<Integer> n = Arbitraries.integers().between(1, 20);
    Arbitrary<String> rdata =
        switch (type) {
          case "A" -> n.map(i -> "192.0.2." + i);
          case "AAAA" -> n.map(i -> "2001:db8:0:0:0:0:0:" + Integer.toHexString(i));
          default -> n.map(i -> "\"text " + i + "\"");
        };
    return rrset(name, type, rdata.set().ofMinSize(1).ofMaxSize(3));
  }

  private static Arbitrary<RecordSet> rrset(
      String name, String type, Arbitrary<Set<String>> rdata) {
    return Combinators.combine(Arbitraries.longs().between(0, 86_400), rdata)
        .as((ttl, records) -> RecordSet.simple(name, type, ttl, List.copyOf(records)));
  }

  /** Query names from the zone's labels plus "d" (never an owner), zero to four labels deep. */
  @Provide
  Arbitrary<Query> queries() {
    Arbitrary<List<String>> labels = Arbitraries.of("a", "b", "c", "d", "*").list().ofMaxSize(4);
    Arbitrary<Integer> type =
        Arbitraries.of(QTYPES[0], QTYPES[1], QTYPES[2], QTYPES[3], QTYPES[4], QTYPES[5]);
    return Combinators.combine(labels, type, Arbitraries.longs()).as(Query::new);
  }

  @Property(tries = 200)
  void everyNameOfTheZoneAnswersWithItsOwnRecordSets(@ForAll("zones") List<RecordSet> recordSets) {
    CompiledZone compiled = CompiledZone.compile(ZONE, recordSets);

    for (RecordSet rrset : recordSets) {
      Name owner = Name.fromConstantString(rrset.name().toUpperCase(Locale.ROOT));
      ZoneAnswer answer = compiled.answer(owner, Type.value(rrset.type()));

      assertThat(answer).isInstanceOf(ZoneAnswer.Answer.class);
      assertThat(((ZoneAnswer.Answer) answer).records().stream().map(Record::rdataToString))
          .containsExactlyElementsOf(rrset.records());
      assertThat(
              ((ZoneAnswer.Answer) answer)
                  .records().stream().map(Record::getTTL).collect(Collectors.toSet()))
          .containsExactly(rrset.ttl());
    }
  }
}
