package io.isthmus.server.dns;

import static io.isthmus.server.dns.WireFixtures.CLIENT;
import static io.isthmus.server.dns.WireFixtures.LISTENER;
import static io.isthmus.server.dns.WireFixtures.NODE_ID;
import static io.isthmus.server.dns.WireFixtures.addr;
import static io.isthmus.server.dns.WireFixtures.answer;
import static io.isthmus.server.dns.WireFixtures.fixed;
import static io.isthmus.server.dns.WireFixtures.name;
import static io.isthmus.server.dns.WireFixtures.oneA;
import static io.isthmus.server.dns.WireFixtures.parse;
import static io.isthmus.server.dns.WireFixtures.query;
import static io.isthmus.server.dns.WireFixtures.truncated;
import static io.isthmus.server.dns.WireFixtures.wire;
import static io.isthmus.server.dns.WireFixtures.withOpt;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.route.Resolution;
import io.isthmus.route.RouteKind;
import io.isthmus.server.query.QueryObserver;
import io.isthmus.server.query.Transport;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The pipeline's write stage with RRL: which answers count together (BIND's tuples), what a slip
 * looks like on the wire, and that TCP is never limited.
 */
class RateLimitedPipelineTest {

  private long now = 5_000_000_000L;

  /** One response a second per tuple; slip as given; the clock stands still. */
  private QueryPipeline pipeline(QueryResolver resolver, int slip) {
    RateLimitOptions options = new RateLimitOptions(1, 1, 1, 1, slip, 15, 24, 56, 64, false);
    return new QueryPipeline(
        NODE_ID,
        resolver,
        QueryObserver.NONE,
        Clock.systemUTC(),
        System::nanoTime,
        new ResponseRateLimiter(options, address -> false, () -> now));
  }

  private static byte[] udp(QueryPipeline pipeline, String qname, int qtype) {
    return answer(pipeline, wire(query(qname, qtype)), CLIENT, LISTENER, Transport.UDP);
  }

