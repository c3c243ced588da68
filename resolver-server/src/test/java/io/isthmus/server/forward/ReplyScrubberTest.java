package io.isthmus.server.forward;

import static io.isthmus.server.forward.ForwardCacheTest.name;
import static io.isthmus.server.forward.ForwardCacheTest.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.isthmus.server.forward.ScrubbedReply.Ending;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The scrubber, table by table: what it keeps of an upstream reply for one question and bailiwick,
 * and what it drops (unrelated records, poisoned sections, out-of-bailiwick chains, DNAME, loops).
 */
class ReplyScrubberTest {

  private static final String SOA_EXAMPLE =
      "example.com. 3600 IN SOA ns1.example.com. h.example.com. 1 2 3 4 300";

  /**
   * One reply and what must survive it. Sections are zone-file lines; expected records are written
   * "owner TYPE rdata".
   */
  record Case(
      String description,
      String qname,
      int qtype,
      String bailiwick,
      int rcode,
      List<String> answer,
      List<String> authority,
      List<String> additional,
      int expectedRcode,
      List<String> expectedAnswer,
      List<String> expectedAuthority,
      List<String> expectedAdditional,
      Ending ending,
      String continueAt) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Case> answerCases() {
    return Stream.of(
        new Case(
            "a clean answer is kept whole",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of("www.example.com. 300 IN A 192.0.2.1", "www.example.com. 300 IN A 192.0.2.2"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1", "www.example.com. A 192.0.2.2"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "an unrelated answer record is dropped",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of("www.example.com. 300 IN A 192.0.2.1", "bank.example.net. 86400 IN A 6.6.6.6"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "another type at the question name is dropped",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN AAAA 2001:db8::1", "www.example.com. 300 IN A 192.0.2.1"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a record of another class is dropped",
            "www.example.com.",
            Type.TXT,
            ".",
            Rcode.NOERROR,
            List.of("www.example.com. 300 CH TXT \"chaos\"", "www.example.com. 300 IN TXT \"in\""),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. TXT \"in\""),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "RRSIGs are dropped: we never ask for DNSSEC records",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN A 192.0.2.1",
                "www.example.com. 300 IN RRSIG A 8 3 300 20300101000000 20200101000000 1 example.com. AAAA"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "case differs (0x20): same names",
            "WwW.ExAmPlE.CoM.",
            Type.A,
            "EXAMPLE.com.",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN CNAME Web.Example.com.",
                "WEB.example.COM. 300 IN A 192.0.2.9"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. CNAME Web.Example.com.", "WEB.example.COM. A 192.0.2.9"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a chain inside the bailiwick is kept, in chain order",
            "www.example.com.",
            Type.A,
            "example.com.",
            Rcode.NOERROR,
            List.of(
                "web.example.com. 300 IN A 192.0.2.3",
                "www.example.com. 300 IN CNAME edge.example.com.",
                "edge.example.com. 300 IN CNAME web.example.com."),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of(
                "www.example.com. CNAME edge.example.com.",
                "edge.example.com. CNAME web.example.com.",
                "web.example.com. A 192.0.2.3"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a CNAME out of the bailiwick ends the upstream's say: its target's records dropped",
            "www.corp.example.",
            Type.A,
            "corp.example.",
            Rcode.NXDOMAIN,
            List.of(
                "www.corp.example. 300 IN CNAME login.bank.example.",
                "login.bank.example. 86400 IN A 6.6.6.6"),
            List.of("bank.example. 300 IN SOA ns.bank.example. h.bank.example. 1 2 3 4 300"),
            List.of("ns.bank.example. 300 IN A 6.6.6.6"),
            Rcode.NOERROR,
            List.of("www.corp.example. CNAME login.bank.example."),
            List.of(),
            List.of(),
            Ending.LEFT_BAILIWICK,
            "login.bank.example."),
        new Case(
            "default resolution: every name is in bailiwick",
            "www.corp.example.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "www.corp.example. 300 IN CNAME login.bank.example.",
                "login.bank.example. 300 IN A 192.0.2.7"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of(
                "www.corp.example. CNAME login.bank.example.", "login.bank.example. A 192.0.2.7"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a second CNAME at one name is dropped (RFC 2181 §10.1)",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN CNAME a.example.com.",
                "www.example.com. 300 IN CNAME b.example.com.",
                "a.example.com. 300 IN A 192.0.2.1",
                "b.example.com. 300 IN A 192.0.2.2"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. CNAME a.example.com.", "a.example.com. A 192.0.2.1"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a CNAME wins over other data at its name (RFC 1034 §4.3.2)",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN A 6.6.6.6",
                "www.example.com. 300 IN CNAME a.example.com.",
                "a.example.com. 300 IN A 192.0.2.1"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. CNAME a.example.com.", "a.example.com. A 192.0.2.1"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a CNAME loop ends the chain: SERVFAIL",
            "a.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "a.example.com. 300 IN CNAME b.example.com.",
                "b.example.com. 300 IN CNAME a.example.com."),
            List.of(),
            List.of(),
            Rcode.SERVFAIL,
            List.of("a.example.com. CNAME b.example.com.", "b.example.com. CNAME a.example.com."),
            List.of(),
            List.of(),
            Ending.LOOP,
            null),
        new Case(
            "a CNAME to itself is a loop",
            "a.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of("a.example.com. 300 IN CNAME A.example.com."),
            List.of(),
            List.of(),
            Rcode.SERVFAIL,
            List.of("a.example.com. CNAME A.example.com."),
            List.of(),
            List.of(),
            Ending.LOOP,
            null),
        new Case(
            "8 CNAMEs are followed",
            "c0.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            chainLines(8, true),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            chainShown(8, true),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a 9th CNAME is too many: SERVFAIL",
            "c0.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            chainLines(9, true),
            List.of(),
            List.of(),
            Rcode.SERVFAIL,
            chainShown(9, false),
            List.of(),
            List.of(),
            Ending.TOO_LONG,
            null),
        new Case(
            "a CNAME query gets the CNAME only, not followed",
            "www.example.com.",
            Type.CNAME,
            "example.com.",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN CNAME evil.example.net.",
                "evil.example.net. 300 IN A 6.6.6.6"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. CNAME evil.example.net."),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "ANY keeps what the question name owns, nothing else",
            "www.example.com.",
            Type.ANY,
            ".",
            Rcode.NOERROR,
            List.of(
                "www.example.com. 300 IN A 192.0.2.1",
                "www.example.com. 300 IN TXT \"t\"",
                "other.example.com. 300 IN A 6.6.6.6"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1", "www.example.com. TXT \"t\""),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "REFUSED keeps no records at all",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.REFUSED,
            List.of("www.example.com. 300 IN A 6.6.6.6"),
            List.of(SOA_EXAMPLE),
            List.of(),
            Rcode.REFUSED,
            List.of(),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "SERVFAIL keeps no records at all",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.SERVFAIL,
            List.of("www.example.com. 300 IN A 6.6.6.6"),
            List.of(),
            List.of(),
            Rcode.SERVFAIL,
            List.of(),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null));
  }

  static Stream<Case> dnameCases() {
    return Stream.of(
        new Case(
            "DNAME: kept, its CNAME made here, the chain goes on",
            "www.old.example.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "old.example. 300 IN DNAME new.example.",
                "www.old.example. 0 IN CNAME www.new.example.",
                "www.new.example. 300 IN A 192.0.2.5"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of(
                "old.example. DNAME new.example.",
                "www.old.example. CNAME www.new.example.",
                "www.new.example. A 192.0.2.5"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "DNAME: a CNAME that contradicts it is replaced by the synthesized one",
            "www.old.example.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "old.example. 300 IN DNAME new.example.",
                "www.old.example. 300 IN CNAME evil.example.",
                "evil.example. 300 IN A 6.6.6.6",
                "www.new.example. 300 IN A 192.0.2.5"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of(
                "old.example. DNAME new.example.",
                "www.old.example. CNAME www.new.example.",
                "www.new.example. A 192.0.2.5"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "DNAME without the CNAME (older servers): synthesized",
            "www.old.example.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "old.example. 300 IN DNAME new.example.", "www.new.example. 300 IN A 192.0.2.5"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of(
                "old.example. DNAME new.example.",
                "www.old.example. CNAME www.new.example.",
                "www.new.example. A 192.0.2.5"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "DNAME owned outside the bailiwick is dropped, not applied",
            "www.old.example.",
            Type.A,
            "www.old.example.",
            Rcode.NOERROR,
            List.of(
                "old.example. 300 IN DNAME evil.example.", "www.old.example. 300 IN A 192.0.2.5"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.old.example. A 192.0.2.5"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "DNAME into another domain leaves the bailiwick",
            "www.old.corp.example.",
            Type.A,
            "corp.example.",
            Rcode.NOERROR,
            List.of(
                "old.corp.example. 300 IN DNAME bank.example.",
                "www.old.corp.example. 300 IN CNAME www.bank.example.",
                "www.bank.example. 300 IN A 6.6.6.6"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of(
                "old.corp.example. DNAME bank.example.",
                "www.old.corp.example. CNAME www.bank.example."),
            List.of(),
            List.of(),
            Ending.LEFT_BAILIWICK,
            "www.bank.example."),
        new Case(
            "a DNAME query at the DNAME's owner gets the DNAME as data",
            "old.example.",
            Type.DNAME,
            ".",
            Rcode.NOERROR,
            List.of("old.example. 300 IN DNAME new.example."),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("old.example. DNAME new.example."),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a DNAME of an unrelated name is dropped",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of(
                "example.net. 300 IN DNAME evil.example.", "www.example.com. 300 IN A 192.0.2.1"),
            List.of(),
            List.of(),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1"),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null));
  }

  static Stream<Case> authorityCases() {
    return Stream.of(
        new Case(
            "NXDOMAIN keeps the SOA of the name's zone",
            "nx.example.com.",
            Type.A,
            "example.com.",
            Rcode.NXDOMAIN,
            List.of(),
            List.of(SOA_EXAMPLE),
            List.of(),
            Rcode.NXDOMAIN,
            List.of(),
            List.of("example.com. SOA ns1.example.com. h.example.com. 1 2 3 4 300"),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a foreign SOA in a negative answer is dropped, the zone's kept",
            "nx.example.com.",
            Type.A,
            ".",
            Rcode.NXDOMAIN,
            List.of(),
            List.of(
                "attacker.example. 86400 IN SOA ns.attacker.example. h.attacker.example. 1 2 3 4 86400",
                SOA_EXAMPLE),
            List.of(),
            Rcode.NXDOMAIN,
            List.of(),
            List.of("example.com. SOA ns1.example.com. h.example.com. 1 2 3 4 300"),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "an SOA of an ancestor outside the bailiwick is dropped",
            "nx.corp.example.",
            Type.A,
            "corp.example.",
            Rcode.NXDOMAIN,
            List.of(),
            List.of("example. 3600 IN SOA ns.example. h.example. 1 2 3 4 300"),
            List.of(),
            Rcode.NXDOMAIN,
            List.of(),
            List.of(),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "NODATA keeps the SOA",
            "www.example.com.",
            Type.AAAA,
            ".",
            Rcode.NOERROR,
            List.of(),
            List.of(SOA_EXAMPLE, "example.com. 300 IN NS ns1.example.com."),
            List.of("ns1.example.com. 300 IN A 192.0.2.53"),
            Rcode.NOERROR,
            List.of(),
            List.of("example.com. SOA ns1.example.com. h.example.com. 1 2 3 4 300"),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "NXDOMAIN at the end of a chain keeps the SOA of the last name's zone",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NXDOMAIN,
            List.of("www.example.com. 300 IN CNAME gone.example.org."),
            List.of(
                SOA_EXAMPLE, "example.org. 300 IN SOA ns.example.org. h.example.org. 1 2 3 4 60"),
            List.of(),
            Rcode.NXDOMAIN,
            List.of("www.example.com. CNAME gone.example.org."),
            List.of("example.org. SOA ns.example.org. h.example.org. 1 2 3 4 60"),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a positive answer keeps the zone's NS and their glue; foreign NS and glue dropped",
            "www.example.com.",
            Type.A,
            ".",
            Rcode.NOERROR,
            List.of("www.example.com. 300 IN A 192.0.2.1"),
            List.of(
                "example.com. 300 IN NS ns1.example.com.",
                "attacker.example. 86400 IN NS ns.attacker.example.",
                "other.example.com. 300 IN NS ns.other.example.com.",
                SOA_EXAMPLE),
            List.of(
                "ns1.example.com. 300 IN A 192.0.2.53",
                "ns.attacker.example. 86400 IN A 6.6.6.6",
                "bank.example.net. 86400 IN A 6.6.6.6",
                "ns1.example.com. 300 IN TXT \"not glue\""),
            Rcode.NOERROR,
            List.of("www.example.com. A 192.0.2.1"),
            List.of("example.com. NS ns1.example.com."),
            List.of("ns1.example.com. A 192.0.2.53"),
            Ending.COMPLETE,
            null),
        new Case(
            "NS of a parent outside the bailiwick are dropped with their glue",
            "www.corp.example.",
            Type.A,
            "corp.example.",
            Rcode.NOERROR,
            List.of("www.corp.example. 300 IN A 10.0.0.1"),
            List.of("example. 300 IN NS ns.example.", "corp.example. 300 IN NS ns.corp.example."),
            List.of("ns.example. 300 IN A 6.6.6.6", "ns.corp.example. 300 IN A 10.0.0.53"),
            Rcode.NOERROR,
            List.of("www.corp.example. A 10.0.0.1"),
            List.of("corp.example. NS ns.corp.example."),
            List.of("ns.corp.example. A 10.0.0.53"),
            Ending.COMPLETE,
            null),
        new Case(
            "glue outside the bailiwick is dropped even for a kept NS",
            "www.corp.example.",
            Type.A,
            "corp.example.",
            Rcode.NOERROR,
            List.of("www.corp.example. 300 IN A 10.0.0.1"),
            List.of("corp.example. 300 IN NS ns.elsewhere.example."),
            List.of("ns.elsewhere.example. 300 IN A 6.6.6.6"),
            Rcode.NOERROR,
            List.of("www.corp.example. A 10.0.0.1"),
            List.of("corp.example. NS ns.elsewhere.example."),
            List.of(),
            Ending.COMPLETE,
            null),
        new Case(
            "a chain that left the bailiwick keeps no authority",
            "www.corp.example.",
            Type.A,
            "corp.example.",
            Rcode.NOERROR,
            List.of("www.corp.example. 300 IN CNAME www.bank.example."),
            List.of("corp.example. 300 IN NS ns.corp.example."),
            List.of("ns.corp.example. 300 IN A 10.0.0.53"),
            Rcode.NOERROR,
            List.of("www.corp.example. CNAME www.bank.example."),
            List.of(),
            List.of(),
            Ending.LEFT_BAILIWICK,
            "www.bank.example."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"answerCases", "dnameCases", "authorityCases"})
  void keepsOnlyWhatTheUpstreamMaySay(Case c) {
    Message reply =
        reply(c.qname(), c.qtype(), c.rcode(), c.answer(), c.authority(), c.additional());

    ScrubbedReply scrubbed =
        ReplyScrubber.scrub(reply, name(c.qname()), c.qtype(), DClass.IN, name(c.bailiwick()));

    assertThat(scrubbed.rcode()).as("rcode").isEqualTo(c.expectedRcode());
    assertThat(shown(scrubbed.answer())).as("answer").containsExactlyElementsOf(c.expectedAnswer());
    assertThat(shown(scrubbed.authority()))
        .as("authority")
        .containsExactlyElementsOf(c.expectedAuthority());
    assertThat(shown(scrubbed.additional()))
        .as("additional")
        .containsExactlyElementsOf(c.expectedAdditional());
    assertThat(scrubbed.ending()).as("ending").isEqualTo(c.ending());
    assertThat(scrubbed.continueAt())
        .as("continue at")
        .isEqualTo(c.continueAt() == null ? null : name(c.continueAt()));
    int received = c.answer().size() + c.authority().size() + c.additional().size();
    long keptFromReply =
        Stream.of(scrubbed.answer(), scrubbed.authority(), scrubbed.additional())
            .flatMap(List::stream)
            .filter(kept -> !isSynthesized(kept, reply))
            .count();
    assertThat(scrubbed.dropped()).as("dropped").isEqualTo(received - (int) keptFromReply);
  }

  @Test
  void aCleanReplyKeepsTheMessagesOwnRecords() {
    Message reply =
        reply(
            "www.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of("www.example.com. 300 IN A 192.0.2.1"),
            List.of("example.com. 300 IN NS ns1.example.com."),
            List.of());

    ScrubbedReply scrubbed =
        ReplyScrubber.scrub(reply, name("www.example.com."), Type.A, DClass.IN, Name.root);

    assertThat(scrubbed.answer().get(0)).isSameAs(reply.getSection(Section.ANSWER).get(0));
    assertThat(scrubbed.authority().get(0)).isSameAs(reply.getSection(Section.AUTHORITY).get(0));
    assertThat(scrubbed.dropped()).isZero();
  }

  @Test
  void theSynthesizedCnameTakesTheDnamesTtlAndTheQuestionsCase() {
    Message reply =
        reply(
            "WWW.Old.Example.",
            Type.A,
            Rcode.NOERROR,
            List.of("old.example. 120 IN DNAME new.example."),
            List.of(),
            List.of());

    ScrubbedReply scrubbed =
        ReplyScrubber.scrub(reply, name("WWW.Old.Example."), Type.A, DClass.IN, Name.root);

    CNAMERecord cname = (CNAMERecord) scrubbed.answer().get(1);
    assertThat(cname.getTTL()).isEqualTo(120);
    assertThat(cname.getName().toString()).isEqualTo("WWW.Old.Example.");
    assertThat(cname.getTarget()).isEqualTo(name("www.new.example."));
    assertThat(scrubbed.ending()).isEqualTo(Ending.COMPLETE);
  }

  @Test
  void aDnameWithATtlOverTheMaximumSynthesizesACnameWithTtlZero() throws Exception {
    Record dname = record("old.example. 300 IN DNAME new.example.");
    byte[] wire = dname.toWire(Section.ANSWER);
    int ttlAt = dname.getName().length() + 4;
    for (int i = 0; i < 4; i++) {
      wire[ttlAt + i] = (byte) 0xFF;
    }
    Message reply =
        reply("www.old.example.", Type.A, Rcode.NOERROR, List.of(), List.of(), List.of());
    reply.addRecord(Record.fromWire(wire, Section.ANSWER), Section.ANSWER);

    ScrubbedReply scrubbed =
        ReplyScrubber.scrub(reply, name("www.old.example."), Type.A, DClass.IN, Name.root);

    assertThat(scrubbed.answer().get(0).getTTL()).as("as received").isEqualTo(0xFFFFFFFFL);
    assertThat(scrubbed.answer().get(1).getTTL()).isZero();
    assertThat(shown(scrubbed.answer())).contains("www.old.example. CNAME www.new.example.");
  }

  @Test
  void aDnameWhoseSubstitutionIsTooLongEndsTheChain() {
    // Four 60-octet labels under "d." make 247 octets; with a 60-octet label more once the DNAME
    // substitutes "d.", 308: too long (RFC 6672 §2.2, YXDOMAIN), so no CNAME is made.
    String label = "a".repeat(60);
    String qname = label + "." + label + "." + label + "." + label + ".d.";
    Message reply =
        reply(
            qname,
            Type.A,
            Rcode.NOERROR,
            List.of("d. 300 IN DNAME " + label + ".x."),
            List.of(),
            List.of());

    ScrubbedReply scrubbed = ReplyScrubber.scrub(reply, name(qname), Type.A, DClass.IN, Name.root);

    assertThat(shown(scrubbed.answer())).containsExactly("d. DNAME " + label + ".x.");
    assertThat(scrubbed.ending()).isEqualTo(Ending.COMPLETE);
  }

  @Test
  void upstreamExtendedErrorsArePassedUpToThree() {
    Message reply =
        reply("www.example.com.", Type.A, Rcode.NOERROR, List.of(), List.of(), List.of());
    List<org.xbill.DNS.EDNSOption> options = new ArrayList<>();
    for (int code = 1; code <= 5; code++) {
      options.add(new ExtendedErrorCodeOption(code, "upstream " + code));
    }
    reply.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);

    ScrubbedReply scrubbed =
        ReplyScrubber.scrub(reply, name("www.example.com."), Type.A, DClass.IN, Name.root);

    assertThat(scrubbed.upstreamErrors())
        .extracting(ExtendedErrorCodeOption::getErrorCode)
        .containsExactly(1, 2, 3);
    assertThat(scrubbed.upstreamErrors().get(0).getText()).isEqualTo("upstream 1");
    assertThat(scrubbed.dropped()).as("the OPT record is not a dropped record").isZero();
  }

  @Test
  void aReplyWithoutOptHasNoUpstreamErrors() {
    Message reply =
        reply("www.example.com.", Type.A, Rcode.REFUSED, List.of(), List.of(), List.of());
    assertThat(
            ReplyScrubber.scrub(reply, name("www.example.com."), Type.A, DClass.IN, Name.root)
                .upstreamErrors())
        .isEmpty();
  }

  /**
   * Random record soups over a handful of names: the scrubber never throws, and everything it keeps
   * in the answer is on the chain from the question name.
   */
  @Test
  void randomRepliesNeverThrowAndKeepOnlyTheChain() {
    Random random = new Random(20261210);
    Name[] names = {
      name("q.example.com."),
      name("a.example.com."),
      name("b.example.com."),
      name("example.com."),
      name("x.example.net."),
      name("example.net."),
      name("."),
    };
    int[] types = {Type.A, Type.CNAME, Type.DNAME, Type.NS, Type.SOA, Type.TXT};
    int[] sections = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};
    for (int i = 0; i < 5_000; i++) {
      Message reply = new Message(1);
      reply.getHeader().setFlag(Flags.QR);
      reply.getHeader().setRcode(random.nextInt(6));
      reply.addRecord(Record.newRecord(names[0], Type.A, DClass.IN), Section.QUESTION);
      int count = random.nextInt(12);
      for (int r = 0; r < count; r++) {
        Name owner = names[random.nextInt(names.length)];
        Name target = names[random.nextInt(names.length)];
        int dclass = random.nextInt(8) == 0 ? DClass.CH : DClass.IN;
        Record record =
            switch (types[random.nextInt(types.length)]) {
              case Type.CNAME -> new CNAMERecord(owner, dclass, 60, target);
              case Type.DNAME -> new DNAMERecord(owner, dclass, 60, target);
              case Type.NS -> new NSRecord(owner, dclass, 60, target);
              case Type.SOA -> new SOARecord(owner, dclass, 60, target, target, 1, 2, 3, 4, 5);
              case Type.TXT -> new TXTRecord(owner, dclass, 60, "t");
              default -> new ARecord(owner, dclass, 60, new byte[] {10, 0, 0, (byte) r});
            };
        reply.addRecord(record, sections[random.nextInt(sections.length)]);
      }
      Name bailiwick = random.nextBoolean() ? Name.root : names[3];
      ScrubbedReply[] scrubbed = new ScrubbedReply[1];
      assertThatCode(
              () ->
                  scrubbed[0] = ReplyScrubber.scrub(reply, names[0], Type.A, DClass.IN, bailiwick))
          .doesNotThrowAnyException();
      assertOnTheChain(scrubbed[0], names[0], bailiwick);
    }
  }

  /** Every answer record is owned by the question name or a CNAME target before it, in class. */
  static void assertOnTheChain(ScrubbedReply scrubbed, Name qname, Name bailiwick) {
    List<Name> chain = new ArrayList<>(List.of(qname));
    for (Record record : scrubbed.answer()) {
      assertThat(record.getDClass()).isEqualTo(DClass.IN);
      if (record instanceof DNAMERecord) {
        assertThat(chain.get(chain.size() - 1).subdomain(record.getName())).isTrue();
        assertThat(record.getName().subdomain(bailiwick)).isTrue();
        continue;
      }
      assertThat(chain).as("owner of %s on the chain", record).contains(record.getName());
      if (record instanceof CNAMERecord cname) {
        chain.add(cname.getTarget());
      } else {
        assertThat(record.getType()).isEqualTo(Type.A);
        assertThat(record.getName().subdomain(bailiwick)).isTrue();
      }
    }
    for (Record record : scrubbed.authority()) {
      assertThat(record.getName().subdomain(bailiwick)).isTrue();
      assertThat(record.getType()).isIn(Type.SOA, Type.NS);
    }
  }

  private static boolean isSynthesized(Record kept, Message reply) {
    return Arrays.stream(new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL})
        .mapToObj(reply::getSection)
        .flatMap(List::stream)
        .noneMatch(r -> r == kept);
  }

  static Message reply(
      String qname,
      int qtype,
      int rcode,
      List<String> answer,
      List<String> authority,
      List<String> additional) {
    Message reply = new Message(4242);
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setRcode(rcode);
    reply.addRecord(Record.newRecord(name(qname), qtype, DClass.IN), Section.QUESTION);
    answer.forEach(line -> reply.addRecord(record(line), Section.ANSWER));
    authority.forEach(line -> reply.addRecord(record(line), Section.AUTHORITY));
    additional.forEach(line -> reply.addRecord(record(line), Section.ADDITIONAL));
    return reply;
  }

  static List<String> shown(List<Record> records) {
    return records.stream()
        .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .toList();
  }

  /** c0 → c1 → … → c{n} CNAMEs, then an A at the last name when {@code withAddress}. */
  private static List<String> chainLines(int cnames, boolean withAddress) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < cnames; i++) {
      lines.add("c" + i + ".example.com. 300 IN CNAME c" + (i + 1) + ".example.com.");
    }
    if (withAddress) {
      lines.add("c" + cnames + ".example.com. 300 IN A 192.0.2.1");
    }
    return lines;
  }

  private static List<String> chainShown(int cnames, boolean withAddress) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < cnames; i++) {
      shown.add("c" + i + ".example.com. CNAME c" + (i + 1) + ".example.com.");
    }
    if (withAddress) {
      shown.add("c" + cnames + ".example.com. A 192.0.2.1");
    }
    return shown;
  }
}
