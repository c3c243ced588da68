package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.CLIENT;
import static io.isthmus.server.dns.WireFixtures.LISTENER;
import static io.isthmus.server.dns.WireFixtures.NODE_ID;
import static io.isthmus.server.dns.WireFixtures.answer;
import static io.isthmus.server.dns.WireFixtures.nsidRequest;
import static io.isthmus.server.dns.WireFixtures.oneA;
import static io.isthmus.server.dns.WireFixtures.parse;
import static io.isthmus.server.dns.WireFixtures.query;
import static io.isthmus.server.dns.WireFixtures.truncated;
import static io.isthmus.server.dns.WireFixtures.txtRecords;
import static io.isthmus.server.dns.WireFixtures.wire;
import static io.isthmus.server.dns.WireFixtures.withOpt;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.server.query.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryPipelineProperties {

  private final QueryPipeline pipeline = new QueryPipeline(NODE_ID, oneA());

  /** Anything that comes back is a parseable response to the same ID; nothing is thrown. */
  private void assertAnsweredOrDropped(byte[] query, Transport transport) {
    byte[] response = answer(pipeline, query, CLIENT, LISTENER, transport);
    if (response != null) {
      Message r = parse(response);
      assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(r.getHeader().getID()).isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
      assertThat(response.length).isLessThanOrEqualTo(Truncation.MAX_MESSAGE);
    }
  }

  @Property(tries = 2000)
  void randomBytesNeverThrow(@ForAll @Size(max = 700) byte[] garbage, @ForAll Transport transport) {
    assertAnsweredOrDropped(garbage, transport);
    assertThat(pipeline.internalErrors()).isZero();
  }

  /** Garbage behind a plausible header reaches the deeper stages (names, OPT, records). */
  @Property(tries = 2000)
  void garbageBehindAPlausibleHeaderNeverThrows(
      @ForAll @IntRange(max = 3) int qd,
      @ForAll @IntRange(max = 3) int ar,
      @ForAll @Size(max = 300) byte[] body,
      @ForAll Transport transport) {
    byte[] query = new byte[12 + body.length];
    query[0] = 0x12;
    query[1] = 0x34;
    query[2] = 0x01;
    query[5] = (byte) qd;
    query[11] = (byte) ar;
    System.arraycopy(body, 0, query, 12, body.length);
    assertAnsweredOrDropped(query, transport);
    assertThat(pipeline.internalErrors()).isZero();
  }

  /** Mutating single bytes of a valid EDNS query explores near-valid messages. */
  @Property(tries = 2000)
  void mutatedQueriesNeverThrow(
      @ForAll @IntRange(max = 60) int position, @ForAll byte value, @ForAll Transport transport) {
    byte[] query = wire(withOpt(query("www.example.com.", Type.A), 1232, nsidRequest()));
    query[position % query.length] = value;
    assertAnsweredOrDropped(query, transport);
    assertThat(pipeline.internalErrors()).isZero();
  }

  @Property(tries = 300)
  void aValidQueryIsAnsweredAfterGarbage(@ForAll @Size(min = 1, max = 20) List<byte[]> garbage) {
    garbage.forEach(g -> answer(pipeline, g, CLIENT, LISTENER, Transport.UDP));
    Message r =
        parse(
            answer(
                pipeline,
                wire(query("Www.Example.com.", Type.A)),
                CLIENT,
                LISTENER,
                Transport.UDP));
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getHeader().getID()).isEqualTo(0x1234);
    assertThat(r.getQuestion().getName().toString()).isEqualTo("Www.Example.com.");
    assertThat(r.getSection(Section.ANSWER)).singleElement().isInstanceOf(ARecord.class);
  }

  /**
   * TC is set exactly when the full response (the TCP answer is the oracle) is larger than the UDP
   * limit; a truncated response fits the limit and still parses, with its OPT.
   */
  @Property(tries = 500)
  void truncatedExactlyWhenTooLarge(
      @ForAll("recordLengths") List<Integer> lengths, @ForAll("payloadSizes") int payload) {
    QueryPipeline p =
        new QueryPipeline(
            NODE_ID,
            (source, local, qname, qtype) ->
                CompletableFuture.completedFuture(txtRecords(qname, lengths)));
    Message q = query("big.example.", Type.TXT);
    if (payload >= 0) {
      withOpt(q, payload);
    }
    byte[] full = answer(p, wire(q), CLIENT, LISTENER, Transport.TCP);
    byte[] udp = answer(p, wire(q), CLIENT, LISTENER, Transport.UDP);
    int limit = payload < 0 ? 512 : Math.max(512, payload);

    Message r = parse(udp);
    assertThat(truncated(r)).isEqualTo(full.length > limit);
    assertThat(udp.length).isLessThanOrEqualTo(limit);
    if (!truncated(r)) {
      assertThat(udp).isEqualTo(full);
    }
    assertThat(r.getOPT() != null).isEqualTo(payload >= 0);
    for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
      assertThat(r.getSection(section)).hasSize(r.getHeader().getCount(section));
    }
  }

  @Provide
  Arbitrary<List<Integer>> recordLengths() {
    return Arbitraries.integers().between(1, 250).list().ofMaxSize(40);
  }

  /** -1 means no EDNS; sizes below 512 must act as 512. */
  @Provide
  Arbitrary<Integer> payloadSizes() {
    return Arbitraries.oneOf(
        Arbitraries.just(-1),
        Arbitraries.integers().between(0, 511),
        Arbitraries.integers().between(512, 4096),
        Arbitraries.integers().between(4097, 65535));
  }
}