  @Test
  void aLimitedPositiveAnswerSlipsThenDrops() {
    QueryPipeline pipeline = pipeline(oneA(), 2);
    Message full = parse(udp(pipeline, "www.example.com.", Type.A));
    assertThat(full.getSection(Section.ANSWER)).hasSize(1);

    byte[] query = wire(withOpt(query("wWw.example.com.", Type.A), 1232));
    byte[] slipped = answer(pipeline, query, CLIENT, LISTENER, Transport.UDP);
    Message slip = parse(slipped);
    assertThat(truncated(slip)).isTrue();
    assertThat(slip.getHeader().getID()).isEqualTo(parse(query).getHeader().getID());
    assertThat(slip.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(slip.getQuestion().getName().toString()).isEqualTo("wWw.example.com.");
    assertThat(slip.getSection(Section.ANSWER)).isEmpty();
    assertThat(slip.getSection(Section.ADDITIONAL)).isEmpty();
    // No bigger than the query without its OPT: nothing to amplify.
    assertThat(slipped.length).isLessThan(query.length);

    assertThat(udp(pipeline, "www.example.com.", Type.A)).isNull();
  }

  @Test
  void otherNamesAndOtherClientsKeepTheirAnswers() {
    QueryPipeline pipeline = pipeline(oneA(), 0);
    udp(pipeline, "www.example.com.", Type.A);
    assertThat(udp(pipeline, "www.example.com.", Type.A)).isNull();
    assertThat(udp(pipeline, "api.example.com.", Type.A)).isNotNull();
    byte[] elsewhere =
        answer(
            pipeline,
            wire(query("www.example.com.", Type.A)),
            new java.net.InetSocketAddress(addr("10.0.1.9"), 5353),
            LISTENER,
            Transport.UDP);
    assertThat(parse(elsewhere).getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void tcpIsNeverLimited() {
    QueryPipeline pipeline = pipeline(oneA(), 1);
    for (int i = 0; i < 20; i++) {
      byte[] response =
          answer(
              pipeline, wire(query("www.example.com.", Type.A)), CLIENT, LISTENER, Transport.TCP);
      assertThat(parse(response).getSection(Section.ANSWER)).hasSize(1);
    }
  }

  @Test
  void nxdomainsCountPerZoneWhateverTheName() {
    QueryPipeline pipeline = pipeline(fixed(negative(Rcode.NXDOMAIN)), 0);
    assertThat(udp(pipeline, "a.zone.example.", Type.A)).isNotNull();
    assertThat(udp(pipeline, "b.zone.example.", Type.A)).isNull();
    assertThat(udp(pipeline, "c.zone.example.", Type.AAAA)).isNull();
  }

  @Test
  void nodataCountsPerZoneApartFromNxdomain() {
    Resolution nodata = negative(Rcode.NOERROR);
    Resolution nx = negative(Rcode.NXDOMAIN);
    QueryPipeline pipeline =
        pipeline(
            (source, local, qname, qtype) ->
                CompletableFuture.completedFuture(qtype == Type.AAAA ? nodata : nx),
            0);
    assertThat(udp(pipeline, "a.zone.example.", Type.AAAA)).isNotNull();
    assertThat(udp(pipeline, "b.zone.example.", Type.AAAA)).isNull();
    assertThat(parse(udp(pipeline, "a.zone.example.", Type.A)).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void withoutAnSoaTheQueryNameIsTheZone() {
    Resolution bareNx =
        Resolution.vpcFailure(Rcode.NXDOMAIN, List.of(), -1, null, RouteKind.FORWARD, "r", "v");
    QueryPipeline pipeline = pipeline(fixed(bareNx), 0);
    assertThat(udp(pipeline, "a.zone.example.", Type.A)).isNotNull();
    assertThat(udp(pipeline, "a.zone.example.", Type.A)).isNull();
    assertThat(udp(pipeline, "b.zone.example.", Type.A)).isNotNull();
  }

  @Test
  void errorsCountTogetherAndAreDroppedNotSlipped() {
    Resolution refused = Resolution.failure(Rcode.REFUSED, 18, null, null);
    QueryPipeline pipeline = pipeline(fixed(refused), 1);
    assertThat(parse(udp(pipeline, "a.example.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(udp(pipeline, "b.example.", Type.MX)).isNull();
  }

  @Test
  void wireLayerErrorsAreLimitedToo() {
    // NOTIMP for a NOTIFY, answered before any resolver: an error like any other.
    QueryPipeline pipeline = pipeline(oneA(), 0);
    Message notify = query("example.com.", Type.SOA);
    notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
    assertThat(answer(pipeline, wire(notify), CLIENT, LISTENER, Transport.UDP)).isNotNull();
    assertThat(answer(pipeline, wire(notify), CLIENT, LISTENER, Transport.UDP)).isNull();
  }

  @Test
  void aSlipWithoutAQuestionIsAHeader() {
    byte[] formerr = new byte[12];
    formerr[0] = 0x12;
    formerr[1] = 0x34;
    formerr[2] = (byte) 0x80;
    formerr[3] = Rcode.FORMERR;
    formerr[7] = 1;
    byte[] slip = Slip.of(formerr);
    assertThat(slip).hasSize(12);
    assertThat(slip[2]).isEqualTo((byte) 0x82);
    assertThat(slip[3]).isEqualTo((byte) Rcode.FORMERR);
    assertThat(Arrays.copyOfRange(slip, 4, 12)).containsOnly(0);
  }

  @Test
  void aSlipOfACutQuestionKeepsOnlyTheHeader() {
    byte[] cut = Arrays.copyOf(wire(query("www.example.com.", Type.A)), 20);
    cut[2] = (byte) 0x80;
    byte[] slip = Slip.of(cut);
    assertThat(slip).hasSize(12);
    assertThat(slip[5]).isZero();
  }

  private static Resolution negative(int rcode) {
    Record soa =
        new SOARecord(
            name("zone.example."),
            DClass.IN,
            900,
            name("ns.zone.example."),
            name("hostmaster.zone.example."),
            1,
            7200,
            900,
            1209600,
            86400);
    return Resolution.local(
        rcode, List.of(), List.of(soa), null, null, RouteKind.HOSTED_ZONE, "Z1", "vpc-1");
  }
}
