package io.isthmus.zone.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.RecordSet;
import io.isthmus.zone.ApexRecords;
import io.isthmus.zone.ChangeBatch;
import io.isthmus.zone.RecordChange;
import io.isthmus.zone.RecordSetSpec;
import io.isthmus.zone.file.ZoneImport.Mode;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Name;

/**
 * Random zones, as a change batch stores them, survive export then import unchanged: into an empty
 * zone with replace, the same record sets; into the zone itself with merge, no change at all.
 */
class MasterFileRoundTripProperties {
  private static final String ZONE = "example.com.";

  @Property(tries = 200)
  void exportThenImportGivesTheSameRecordSets(@ForAll("zones") List<RecordSet> zone)
      throws IOException {
    StringBuilder text = new StringBuilder();
    MasterFileWriter.write(ZONE, zone, text);
    MasterFile file =
        MasterFileReader.read(
            new StringReader(text.toString()), Name.fromConstantString(ZONE), 1_000_000);
    assertThat(file.errors()).as(text.toString()).isEmpty();

    ZoneImport.Result fresh = ZoneImport.plan(ZONE, ApexRecords.defaults(ZONE), file, Mode.REPLACE);
    assertThat(fresh.errors()).as(text.toString()).isEmpty();
    assertThat(new HashSet<>(fresh.batch().recordSets())).isEqualTo(withDefaultApex(zone));

    ZoneImport.Result same = ZoneImport.plan(ZONE, zone, file, Mode.MERGE);
    assertThat(same.errors()).isEmpty();
    assertThat(same.batch().put()).isEmpty();
    assertThat(same.batch().deleted()).isEmpty();

    StringBuilder again = new StringBuilder();
    MasterFileWriter.write(ZONE, fresh.batch().recordSets(), again);
    assertThat(again.toString()).isEqualTo(text.toString());
  }

  /** The import ignores the file's apex SOA and NS: the fresh zone keeps its defaults. */
  private static Set<RecordSet> withDefaultApex(List<RecordSet> zone) {
    Set<RecordSet> expected = new HashSet<>(ApexRecords.defaults(ZONE));
    zone.stream()
        .filter(
            rrset ->
                !(rrset.name().equals(ZONE)
                    && (rrset.type().equals("SOA") || rrset.type().equals("NS"))))
        .forEach(expected::add);
    return expected;
  }

  @Provide
  Arbitrary<List<RecordSet>> zones() {
    return specs()
        .list()
        .ofMaxSize(12)
        .map(
            list -> {
              // One set per name and type; a CNAME owner holds nothing else.
              Map<String, RecordSetSpec> unique = new LinkedHashMap<>();
              Set<String> cnames = new HashSet<>();
              Set<String> others = new HashSet<>();
              for (RecordSetSpec spec : list) {
                boolean cname = spec.type().equals("CNAME");
                boolean conflict =
                    cname
                        ? others.contains(spec.name()) || spec.name().equals(ZONE)
                        : cnames.contains(spec.name());
                if (!conflict) {
                  (cname ? cnames : others).add(spec.name());
                  unique.putIfAbsent(spec.name() + " " + spec.type(), spec);
                }
              }
              List<RecordChange> changes = new ArrayList<>();
              unique.values().forEach(spec -> changes.add(new RecordChange("UPSERT", spec)));
              return changes;
            })
        .filter(changes -> !changes.isEmpty())
        .map(changes -> ChangeBatch.apply(ZONE, ApexRecords.defaults(ZONE), changes, id -> false))
        .map(
            result -> {
              if (!result.ok()) {
                throw new IllegalStateException("generated an invalid zone: " + result.errors());
              }
              return result.recordSets();
            });
  }

  private Arbitrary<RecordSetSpec> specs() {
    Arbitrary<String> name =
        Arbitraries.oneOf(
            Arbitraries.just("@"),
            Arbitraries.of("www", "a.b", "_sip._tcp", "*", "x-1", "\\@", "\\$x", "sp\\032ace"));
    Arbitrary<Long> ttl = Arbitraries.longs().between(0, Integer.MAX_VALUE);
    return Combinators.combine(name, ttl, rdata())
        .as(
            (owner, seconds, typed) ->
                new RecordSetSpec(
                    owner.equals("@") ? ZONE : owner + "." + ZONE,
                    typed.type(),
                    seconds,
                    typed.records(),
                    null,
                    null,
                    null,
                    null));
  }

  private record Typed(String type, List<String> records) {}

  private Arbitrary<Typed> rdata() {
    Arbitrary<String> ipv4 =
        Arbitraries.integers().between(0, 255).list().ofSize(4).map(ParseHelp::dotted);
    Arbitrary<String> text =
        Arbitraries.integers()
            .between(0, 255)
            .list()
            .ofMaxSize(20)
            .map(ParseHelp::quoted)
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(parts -> String.join(" ", parts));
    Arbitrary<String> host = Arbitraries.of("mail", "ns1.other.org.", "x.y", "@");
    return Arbitraries.oneOf(
        ipv4.list().ofMinSize(1).ofMaxSize(3).uniqueElements().map(r -> new Typed("A", r)),
        Arbitraries.of("2001:db8::1", "::1", "fe80::1:2")
            .list()
            .ofMinSize(1)
            .uniqueElements()
            .map(r -> new Typed("AAAA", r)),
        text.list().ofMinSize(1).ofMaxSize(2).uniqueElements().map(r -> new Typed("TXT", r)),
        text.map(r -> new Typed("SPF", List.of(r))),
        host.map(h -> new Typed("CNAME", List.of(h))),
        host.map(h -> new Typed("MX", List.of("10 " + h))),
        host.map(h -> new Typed("PTR", List.of(h))),
        host.map(h -> new Typed("SRV", List.of("0 5 5060 " + h))),
        Arbitraries.just(new Typed("CAA", List.of("0 issue \"ca.example.net\""))),
        Arbitraries.just(
            new Typed("SSHFP", List.of("1 1 123456789ABCDEF67890123456789ABCDEF67890"))),
        Arbitraries.just(
            new Typed(
                "TLSA",
                List.of("3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"))),
        Arbitraries.just(
            new Typed("DS", List.of("60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"))),
        Arbitraries.just(
            new Typed("NAPTR", List.of("100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com."))),
        Arbitraries.just(new Typed("SVCB", List.of("1 svc.example.com. alpn=h2,h3 port=8443"))),
        Arbitraries.just(new Typed("HTTPS", List.of("1 . alpn=h2 ipv4hint=192.0.2.1"))));
  }

  /** Presentation helpers for the generated RDATA. */
  private static final class ParseHelp {
    static String dotted(List<Integer> octets) {
      return octets.get(0) + "." + octets.get(1) + "." + octets.get(2) + "." + octets.get(3);
    }

    /** A character string with every octet written as \DDD (RFC 1035 section 5.1). */
    static String quoted(List<Integer> octets) {
      StringBuilder out = new StringBuilder("\"");
      octets.forEach(b -> out.append(String.format("\\%03d", b)));
      return out.append('"').toString();
    }
  }
}
