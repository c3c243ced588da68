package io.isthmus.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetList;
import io.isthmus.config.RoutingFields;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class CompiledZoneTest {

  static final String EXAMPLE =
      """
      $ORIGIN example.com.
      $TTL 300
      @           900 IN SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60
      @        172800 IN NS  ns-0.isthmus.internal.
      @               IN CAA 0 issue "amazon.com"
      www             IN A     10.0.0.1
      www             IN A     10.0.0.2
      alias           IN CNAME www
      mail            IN MX    10 mx1
      txt             IN TXT   "v=spf1 -all" "second string"
      _sip._tcp       IN SRV   0 5 5060 sip
      svc             IN SVCB  1 svc-target alpn=h2 port=8443
      svc             IN HTTPS 1 . alpn=h2,h3
      ptr             IN PTR   host.example.org.
      a.b.c           IN A     10.0.0.3
      sub             IN NS    ns1.elsewhere.net.
      *           600 IN A     10.0.0.9
      *           600 IN TXT   "wild"
      *.wc            IN CNAME www
      explicit.wc     IN A     10.0.0.5
      sub.blocked     IN A     10.0.0.4
      x.*.ent         IN A     10.0.0.6
      """;

  /** SOA TTL below MINIMUM: the negative TTL is the SOA TTL. */
  static final String NOWILD =
      """
      $ORIGIN nowild.test.
      @    30 IN SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 7 7200 900 1209600 86400
      @  3600 IN NS  ns-0.isthmus.internal.
      host 60 IN A   192.0.2.1
      """;

  static final Map<String, CompiledZone> ZONES =
      Map.of(
          "example.com.", compile("example.com.", EXAMPLE),
          "nowild.test.", compile("nowild.test.", NOWILD));

  static CompiledZone compile(String origin, String text) {
    return CompiledZone.compile(
        new HostedZone("Z" + origin, origin, "111111111111", null),
        ZoneFiles.recordSets(origin, text));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # exact name and type: the stored records, in order, owned by the stored name
      example.com. | www.example.com.            | A     | ANSWER www.example.com. 300 A 10.0.0.1, www.example.com. 300 A 10.0.0.2
      example.com. | WwW.ExAmPlE.cOm.            | A     | ANSWER www.example.com. 300 A 10.0.0.1, www.example.com. 300 A 10.0.0.2
      example.com. | example.com.                | SOA   | ANSWER example.com. 900 SOA ns-0.isthmus.internal. hostmaster.isthmus.internal. 1 7200 900 1209600 60
      example.com. | example.com.                | NS    | ANSWER example.com. 172800 NS ns-0.isthmus.internal.
      example.com. | www.example.com.            | ANY   | ANSWER www.example.com. 300 A 10.0.0.1, www.example.com. 300 A 10.0.0.2
      # record types parse from presentation format, relative names against the origin
      example.com. | example.com.                | CAA   | ANSWER example.com. 300 CAA 0 issue "amazon.com"
      example.com. | mail.example.com.           | MX    | ANSWER mail.example.com. 300 MX 10 mx1.example.com.
      example.com. | txt.example.com.            | TXT   | ANSWER txt.example.com. 300 TXT "v=spf1 -all" "second string"
      example.com. | _sip._tcp.example.com.      | SRV   | ANSWER _sip._tcp.example.com. 300 SRV 0 5 5060 sip.example.com.
      example.com. | svc.example.com.            | SVCB  | ANSWER svc.example.com. 300 SVCB 1 svc-target.example.com. alpn=h2 port=8443
      example.com. | svc.example.com.            | HTTPS | ANSWER svc.example.com. 300 HTTPS 1 . alpn=h2,h3
      example.com. | ptr.example.com.            | PTR   | ANSWER ptr.example.com. 300 PTR host.example.org.
      # NODATA: the name exists without the type; negative TTL = min(SOA TTL 900, MINIMUM 60)
      example.com. | www.example.com.            | AAAA  | NODATA example.com. 60
      nowild.test. | host.nowild.test.           | AAAA  | NODATA nowild.test. 30
      # empty non-terminals exist: NODATA, and the apex wildcard does not apply to them
      example.com. | b.c.example.com.            | A     | NODATA example.com. 60
      example.com. | c.example.com.              | A     | NODATA example.com. 60
      example.com. | wc.example.com.             | A     | NODATA example.com. 60
      example.com. | c.example.com.              | ANY   | NODATA example.com. 60
      # NXDOMAIN: negative TTL = min(SOA TTL 30, MINIMUM 86400)
      nowild.test. | missing.nowild.test.        | A     | NXDOMAIN nowild.test. 30
      nowild.test. | x.host.nowild.test.         | A     | NXDOMAIN nowild.test. 30
      # CNAME: for every type but CNAME; a CNAME query gets the CNAME as its answer
      example.com. | alias.example.com.          | A     | CNAME alias.example.com. 300 CNAME www.example.com.
      example.com. | alias.example.com.          | MX    | CNAME alias.example.com. 300 CNAME www.example.com.
      example.com. | alias.example.com.          | CNAME | ANSWER alias.example.com. 300 CNAME www.example.com.
      # NS below the apex is data, not a delegation
      example.com. | sub.example.com.            | NS    | ANSWER sub.example.com. 300 NS ns1.elsewhere.net.
      example.com. | sub.example.com.            | A     | NODATA example.com. 60
      example.com. | host.sub.example.com.       | A     | NXDOMAIN example.com. 60
      # wildcards (RFC 4592): synthesized for missing names, owned by the query name as spelled
      example.com. | nothere.example.com.        | A     | ANSWER nothere.example.com. 600 A 10.0.0.9
      example.com. | NoThere.Example.com.        | A     | ANSWER NoThere.Example.com. 600 A 10.0.0.9
      example.com. | two.labels.example.com.     | TXT   | ANSWER two.labels.example.com. 600 TXT "wild"
      example.com. | nothere.example.com.        | ANY   | ANSWER nothere.example.com. 600 A 10.0.0.9, nothere.example.com. 600 TXT "wild"
      example.com. | nothere.example.com.        | MX    | NODATA example.com. 60
      example.com. | *.example.com.              | A     | ANSWER *.example.com. 600 A 10.0.0.9
      example.com. | foo.wc.example.com.         | A     | CNAME foo.wc.example.com. 300 CNAME www.example.com.
      example.com. | foo.wc.example.com.         | CNAME | ANSWER foo.wc.example.com. 300 CNAME www.example.com.
      # existing names win over the wildcard
      example.com. | explicit.wc.example.com.    | A     | ANSWER explicit.wc.example.com. 300 A 10.0.0.5
      example.com. | www.example.com.            | TXT   | NODATA example.com. 60
      # a closest encloser without its own '*' child blocks wildcards further up (RFC 4592 3.3.1)
      example.com. | x.www.example.com.          | A     | NXDOMAIN example.com. 60
      example.com. | x.blocked.example.com.      | A     | NXDOMAIN example.com. 60
      example.com. | x.b.c.example.com.          | A     | NXDOMAIN example.com. 60
      # an empty non-terminal wildcard answers NODATA (RFC 4592 4.2)
      example.com. | y.ent.example.com.          | A     | NODATA example.com. 60
      example.com. | x.*.ent.example.com.        | A     | ANSWER x.*.ent.example.com. 300 A 10.0.0.6
      """)
  void answers(String zone, String qname, String qtype, String expected) throws Exception {
    ZoneAnswer answer = ZONES.get(zone).answer(Name.fromString(qname), Type.value(qtype));

    assertThat(render(answer)).isEqualTo(expected);
  }

  static String render(ZoneAnswer answer) {
    if (answer instanceof ZoneAnswer.Answer records) {
      return "ANSWER "
          + records.records().stream()
              .map(CompiledZoneTest::line)
              .collect(Collectors.joining(", "));
    }
    if (answer instanceof ZoneAnswer.Cname cname) {
      return "CNAME " + line(cname.cname());
    }
    if (answer instanceof ZoneAnswer.NoData noData) {
      return "NODATA " + noData.soa().getName() + " " + noData.soa().getTTL();
    }
    ZoneAnswer.NxDomain nxDomain = (ZoneAnswer.NxDomain) answer;
    return "NXDOMAIN " + nxDomain.soa().getName() + " " + nxDomain.soa().getTTL();
  }

  static String line(Record record) {
    return record.getName()
        + " "
        + record.getTTL()
        + " "
        + Type.string(record.getType())
        + " "
        + record.rdataToString();
  }

  @Test
  void negativeAnswersCarryTheWholeSoaWithTheLoweredTtl() throws Exception {
    CompiledZone zone = ZONES.get("example.com.");

    ZoneAnswer.NxDomain nx =
        (ZoneAnswer.NxDomain) zone.answer(Name.fromString("x.www.example.com."), Type.A);

    assertThat(nx.soa()).isEqualTo(zone.soa());
    assertThat(nx.soa().getMinimum()).isEqualTo(60);
    assertThat(zone.soa().getTTL()).isEqualTo(900);
  }

  @Test
  void existingNamesAreAnsweredWithoutAllocatingNewAnswers() throws Exception {
    CompiledZone zone = ZONES.get("example.com.");

    ZoneAnswer first = zone.answer(Name.fromString("www.example.com."), Type.A);
    ZoneAnswer second = zone.answer(Name.fromString("WWW.example.com."), Type.A);

    assertThat(second).isSameAs(first);
    assertThat(zone.answer(Name.fromString("www.example.com."), Type.AAAA))
        .isSameAs(zone.answer(Name.fromString("c.example.com."), Type.A));
  }

  @Test
  void exposesIdOriginAndSoa() throws Exception {
    CompiledZone zone = ZONES.get("nowild.test.");

    assertThat(zone.id()).isEqualTo("Znowild.test.");
    assertThat(zone.origin()).isEqualTo(Name.fromString("nowild.test."));
    assertThat(zone.soa().getSerial()).isEqualTo(7);
    assertThat(zone.soa().getTTL()).isEqualTo(30);
  }

  @Test
  void compilesTheApexDefaultsOfANewZone() throws Exception {
    CompiledZone zone =
        CompiledZone.compile(
            new HostedZone("Z1", "new.example.", "111111111111", null),
            ApexRecords.defaults("new.example"));

    assertThat(render(zone.answer(Name.fromString("new.example."), Type.NS)))
        .isEqualTo("ANSWER new.example. 172800 NS ns-0.isthmus.internal.");
    assertThat(render(zone.answer(Name.fromString("x.new.example."), Type.A)))
        .isEqualTo("NXDOMAIN new.example. 900");
  }

  @Test
  void rejectsAQueryOutsideTheZone() {
    CompiledZone zone = ZONES.get("nowild.test.");

    assertThatThrownBy(() -> zone.answer(Name.fromString("host.other.test."), Type.A))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsDataThatCannotBeParsed() {
    List<RecordSet> sets = ApexRecords.defaults("bad.test.");
    List<RecordSet> badA =
        append(sets, RecordSet.simple("www.bad.test.", "A", 60, List.of("10.0.0.256")));

    assertThatThrownBy(() -> compileBad(badA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.256");
  }

  @Test
  void rejectsAZoneWithoutSoa() {
    List<RecordSet> onlyNs = List.of(ApexRecords.defaults("bad.test.").get(1));

    assertThatThrownBy(() -> compileBad(onlyNs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SOA");
  }

  @Test
  void rejectsARecordSetOutsideTheZone() {
    List<RecordSet> sets =
        append(
            ApexRecords.defaults("bad.test."),
            RecordSet.simple("www.other.test.", "A", 60, List.of("10.0.0.1")));

    assertThatThrownBy(() -> compileBad(sets)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compilingSharingKeepsTheRecordSetsAsTheNodesOfNamesWithOneSimpleSet() throws Exception {
    RecordSetList stored = RecordSetList.of(ZoneFiles.recordSets("example.com.", EXAMPLE));

    CompiledZone.Compiled compiled =
        CompiledZone.compileSharing(
            new HostedZone("Zexample.com.", "example.com.", "111111111111", null),
            stored,
            checkId -> HealthSignal.ALWAYS_HEALTHY);

    assertThat(compiled.recordSets()).isEqualTo(stored);
    Map<String, Long> setsPerName =
        stored.stream().collect(Collectors.groupingBy(RecordSet::name, Collectors.counting()));
    int compact = 0;
    for (int i = 0; i < stored.size(); i++) {
      RecordSet set = stored.get(i);
      // A compact form gives a new, equal set on each read; a kept set is the stored object.
      boolean held = compiled.recordSets().get(i) == set;
      boolean single = setsPerName.get(set.name()) == 1 && !set.type().equals("CNAME");
      assertThat(held).as(set.toString()).isEqualTo(!single);
      compact += single ? 1 : 0;
    }
    assertThat(compact).isGreaterThan(5);
    for (String qname : List.of("www.example.com.", "nothere.example.com.", "a.b.c.example.com.")) {
      for (int qtype : new int[] {Type.A, Type.ANY, Type.TXT}) {
        Name name = Name.fromString(qname);
        assertThat(render(compiled.zone().answer(name, qtype)))
            .isEqualTo(render(ZONES.get("example.com.").answer(name, qtype)));
      }
    }
  }

  @Test
  void rejectsLatencyRouting() {
    // Latency routing has no RoutingPolicy: stored data asking for it never reaches a zone.
    assertThatThrownBy(
            () ->
                compileBad(
                    append(
                        ApexRecords.defaults("bad.test."),
                        RecordSet.routed(
                            "www.bad.test.",
                            "A",
                            60L,
                            List.of("10.0.0.1"),
                            "one",
                            new RoutingFields(null, null, null, "eu-west-1").toPolicy(),
                            null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency routing is not supported");
  }

  private static CompiledZone compileBad(List<RecordSet> sets) {
    return CompiledZone.compile(new HostedZone("Z", "bad.test.", "111111111111", null), sets);
  }

  private static List<RecordSet> append(List<RecordSet> sets, RecordSet extra) {
    return java.util.stream.Stream.concat(sets.stream(), java.util.stream.Stream.of(extra))
        .toList();
  }
}
