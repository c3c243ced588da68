package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.CLIENT;
import static io.isthmus.server.dns.WireFixtures.LISTENER;
import static io.isthmus.server.dns.WireFixtures.NODE_ID;
import static io.isthmus.server.dns.WireFixtures.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.Transport;
import io.isthmus.zone.WireSection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The byte-copying fast path must produce the same message as rendering with dnsjava: same header
 * flags, RCODE, question (case as sent), records, OPT and options; and it must never be used where
 * dnsjava would truncate.
 */
class PrerenderedResponseProperties {

  @Property(tries = 400)
  void fastPathEqualsRenderedMessage(
      @ForAll("names") String qname,
      @ForAll("answerCounts") int answers,
      @ForAll boolean negative,
      @ForAll boolean edns,
      @ForAll boolean nsid,
      @ForAll boolean rd,
      @ForAll boolean tcp)
      throws Exception {
    Name name = Name.fromString(qname);
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < answers; i++) {
      records.add(
          i % 2 == 0
              ? new ARecord(
                  name,
                  DClass.IN,
                  60,
                  java.net.InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i}))
              : new TXTRecord(name, DClass.IN, 60, "text " + "x".repeat((i * 7) % 240)));
    }
    SOARecord soa =
        new SOARecord(
            Name.fromString("zone.example."),
            DClass.IN,
            60,
            Name.fromString("ns-0.isthmus.internal."),
            Name.fromString("hostmaster.isthmus.internal."),
            1,
            7200,
            900,
            1209600,
            60);
    List<Record> answer = negative ? List.of() : records;
    List<Record> authority = negative ? List.of(soa) : List.of();
    int rcode = negative && answers % 2 == 0 ? Rcode.NXDOMAIN : Rcode.NOERROR;
    Resolution plain =
        Resolution.local(rcode, answer, authority, null, null, RouteKind.HOSTED_ZONE, "Z", "vpc");
    Resolution prerendered =
        Resolution.local(
            rcode,
            answer,
            authority,
            negative ? null : WireSection.ownedByQuestion(answer),
            negative ? WireSection.withOwners(authority) : null,
            RouteKind.HOSTED_ZONE,
            "Z",
            "vpc");

    Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
    if (!rd) {
      query.getHeader().unsetFlag(Flags.RD);
    }
    if (edns) {
      List<EDNSOption> options =
          nsid ? List.of(new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0])) : List.of();
      query.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
    }
    byte[] wire = query.toWire();
    Transport transport = tcp ? Transport.TCP : Transport.UDP;

    byte[] slow = answer(pipeline(plain), wire, CLIENT, LISTENER, transport);
    byte[] fast = answer(pipeline(prerendered), wire, CLIENT, LISTENER, transport);

    Message slowMessage = new Message(slow);
    Message fastMessage = new Message(fast);
    // Equal up to name compression: dnsjava compresses the SOA owner into the question name (and
    // so takes its case), the fast path writes it in full; the message size differs accordingly.
    assertThat(comparable(fastMessage)).isEqualTo(comparable(slowMessage));
    assertThat(fastMessage.getQuestion().getName().toString()).isEqualTo(qname);
    if (slowMessage.getHeader().getFlag(Flags.TC)) {
      // Too large: the fast path stepped aside and dnsjava truncated.
      assertThat(fast).isEqualTo(slow);
    }
  }

  private static String comparable(Message message) {
    return message.toString().replaceAll(";; Message size: \\d+ bytes", "").toLowerCase();
  }

  private static QueryPipeline pipeline(Resolution resolution) {
    return new QueryPipeline(
        NODE_ID, (s, l, q, t) -> CompletableFuture.completedFuture(resolution));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of(
        "Host1.Zone.Example.", "host1.zone.example.", "wWw.ZONE.example.", "a.b.c.d.zone.example.");
  }

  @Provide
  Arbitrary<Integer> answerCounts() {
    return Arbitraries.integers().between(1, 40);
  }
}
